from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archlint.parsers.terraform import grammar


def test_the_parser_is_cached_in_archlints_folder_keyed_by_versions(tmp_path: Path) -> None:
    parser = grammar.build_parser(tmp_path)
    (cached,) = tmp_path.iterdir()
    assert cached.name.startswith("hcl2-") and "-lark-" in cached.name
    assert cached.name.endswith(".bin")
    again = grammar.build_parser(tmp_path)  # loaded from the file
    text = 'resource "a" "b" {\n  x = 1\n}\n'
    assert again.parse(text).pretty() == parser.parse(text).pretty()
    assert sorted(p.name for p in tmp_path.iterdir()) == [cached.name]


def test_a_foreign_cache_file_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    grammar.build_parser(tmp_path)
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(b"not a parser\n")
    parser = grammar.build_parser(tmp_path)
    assert parser.parse("x = 1\n").data == "start"


def test_without_a_cache_folder_the_parser_is_built_in_memory() -> None:
    assert grammar.build_parser(None).parse("x = 1\n").data == "start"


def test_cache_folder_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(grammar.CACHE_ENV, str(tmp_path / "mine"))
    assert grammar.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(grammar.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert grammar.cache_dir() == tmp_path / "xdg" / "archlint"
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(grammar.CACHE_ENV, str(blocker / "below"))
    assert grammar.cache_dir() is None


def test_a_run_without_terraform_never_imports_hcl2(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\n")
    code = (
        "import sys; from pathlib import Path; from archlint import app; from archlint.config "
        "import Config; app.check(Path(sys.argv[1]), Config()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('hcl2', 'lark')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
