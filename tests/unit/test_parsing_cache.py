"""The parse phase with the fact cache and worker processes: same results, fewer parses."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint import workers
from archlint.cache.facts import FactCache
from archlint.cache.store import Store
from archlint.discovery import RepoReader
from archlint.domain.facts import Fact, NodeKind, ParseResult
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.planner import Dispatch
from archlint.parsing import parse_all


class Counting:
    """A file parser that counts its calls; ``boom`` in a file is a parser bug."""

    name = "counting"
    version = "1"
    selector = Selector(suffixes=(".txt",))

    def __init__(self) -> None:
        self.calls = 0

    def parse(self, source: SourceFile) -> ParseResult:
        self.calls += 1
        if "boom" in source.text:
            raise RuntimeError("kaboom")
        attrs = {"path": source.path, "size": len(source.text)}
        return ParseResult(
            facts=(Fact(f"t:{source.path}", NodeKind.MANIFEST, source.loc(), attrs),)
        )


def _repo(root: Path, n: int) -> list[str]:
    for i in range(n):
        (root / f"f{i:03}.txt").write_text(f"file {i}\n" + "x" * i)
    return sorted(p.name for p in root.iterdir())


def _parse(root: Path, paths: list[str], parser: Counting, **kw: object) -> list[ParseResult]:
    return parse_all(
        paths, RepoReader(root), Dispatch({parser.name: parser}), max_bytes=10**6, **kw
    )  # type: ignore[arg-type]


def test_a_second_run_parses_nothing_and_gives_the_same_results(tmp_path: Path) -> None:
    paths = _repo(tmp_path, 5)
    cache = FactCache(Store(tmp_path / "c", b"k" * 32), "s")
    parser = Counting()
    first = _parse(tmp_path, paths, parser, cache=cache)
    assert parser.calls == 5 and cache.misses == 5
    again = _parse(tmp_path, paths, parser, cache=cache)
    assert parser.calls == 5 and cache.hits == 5
    assert again == first == _parse(tmp_path, paths, Counting())


def test_a_changed_file_alone_is_parsed_again(tmp_path: Path) -> None:
    paths = _repo(tmp_path, 5)
    cache = FactCache(Store(tmp_path / "c", b"k" * 32), "s")
    parser = Counting()
    _parse(tmp_path, paths, parser, cache=cache)
    (tmp_path / "f002.txt").write_text("changed")
    results = _parse(tmp_path, paths, parser, cache=cache)
    assert parser.calls == 6
    assert results[2].facts[0].attrs["size"] == len("changed")


def test_a_parser_bug_is_reported_and_not_cached(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("boom")
    cache = FactCache(Store(tmp_path / "c", b"k" * 32), "s")
    parser = Counting()
    for _ in range(2):
        (result,) = _parse(tmp_path, ["a.txt"], parser, cache=cache)
        assert "internal error in the counting parser" in result.diagnostics[0].message
    assert parser.calls == 2


@pytest.mark.skipif(not workers._CAN_FORK, reason="workers are forked")
def test_worker_processes_give_the_results_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _repo(tmp_path, 40)
    (tmp_path / "f007.txt").write_text("boom")
    monkeypatch.setattr(workers, "MIN_BYTES", 0)
    monkeypatch.setattr(workers, "CHUNK", 3)
    serial = _parse(tmp_path, paths, Counting(), jobs=1)
    parser = Counting()
    parallel = _parse(tmp_path, paths, parser, jobs=2)
    assert parallel == serial
    assert parser.calls == 0  # the calls ran in the workers
    assert "internal error" in parallel[7].diagnostics[0].message


def test_too_little_to_parse_stays_in_this_process(tmp_path: Path) -> None:
    paths = _repo(tmp_path, 40)
    parser = Counting()
    _parse(tmp_path, paths, parser, jobs=4)
    assert parser.calls == 40


def test_default_jobs_is_the_usable_cores() -> None:
    assert 1 <= workers.default_jobs() <= 4096


def test_the_parse_read_scans_suppression_markers_once(tmp_path: Path) -> None:
    from archlint.engine.suppressions import Suppressions

    (tmp_path / "a.txt").write_text("x = 1  # archlint: ignore[PRT001] legacy\n")
    (tmp_path / "b.txt").write_text("plain\n")
    scanned: dict[str, object] = {}
    _parse(tmp_path, ["a.txt", "b.txt"], Counting(), scanned=scanned)
    assert sorted(scanned) == ["a.txt", "b.txt"]
    read: list[str] = []

    def get_text(path: str) -> str | None:
        read.append(path)
        return "# archlint: ignore\n"

    marks = Suppressions.from_texts(get_text, scanned)  # type: ignore[arg-type]
    assert marks.is_suppressed("PRT001", "a.txt", 1)
    assert not marks.is_suppressed("PRT001", "b.txt", 1)
    assert marks.is_suppressed("PRT001", "README.md", 2)  # not parsed: read on demand
    assert read == ["README.md"]
