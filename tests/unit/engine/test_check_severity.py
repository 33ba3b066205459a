"""A check's own ``severity``: SEC006 reports a literal password hash as a note beside its
errors, and a severity the user sets for the rule applies to every check of it."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from archlint.app import check
from archlint.config import Config
from archlint.domain.findings import Severity

CASE = Path(__file__).resolve().parents[3] / "fixtures/rules/SEC006/fail-password-hash-note"


def _severities(config: Config) -> list[tuple[str, int, str]]:
    report = check(CASE, config, base=CASE)
    return sorted(
        (f.location.path, f.location.line, f.severity.value)
        for f in report.findings
        if f.rule_id == "SEC006"
    )


def test_password_hashes_are_notes() -> None:
    assert _severities(Config(select=("SEC006",))) == [
        ("apps/ws/src/.env.development", 4, "note"),
        ("deploy/helm/pingdom-exporter/values.yaml", 16, "note"),
        ("docker/docker-compose.yml", 12, "note"),
    ]


def test_the_rules_configured_severity_applies_to_every_check() -> None:
    config = Config(select=("SEC006",), severity=MappingProxyType({"SEC006": Severity.WARNING}))
    assert [s for *_, s in _severities(config)] == ["warning", "warning", "warning"]
