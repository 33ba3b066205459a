"""The run cache and the fact cache through the console entry (``archlint.main``), in-process.

A run records only when no input changed near its start (docs/cache.md), so each test backdates
the repository (``settle``) the way a checkout that is not being edited looks.
"""

from __future__ import annotations

import marshal
import os
import pickle
import time
from pathlib import Path
from typing import Any

import pytest

import archlint.cli
from archlint import main as entry
from archlint.cache import run as run_cache
from archlint.cache.store import Store, load_key

from .conftest import Result


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ARCHLINT_CACHE_DIR", raising=False)


@pytest.fixture
def cli_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The command lines that reached the click CLI (a replayed run never does)."""
    calls: list[list[str]] = []
    real = archlint.cli.main

    def spy(argv: Any = None) -> int:
        calls.append(list(argv))
        return real(argv)

    monkeypatch.setattr(archlint.cli, "main", spy)
    return calls


@pytest.fixture
def arch(capsys: pytest.CaptureFixture[str]) -> Any:
    def _arch(*args: str | Path) -> Result:
        capsys.readouterr()
        code = entry.main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _arch


def settle(root: Path, age: float = 3600) -> None:
    """Every file and folder of ``root`` last changed ``age`` seconds ago."""
    when = time.time() - age
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            os.utime(Path(folder) / name, (when, when), follow_symlinks=False)
    os.utime(root, (when, when))


def warm(arch: Any, root: Path, *args: str) -> Result:
    """A run that records (making the cache folder changes the root: its names still match)."""
    return arch("check", root, *args)


def test_an_unchanged_repository_is_answered_from_the_run_cache(
    arch: Any, sample_copy: Any, cli_calls: list[list[str]]
) -> None:
    root = sample_copy("shop")
    settle(root)
    recorded = warm(arch, root, "--format", "json")
    assert len(cli_calls) == 1
    replayed = arch("check", root, "--format", "json")
    assert len(cli_calls) == 1  # no click, no parsing
    assert replayed == recorded and replayed.code == 1
    assert (root / ".archlint_cache" / "CACHEDIR.TAG").is_file()
    assert (root / ".archlint_cache" / ".gitignore").read_text() == "*\n"
    other = arch("check", root, "--format", "sarif")  # another command line: its own entry
    assert len(cli_calls) == 2 and other.out != recorded.out
    os.utime(root / "services", (time.time() - 10, time.time() - 10))  # touched: same names
    assert arch("check", root, "--format", "json") == recorded and len(cli_calls) == 2


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda r: (r / "services/api/main.py").write_text("import os\n"), id="edit"),
        pytest.param(lambda r: (r / "services/api/extra.py").write_text("x = 1\n"), id="new"),
        pytest.param(lambda r: (r / "docker-compose.yml").unlink(), id="removed"),
        pytest.param(lambda r: (r / "archlint.toml").write_text('ignore = ["PRT"]\n'), id="config"),
        pytest.param(lambda r: (r / ".gitignore").write_text("services/\n"), id="gitignore"),
    ],
)
def test_any_change_to_an_input_is_a_miss(
    arch: Any, sample_copy: Any, cli_calls: list[list[str]], change: Any
) -> None:
    root = sample_copy("shop")
    settle(root)
    warm(arch, root, "--format", "json")
    change(root)
    settle(root, age=60)  # changed, but not racy
    after = arch("check", root, "--format", "json")
    assert len(cli_calls) == 2
    fresh = arch("check", root, "--format", "json", "--no-cache")
    assert after.out == fresh.out and after.code in (0, 1)


def test_no_cache_neither_reads_nor_writes(
    arch: Any, sample_copy: Any, cli_calls: list[list[str]]
) -> None:
    root = sample_copy("shop")
    settle(root)
    for _ in range(3):
        arch("check", root, "--no-cache")
    assert len(cli_calls) == 3
    assert not (root / ".archlint_cache").exists()


def test_a_run_with_report_files_is_never_replayed(
    arch: Any, sample_copy: Any, cli_calls: list[list[str]], tmp_path: Path
) -> None:
    root = sample_copy("shop")
    settle(root)
    for _ in range(3):
        arch("check", root, "--output", f"sarif:{tmp_path / 'out.sarif'}")
    assert len(cli_calls) == 3 and (tmp_path / "out.sarif").is_file()


def test_an_input_changed_during_the_run_records_nothing(
    arch: Any, sample_copy: Any, cli_calls: list[list[str]]
) -> None:
    root = sample_copy("shop")
    settle(root)
    warm(arch, root)
    (root / "services/api/main.py").write_text("import os\n")  # now: racy
    for _ in range(2):
        arch("check", root)
    assert len(cli_calls) == 3


def test_the_cache_dir_option_and_the_environment_place_the_cache(
    arch: Any, sample_copy: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sample_copy("shop")
    arch("check", root, "--cache-dir", tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere" / "CACHEDIR.TAG").is_file()
    monkeypatch.setenv("ARCHLINT_CACHE_DIR", str(tmp_path / "env"))
    arch("check", root)
    assert (tmp_path / "env" / "facts").is_dir()
    assert not (root / ".archlint_cache").exists()


def test_a_cache_folder_inside_the_root_is_not_scanned(arch: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    plain = arch("check", root, "--format", "json", "--no-cache")
    (root / "cachedir").mkdir()
    (root / "cachedir" / "Dockerfile").write_text("FROM scratch\nRUN curl | sh\n")
    inside = arch("check", root, "--format", "json", "--cache-dir", root / "cachedir")
    assert inside.json()["findings"] == plain.json()["findings"]


def _forge(folder: Path) -> int:
    """Replace every entry by what an attacker could commit: same name, own key or no tag."""
    marker = folder.parent / "PWNED"
    bomb = pickle.dumps(eval)
    forged = 0
    for i, path in enumerate(sorted(p for p in folder.glob("*/*/*") if p.is_file())):
        payload = marshal.dumps(((), f"forged {marker}", "", 0))
        choices = [
            Store(folder, b"attacker-key-0123456789abcdef012").sign(payload) + payload,
            b"\0" * 32 + bomb,
            path.read_bytes()[4:-3],  # truncated
        ]
        path.write_bytes(b"ALC1" + choices[i % 3])
        forged += 1
    return forged


def test_a_cache_committed_to_the_repository_is_not_believed(
    arch: Any, sample_copy: Any, cli_calls: list[list[str]]
) -> None:
    root = sample_copy("shop")
    settle(root)
    honest = warm(arch, root, "--format", "json")
    assert _forge(root / ".archlint_cache") > 3
    again = arch("check", root, "--format", "json")
    assert again == honest and len(cli_calls) == 2
    assert not (root / "PWNED").exists()
    key = load_key(create=False)
    assert key is not None
    store = Store(root / ".archlint_cache", key)
    entries = [p for p in (root / ".archlint_cache").glob("*/*/*") if p.is_file()]
    assert entries and all(store.verify(p.read_bytes()) is not None for p in entries)


def test_a_cache_from_another_users_key_is_not_believed(
    arch: Any,
    sample_copy: Any,
    cli_calls: list[list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = sample_copy("shop")
    settle(root)
    honest = warm(arch, root, "--format", "json")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert arch("check", root, "--format", "json") == honest
    assert len(cli_calls) == 2


def test_the_command_lines_the_run_cache_answers() -> None:
    from archlint.cache.args import cacheable

    assert cacheable(["check"]) is not None
    assert cacheable(["check", "x", "--format=json", "-q", "--jobs", "2"]) is not None
    for argv in (
        [],
        ["rules"],
        ["check", "a", "b"],
        ["check", "--output", "x.sarif"],
        ["check", "--no-cache"],
        ["check", "--debug"],
        ["check", "--help"],
        ["check", "--format"],
        ["check", "--quiet=yes"],
        ["check", "-qj2"],
    ):
        assert cacheable(argv) is None, argv
    assert run_cache.current() is None


def test_a_file_rewritten_with_the_same_bytes_still_hits_and_same_size_edits_miss(
    arch: Any, sample_copy: Any, cli_calls: list[list[str]]
) -> None:
    root = sample_copy("shop")
    settle(root)
    recorded = warm(arch, root, "--format", "json")
    compose = root / "docker-compose.yml"
    text = compose.read_text()
    compose.write_text(text)  # a checkout rewrote it: new mtime, same bytes
    os.utime(compose, (time.time() - 30, time.time() - 30))
    assert arch("check", root, "--format", "json") == recorded and len(cli_calls) == 1
    compose.write_text(text.replace("8000", "8001", 1))  # same size, other bytes
    os.utime(compose, (time.time() - 20, time.time() - 20))
    edited = arch("check", root, "--format", "json")
    assert len(cli_calls) == 2 and edited.out != recorded.out


def test_a_change_in_a_rule_directory_outside_the_root_is_a_miss(
    arch: Any, sample_copy: Any, cli_calls: list[list[str]], tmp_path: Path
) -> None:
    root = sample_copy("shop")
    rules = tmp_path / "team-rules"
    rules.mkdir()
    (root / "archlint.toml").write_text(f'rule-dirs = ["{rules.as_posix()}"]\n')
    settle(root)
    settle(rules)
    first = warm(arch, root, "--format", "json")
    assert first.code in (0, 1), first.err
    assert arch("check", root, "--format", "json") == first and len(cli_calls) == 1
    (rules / "notes.txt").write_text("not a rule\n")
    settle(rules, age=30)
    arch("check", root, "--format", "json")
    assert len(cli_calls) == 2
