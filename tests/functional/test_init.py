"""``archlint init``: [tool.archlint] into pyproject.toml (all else preserved) or archlint.toml,
components and roles as comments, and a baseline offered for today's findings."""

from __future__ import annotations

import json
import tomllib
from typing import Any

PYPROJECT = """\
# the shop's tooling
[project]
name = "shop"   # keep this comment
version = "1.0"

[tool.ruff]
line-length = 100  # wide
"""


def test_init_adds_a_table_to_pyproject_and_keeps_everything_else(
    run: Any, sample_copy: Any
) -> None:
    root = sample_copy("shop")
    (root / "pyproject.toml").write_text(PYPROJECT, "utf-8")
    result = run("init", root)
    assert result.code == 0
    text = (root / "pyproject.toml").read_text("utf-8")
    assert text.startswith(PYPROJECT)  # byte for byte, comments included
    assert "#   shop-api: python-backend (services/api)\n" in text
    assert "#   shop-web: frontend (web)\n" in text
    table = tomllib.loads(text)["tool"]["archlint"]
    assert table == {"fail-on": "error", "exclude": []}
    assert "added [tool.archlint] to" in result.err
    assert "the repository has 7 findings today" in result.err
    assert "archlint init --baseline" in result.err
    assert run("check", root).code == 1  # the config loads; the findings are still there


def test_init_writes_archlint_toml_and_a_baseline(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    result = run("init", root, "--baseline")
    assert result.code == 0
    config = tomllib.loads((root / "archlint.toml").read_text("utf-8"))
    assert config["baseline"] == "archlint-baseline.json"
    entries = json.loads((root / "archlint-baseline.json").read_text("utf-8"))["findings"]
    assert sum(e["count"] for e in entries) == 7
    after = run("check", root)
    assert after.code == 0, after.out
    assert "7 in the baseline" in after.out


def test_init_prefers_archlint_toml_when_asked(run: Any, sample_copy: Any) -> None:
    root = sample_copy("clean")
    (root / "pyproject.toml").write_text(PYPROJECT, "utf-8")
    assert run("init", root, "--archlint-toml").code == 0
    assert (root / "pyproject.toml").read_text("utf-8") == PYPROJECT
    assert (root / "archlint.toml").is_file()
    assert run("check", root).code == 0


def test_init_never_overwrites_a_configuration(run: Any, sample_copy: Any) -> None:
    root = sample_copy("clean")
    (root / "pyproject.toml").write_text("[tool.archlint]\nfail-on = 'never'\n", "utf-8")
    result = run("init", root)
    assert result.code == 2
    assert "[tool.archlint] exists" in result.err
    (root / "archlint.toml").write_text("", "utf-8")
    assert "already configured" in run("init", root).err


def test_init_reports_bad_toml_without_changing_it(run: Any, sample_copy: Any) -> None:
    root = sample_copy("clean")
    (root / "pyproject.toml").write_text("[project\n", "utf-8")
    result = run("init", root)
    assert result.code == 2
    assert "pyproject.toml:1: invalid TOML, not changed" in result.err
    assert (root / "pyproject.toml").read_text("utf-8") == "[project\n"
