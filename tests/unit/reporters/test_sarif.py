from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from jsonschema import validators

from archlint.domain.findings import Finding, RelatedLocation, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.domain.rules import RuleDocs, RuleMeta
from archlint.reporters.base import fingerprint
from archlint.reporters.registry import BUILTIN_REPORTERS
from archlint.reporters.sarif import SarifReporter, artifact_uri, root_uri

ReportFactory = Callable[..., Report]

# The OASIS schema lives outside the repository, beside the clone: <repo>/../shared/sarif/.
SCHEMA_PATH = (
    Path(__file__).resolve().parents[3] / ".." / "shared" / "sarif" / "sarif-schema-2.1.0.json"
)


@cache
def _validator() -> Any:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)  # draft-04, as the schema's $schema says
    cls.check_schema(schema)
    return cls(schema)


def assert_valid(log: dict[str, Any]) -> None:
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA_PATH} (see shared/sarif/SOURCE.md)")
    errors = sorted(_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def render(report: Report) -> str:
    return SarifReporter().render(report, color=False)


def load(report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render(report))
    return log


def run_of(report: Report) -> dict[str, Any]:
    log = load(report)
    assert_valid(log)
    assert len(log["runs"]) == 1
    run: dict[str, Any] = log["runs"][0]
    return run


def test_registered_under_its_name() -> None:
    assert BUILTIN_REPORTERS["sarif"].name == "sarif"
    assert isinstance(BUILTIN_REPORTERS["sarif"], SarifReporter)


def test_clean_report_is_valid_with_empty_results(clean_report: Report) -> None:
    log = load(clean_report)
    assert_valid(log)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert len(run["tool"]["driver"]["rules"]) == 4


def test_run_metadata(sample_report: Report) -> None:
    run = run_of(sample_report)
    driver = run["tool"]["driver"]
    assert {k: v for k, v in driver.items() if k != "rules"} == {
        "name": "archlint",
        "version": "1.2.3",
        "semanticVersion": "1.2.3",
        "informationUri": "https://github.com/archlint/archlint",
    }
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///work/sample%20repo/"}}
    assert run["automationDetails"] == {"id": "archlint/"}
    assert run["columnKind"] == "unicodeCodePoints"
    # Schema defaults that sarif-om fills in are not emitted.
    assert "language" not in run and "newlineSequences" not in run
    assert "language" not in driver and "contents" not in driver


def test_rules_are_reporting_descriptors(sample_report: Report) -> None:
    rules = run_of(sample_report)["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DEP002", "DOC003", "PARSE001", "PRT001"]
    meta = {r.id: r for r in sample_report.rules}
    prt = rules[3]
    assert prt["name"] == "prt001-name"
    assert prt["shortDescription"] == {"text": meta["PRT001"].docs.summary}
    assert prt["fullDescription"] == {"text": meta["PRT001"].docs.why}
    assert prt["help"]["markdown"] == meta["PRT001"].markdown()
    assert "Fix PRT001." in prt["help"]["text"]
    assert prt["defaultConfiguration"] == {"level": "error"}
    assert prt["properties"] == {
        "tags": ["compose", "ports"],
        "precision": "high",
        "problem.severity": "error",
    }
    assert rules[0]["defaultConfiguration"] == {"level": "warning"}
    assert rules[0]["properties"]["problem.severity"] == "warning"
    assert rules[1]["defaultConfiguration"] == {"level": "note"}
    assert rules[1]["properties"]["problem.severity"] == "recommendation"
    assert "tags" not in rules[1]["properties"]


def test_results_point_at_their_rules(sample_report: Report) -> None:
    run = run_of(sample_report)
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["DOC003", "DEP002", "PARSE001", "PRT001"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert [r["level"] for r in results] == ["note", "warning", "error", "error"]


def test_result_with_related_locations(sample_report: Report) -> None:
    result = run_of(sample_report)["results"][3]
    source = next(f for f in sample_report.findings if f.rule_id == "PRT001")
    assert result["message"] == {"text": source.message}
    assert result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "compose.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 12, "startColumn": 5},
            }
        }
    ]
    related = result["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2]
    assert related[1] == {
        "id": 2,
        "message": {"text": "EXPOSE 8000"},
        "physicalLocation": {
            "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 7, "startColumn": 1},
        },
    }
    assert result["partialFingerprints"] == {"archlint/v1": fingerprint(source)}
    assert "kind" not in result and "rank" not in result


def test_diagnostics_become_notifications(sample_report: Report) -> None:
    (invocation,) = run_of(sample_report)["invocations"]
    assert invocation == {
        "executionSuccessful": True,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": "mapping values are not allowed here"},
                "descriptor": {"id": "PARSE001"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": "broken.yaml", "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": 4, "startColumn": 2},
                        }
                    }
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("compose.yaml", "compose.yaml"),
        ("my dir/docker compose.yaml", "my%20dir/docker%20compose.yaml"),
        ("dïr/ファイル.py", "d%C3%AFr/%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.py"),
        ("a:b/c#d?e%f.txt", "a%3Ab/c%23d%3Fe%25f.txt"),
    ],
)
def test_paths_are_percent_encoded(make_report: ReportFactory, path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
    assert unquote(uri) == path
    finding = Finding(
        "PRT001",
        Severity.ERROR,
        "m",
        Location(path, 1, 1),
        "k",
        (RelatedLocation(Location(path, 2, 1), "again"),),
    )
    run = run_of(make_report((finding,), root="/tmp/räum root"))
    result = run["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///tmp/r%C3%A4um%20root/"


@pytest.mark.parametrize(
    ("root", "uri"),
    [
        ("/", "file:///"),
        ("/srv/repo", "file:///srv/repo/"),
        ("/srv/repo/", "file:///srv/repo/"),
        ("C:/src", "file:///C:/src/"),
    ],
)
def test_root_uri(root: str, uri: str) -> None:
    assert root_uri(root) == uri


BASE = Finding("PRT001", Severity.ERROR, "m", Location("a.yaml", 10, 3), "svc:web")


@pytest.mark.parametrize(
    "changes",
    [
        {"location": Location("a.yaml", 11, 3)},
        {"location": Location("a.yaml", 99, 1)},
        {"message": "reworded"},
        {"severity": Severity.WARNING},
        {"related": (RelatedLocation(Location("b.py", 1, 1), "x"),)},
    ],
)
def test_fingerprint_survives_moves_and_rewording(changes: dict[str, Any]) -> None:
    assert fingerprint(dataclasses.replace(BASE, **changes)) == fingerprint(BASE)


@pytest.mark.parametrize(
    "changes",
    [{"rule_id": "PRT002"}, {"location": Location("b.yaml", 10, 3)}, {"evidence_key": "svc:api"}],
)
def test_fingerprint_changes_with_identity(changes: dict[str, Any]) -> None:
    assert fingerprint(dataclasses.replace(BASE, **changes)) != fingerprint(BASE)


def test_fingerprint_is_sha256_hex() -> None:
    value = fingerprint(BASE)
    assert len(value) == 64
    assert int(value, 16) >= 0


def test_fingerprint_in_sarif_ignores_line(make_report: ReportFactory) -> None:
    moved = dataclasses.replace(BASE, location=Location("a.yaml", 42, 3))
    first = run_of(make_report((BASE,)))["results"][0]["partialFingerprints"]
    second = run_of(make_report((moved,)))["results"][0]["partialFingerprints"]
    assert first == second


def test_unknown_rule_is_a_bug(make_report: ReportFactory) -> None:
    stray = dataclasses.replace(BASE, rule_id="NOPE999")
    with pytest.raises(ValueError, match="NOPE999"):
        render(make_report((stray,)))


def test_output_is_byte_identical(make_report: ReportFactory, sample_report: Report) -> None:
    out = render(sample_report)
    assert render(sample_report) == out
    assert render(make_report(tuple(reversed(sample_report.findings)))) == out
    assert out.endswith("}\n")
    assert out == json.dumps(json.loads(out), indent=2, sort_keys=True) + "\n"


def test_schema_check_is_not_vacuous(sample_report: Report) -> None:
    log = load(sample_report)
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(AssertionError, match="startLine"):
        assert_valid(log)


def test_security_severity_only_where_the_rule_yaml_gives_one(make_report: ReportFactory) -> None:
    rules = tuple(
        RuleMeta(
            id=rid,
            name=f"{rid.lower()}-name",
            severity=sev,
            message="m",
            docs=RuleDocs("s", "w", "f"),
            tags=tags,
            security_severity=score,
        )
        for rid, sev, tags, score in [
            ("SEC006", Severity.ERROR, ("security", "secrets"), 7.5),
            ("SEC002", Severity.WARNING, ("security", "validation"), None),
            ("AUTH004", Severity.ERROR, (), 9),
            ("PRT001", Severity.ERROR, ("ports",), None),
        ]
    )
    driver_rules = run_of(make_report((), rules=rules, diagnostics=()))["tool"]["driver"]["rules"]
    props = {r["id"]: r["properties"] for r in driver_rules}
    scores = {rid: p.get("security-severity") for rid, p in props.items()}
    assert scores == {"AUTH004": "9.0", "PRT001": None, "SEC002": None, "SEC006": "7.5"}
    # GitHub needs the security tag next to a score, and shows a tagged rule without one as a
    # security alert of unknown severity: a missing Zod dependency is not one
    assert props["AUTH004"]["tags"] == ["security"]
    assert props["SEC002"]["tags"] == ["validation"]
    assert props["SEC006"]["tags"] == ["secrets", "security"]


def test_bundled_pack_scores_only_security_rules() -> None:
    from archlint.engine.loader import bundled_rule_files, load_rules

    scored = {r.meta.id for r in load_rules(bundled_rule_files()) if r.meta.security_severity}
    assert "SEC006" in scored
    assert not scored & {"SEC002", "SEC005", "PRT001", "FE001"}


def test_category_is_the_automation_id(sample_report: Report) -> None:
    log = json.loads(SarifReporter(category="backend").render(sample_report, color=False))
    assert log["runs"][0]["automationDetails"] == {"id": "backend/"}
    log = json.loads(SarifReporter(category="mono/api/").render(sample_report, color=False))
    assert log["runs"][0]["automationDetails"] == {"id": "mono/api/"}


def test_results_are_capped_with_a_notification(make_report: ReportFactory) -> None:
    warnings = [
        Finding("DEP002", Severity.WARNING, f"m{n}", Location(f"f{n}.txt"), f"k{n}")
        for n in range(5)
    ]
    findings = (*warnings, Finding("PRT001", Severity.ERROR, "worst", Location("z.txt"), "kz"))
    log = json.loads(SarifReporter(max_results=3).render(make_report(findings), color=False))
    run = log["runs"][0]
    assert [r["message"]["text"] for r in run["results"]] == ["m0", "m1", "worst"]
    (note,) = [
        n for n in run["invocations"][0]["toolExecutionNotifications"] if n["level"] == "warning"
    ]
    assert note["message"]["text"].startswith("3 more results were left out")
    assert "at most 3 results per run" in note["message"]["text"]


def test_the_default_cap_is_githubs() -> None:
    from archlint.reporters.sarif import MAX_RESULTS

    assert MAX_RESULTS == 25_000


def test_bundled_rules_link_their_docs() -> None:
    from archlint.engine.loader import RuleFile, bundled_rule_files, load_rules

    metas = {r.meta.id: r.meta for r in load_rules(bundled_rule_files())}
    assert metas["PRT002"].help_uri == (
        "https://github.com/archlint/archlint/blob/main/docs/rules.md#prt002-backend-api-port"
    )
    text = next(f.text for f in bundled_rule_files() if f.name == "bundled:PRT002.yaml")
    (user,) = load_rules([RuleFile("mine/PRT002.yaml", text)])
    assert user.meta.help_uri is None
    linked = text + "help_uri: https://wiki.example/ports\n"
    (user,) = load_rules([RuleFile("mine/PRT002.yaml", linked)])
    assert user.meta.help_uri == "https://wiki.example/ports"
