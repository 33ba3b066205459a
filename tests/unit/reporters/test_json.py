from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from archlint.domain.findings import Finding, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.reporters.base import fingerprint
from archlint.reporters.json import SCHEMA_VERSION, JsonReporter
from archlint.reporters.registry import BUILTIN_REPORTERS

ReportFactory = Callable[..., Report]


def render(report: Report) -> str:
    return JsonReporter().render(report, color=True)


def load(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(report))
    return data


def test_registered_under_its_name() -> None:
    assert BUILTIN_REPORTERS["json"].name == "json"
    assert isinstance(BUILTIN_REPORTERS["json"], JsonReporter)


def test_top_level_shape(sample_report: Report) -> None:
    data = load(sample_report)
    assert set(data) == {"version", "tool", "root", "summary", "findings", "rules"}
    assert data["version"] == SCHEMA_VERSION == 1
    assert data["tool"] == {"name": "archlint", "version": "1.2.3"}
    assert data["root"] == "/work/sample repo"
    assert data["summary"] == {
        "findings": 4,
        "by_severity": {"error": 2, "warning": 1, "note": 1},
        "suppressed": 1,
        "files_scanned": 12,
    }


def test_findings_sorted_and_complete(sample_report: Report) -> None:
    findings = load(sample_report)["findings"]
    assert [(f["location"]["path"], f["rule_id"]) for f in findings] == [
        ("app/main.py", "DOC003"),
        ("app/main.py", "DEP002"),
        ("broken.yaml", "PARSE001"),
        ("compose.yaml", "PRT001"),
    ]
    prt = findings[3]
    source = next(f for f in sample_report.findings if f.rule_id == "PRT001")
    assert prt == {
        "rule_id": "PRT001",
        "severity": "error",
        "message": source.message,
        "location": {"path": "compose.yaml", "line": 12, "column": 5},
        "related": [
            {
                "location": {"path": "app/main.py", "line": 40, "column": 1},
                "message": "the app binds here",
            },
            {"location": {"path": "Dockerfile", "line": 7, "column": 1}, "message": "EXPOSE 8000"},
        ],
        "fingerprint": fingerprint(source),
    }
    assert all(f["related"] == [] for f in findings[:3])


def test_round_trip_rebuilds_findings(sample_report: Report) -> None:
    rebuilt = {
        (
            f["rule_id"],
            Severity(f["severity"]),
            f["message"],
            Location(**f["location"]),
        )
        for f in load(sample_report)["findings"]
    }
    original = {(f.rule_id, f.severity, f.message, f.location) for f in sample_report.findings}
    assert rebuilt == original


def test_rules_sorted_by_id(sample_report: Report) -> None:
    rules = load(sample_report)["rules"]
    assert [r["id"] for r in rules] == ["DEP002", "DOC003", "PARSE001", "PRT001"]
    assert rules[3] == {
        "id": "PRT001",
        "name": "prt001-name",
        "severity": "error",
        "tags": ["ports", "compose"],
    }


def test_clean_report(clean_report: Report) -> None:
    data = load(clean_report)
    assert data["findings"] == []
    assert data["summary"]["findings"] == 0
    assert data["summary"]["by_severity"] == {"error": 0, "warning": 0, "note": 0}


def test_formatting_is_stable(make_report: ReportFactory, sample_report: Report) -> None:
    out = render(sample_report)
    assert out.endswith("}\n")
    assert out == json.dumps(json.loads(out), indent=2, sort_keys=True) + "\n"
    assert render(make_report(tuple(reversed(sample_report.findings)))) == out
    assert JsonReporter().render(sample_report, color=False) == out


def test_unicode_paths_survive(make_report: ReportFactory) -> None:
    finding = Finding("PRT001", Severity.ERROR, "m", Location("dïr/a b.yaml", 2, 3), "k")
    data = load(make_report((finding,)))
    assert data["findings"][0]["location"]["path"] == "dïr/a b.yaml"
