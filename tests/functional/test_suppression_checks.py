"""Suppression markers naming no rule are warnings; --report-unused-suppressions lists idle ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def shop(sample_copy: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    root: Path = sample_copy("shop")
    monkeypatch.chdir(root)
    compose = root / "docker-compose.yml"
    text = compose.read_text("utf-8").replace(
        '      - "9000:9000"', '      - "9000:9000"  # archlint: ignore[PRT02] metrics'
    )
    compose.write_text(text, "utf-8")
    (root / "Procfile").write_text("web: uvicorn app:app  # archlint: ignore[PRT001]\n")
    return root


def test_an_unknown_id_is_a_warning_with_a_did_you_mean(run: Any, shop: Path) -> None:
    result = run("check", ".")
    assert (
        "warning: docker-compose.yml:23:1: archlint: ignore[PRT02] names no rule; "
        "did you mean 'PRT002'?\n" in result.out
    )
    assert result.code == 1  # unchanged: the shop's errors
    doc = run("check", ".", "--format", "json").json()
    assert doc["warnings"] == [
        {
            "location": {"path": "docker-compose.yml", "line": 23, "column": 1},
            "message": "archlint: ignore[PRT02] names no rule; did you mean 'PRT002'?",
        }
    ]
    log = json.loads(run("check", ".", "--format", "sarif").out)
    (note,) = log["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert note["level"] == "warning" and "PRT02" in note["message"]["text"]
    github = run("check", ".", "--format", "github").out
    assert "::warning file=docker-compose.yml,line=23,title=archlint::" in github


def test_report_unused_suppressions(run: Any, shop: Path) -> None:
    assert "unused" not in run("check", ".").out
    result = run("check", ".", "--report-unused-suppressions", "--select", "PRT001,PRT002")
    assert "Procfile:1:1  unused  archlint: ignore[PRT001] suppresses nothing\n" in result.out
    assert result.code == 1
    doc = run("check", ".", "--report-unused-suppressions", "--format", "json").json()
    assert [u["location"]["path"] for u in doc["unused_suppressions"]] == ["Procfile"]


def test_a_marker_naming_no_rule_fails_the_run_with_report_unused_suppressions(
    run: Any, sample_copy: Any
) -> None:
    root = sample_copy("clean")
    assert run("check", root, "--report-unused-suppressions").code == 0
    env = root / ".env"
    env.write_text(env.read_text("utf-8") + "# archlint: ignore[SEC0006]\n", "utf-8")
    assert run("check", root).code == 0  # a warning only
    result = run("check", root, "--report-unused-suppressions")
    assert result.code == 1, result.out
    assert "archlint: ignore[SEC0006] names no rule; did you mean 'SEC006'?" in result.out


def test_a_used_suppression_is_not_reported(run: Any, sample_copy: Any) -> None:
    root = sample_copy("clean")
    result = run("check", root, "--report-unused-suppressions")
    assert result.code == 0, result.out
