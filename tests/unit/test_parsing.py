"""The parse phase: plan, read once, parse; claims, read failures, parser bugs, id clashes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from archlint import app
from archlint.config import Config
from archlint.discovery import RepoReader
from archlint.domain.facts import Diagnostic, Fact, NodeKind, ParseResult
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.parsers import registry
from archlint.parsers.base import ParseUnit, Selector, SourceFile
from archlint.parsers.planner import Dispatch
from archlint.parsing import add_results, parse_all


class Yaml:
    """A file parser: one fact per file, id from its first line (so two files can clash)."""

    name = "yaml"
    version = "1"
    selector = Selector(suffixes=(".yaml",))

    def parse(self, source: SourceFile) -> ParseResult:
        first = source.text.splitlines()[0] if source.text else source.path
        fact = Fact(f"yaml:{first}", NodeKind.MANIFEST, source.loc(), {"path": source.path})
        return ParseResult(facts=(fact,), diagnostics=(Diagnostic(source.loc(), "seen"),))


class Chart:
    """A unit parser: Chart.yaml + optional values.yaml + claimed templates/**."""

    name = "chart"
    version = "1"
    selector = Selector(names=frozenset({"Chart.yaml"}))

    def __init__(self) -> None:
        self.given: dict[str, list[str]] = {}  # unit id -> the inputs it was given

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        found = []
        for path in paths:
            if path.endswith("Chart.yaml"):
                folder = path.removesuffix("Chart.yaml")
                templates = tuple(p for p in paths if p.startswith(folder + "templates/"))
                values = folder + "values.yaml"
                found.append(
                    ParseUnit(
                        self.name, path, path, (path, values, *templates), (values,), templates
                    )
                )
        return found

    def parse_unit(self, unit: ParseUnit, sources: Mapping[str, SourceFile]) -> ParseResult:
        self.given[unit.id] = sorted(sources)
        if "boom" in sources[unit.anchor].text:
            raise RuntimeError("kaboom")
        return ParseResult(diagnostics=tuple(Diagnostic(Location(p), "bad") for p in sources))


class Broken(Chart):
    name = "broken"
    selector = Selector(names=frozenset({"never"}))

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        raise ValueError("no units")


def write(root: Path, files: dict[str, str | bytes]) -> list[str]:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return sorted(files)


def run(root: Path, paths: list[str], *parsers: object, debug: bool = False) -> list[ParseResult]:
    table = Dispatch({p.name: p for p in parsers})  # type: ignore[attr-defined]
    return parse_all(paths, RepoReader(root), table, max_bytes=1000, debug=debug)


def diagnostics(results: list[ParseResult]) -> list[tuple[str, str]]:
    return sorted((d.location.path, d.message) for r in results for d in r.diagnostics)


HINT = " (this file looks like a template; add it to `exclude` in [tool.archlint])"


def test_claimed_files_get_no_file_parser_and_no_template_hint(tmp_path: Path) -> None:
    paths = write(
        tmp_path,
        {"c/Chart.yaml": "name: {{ x }}\n", "c/templates/d.yaml": "{{ y }}\n", "o.yaml": "o\n"},
    )
    chart = Chart()
    found = diagnostics(run(tmp_path, paths, Yaml(), chart))
    assert found == [
        ("c/Chart.yaml", "bad" + HINT),  # the anchor looks like a template
        ("c/Chart.yaml", "seen" + HINT),  # Chart.yaml is no claim: the file parser reads it
        ("c/templates/d.yaml", "bad"),  # claimed: a template by design, no hint
        ("o.yaml", "seen"),
    ]
    # the absent optional values.yaml is not given and not reported
    assert chart.given["c/Chart.yaml"] == ["c/Chart.yaml", "c/templates/d.yaml"]


def test_read_failures_of_required_inputs_are_reported_and_skip_only_their_anchor(
    tmp_path: Path,
) -> None:
    paths = write(
        tmp_path,
        {
            "a/Chart.yaml": b"\xff",
            "b/Chart.yaml": "name: b\n",
            "b/templates/t.yaml": "x" * 1001,
            "b/values.yaml": b"\xfe",
        },
    )
    chart = Chart()
    found = diagnostics(run(tmp_path, paths, chart))
    assert found == [
        ("a/Chart.yaml", "not UTF-8 text (byte 0xff at offset 0)"),
        ("b/Chart.yaml", "bad"),
        (
            "b/templates/t.yaml",
            "not read: 1,001 bytes is over the 1,000-byte limit for one file (exclude it if it is generated, or raise [limits] max-file-bytes)",
        ),
    ]
    assert list(chart.given) == ["b/Chart.yaml"]


def test_a_parser_bug_is_a_diagnostic_at_the_anchor_unless_debugging(tmp_path: Path) -> None:
    paths = write(tmp_path, {"Chart.yaml": "boom\n"})
    (root, units_message), (path, message) = diagnostics(run(tmp_path, paths, Chart(), Broken()))
    assert path == "Chart.yaml"
    assert message.startswith("internal error in the chart parser (RuntimeError: kaboom at ")
    assert (root, units_message.split(" at ")[0]) == (
        ".",
        "internal error in the broken parser (ValueError: no units",
    )
    with pytest.raises(RuntimeError):
        run(tmp_path, paths, Chart(), debug=True)


def test_two_facts_with_one_id_are_a_diagnostic_naming_both_places(tmp_path: Path) -> None:
    paths = write(tmp_path, {"a.yaml": "same\n", "b/b.yaml": "same\n"})
    graph = FactGraph()
    clashes = add_results(graph, run(tmp_path, paths, Yaml()))
    assert clashes == [
        Diagnostic(
            Location("b/b.yaml"),
            "two facts share the id yaml:same: first at a.yaml:1, again at b/b.yaml:1",
        )
    ]
    assert graph.fact("yaml:same").location.path == "a.yaml"  # the first one is kept


def test_the_app_reports_an_id_clash_instead_of_stopping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"a.yaml": "same\n", "b.yaml": "same\n"})
    # build_graph imports the registry when it runs (docs/benchmarks.md): patch it there
    monkeypatch.setattr(registry, "dispatch", lambda servers, limits: Dispatch({"yaml": Yaml()}))
    scan = app.build_graph(tmp_path, Config())
    messages = [d.message for d in scan.diagnostics]
    assert "two facts share the id yaml:same: first at a.yaml:1, again at b.yaml:1" in messages
    assert [f.location.path for f in scan.graph.facts(NodeKind.MANIFEST)] == ["a.yaml"]


def test_a_file_the_system_refuses_names_why_not_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write(tmp_path, {"a/Chart.yaml": "name: a\n", "b/Chart.yaml": "name: b\n"})
    real = RepoReader.read_bytes

    def refuse(self: RepoReader, path: str, max_bytes: int) -> bytes:
        if path == "a/Chart.yaml":
            raise PermissionError(13, "Permission denied", str(tmp_path / path))
        return real(self, path, max_bytes)

    monkeypatch.setattr(RepoReader, "read_bytes", refuse)
    chart = Chart()
    found = diagnostics(run(tmp_path, paths, chart))
    assert found == [("a/Chart.yaml", "cannot be read: permission denied"), ("b/Chart.yaml", "bad")]
