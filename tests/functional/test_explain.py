"""``archlint explain``: configured parameter values, one finding's evidence chain; ``archlint
rules`` marks the rules config turns off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CONFIG = '[tool.archlint]\nignore = ["PRT003"]\n\n[tool.archlint.rules.PRT002]\nmin = 5000\n'


@pytest.fixture
def configured(sample_copy: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    root: Path = sample_copy("shop")
    (root / "pyproject.toml").write_text(CONFIG, "utf-8")
    monkeypatch.chdir(root)
    return root


def test_explain_shows_configured_parameters(run: Any, configured: Path) -> None:
    out = run("explain", "PRT002").out
    assert "- `min` = `5000` (configured in pyproject.toml; default `4000`)\n" in out
    assert "- `max` (default `8099`)\n" in out
    assert "turned off" not in out


def test_explain_says_when_config_turns_a_rule_off(run: Any, configured: Path) -> None:
    out = run("explain", "PRT003").out
    assert out.endswith("_This rule is turned off by pyproject.toml (select/ignore)._\n")


def test_rules_marks_rules_that_are_off(run: Any, configured: Path) -> None:
    rows = {line.split()[0]: line.split()[3] for line in run("rules").out.splitlines()[1:]}
    assert rows["PRT003"] == "off"
    assert rows["PRT002"] == "on"


def test_explain_a_finding_by_fingerprint(run: Any, configured: Path) -> None:
    doc = run("check", ".", "--format", "json").json()
    finding = next(f for f in doc["findings"] if f["rule_id"] == "PRT004")
    result = run("explain", "--finding", finding["fingerprint"][:12])
    assert result.code == 0
    assert result.out.startswith(f"## PRT004 port-consistency: {finding['message']}\n")
    assert "1. `docker-compose.yml:12:9` (reported here)\n" in result.out
    assert "2. `services/api/Dockerfile:14:1` port 8000 (dockerfile-expose)\n" in result.out
    assert "### How to fix" in result.out


@pytest.mark.parametrize(
    ("prefix", "message"), [("ffffffffffff", "no finding has"), ("", "no finding")]
)
def test_explain_an_unknown_finding(run: Any, configured: Path, prefix: str, message: str) -> None:
    result = run("explain", "--finding", prefix)
    assert result.code == 2
    assert message in result.err


def test_explain_needs_a_rule_or_a_finding(run: Any) -> None:
    result = run("explain")
    assert result.code == 2
    assert "give a rule id" in result.err
