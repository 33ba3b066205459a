"""Hand-built reports shared by the reporter tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from archlint.domain.facts import Diagnostic
from archlint.domain.findings import Finding, RelatedLocation, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.domain.rules import RuleDocs, RuleMeta

ReportFactory = Callable[..., Report]


def rule(rule_id: str, severity: Severity = Severity.ERROR, tags: tuple[str, ...] = ()) -> RuleMeta:
    return RuleMeta(
        id=rule_id,
        name=f"{rule_id.lower()}-name",
        severity=severity,
        message="{message}",
        docs=RuleDocs(
            summary=f"{rule_id} summary.",
            why=f"Why {rule_id} matters.",
            fix=f"Fix {rule_id}.",
            example="services:\n  web: {}\n",
        ),
        tags=tags,
        parameters={"limit": 3},
    )


RULES = (
    rule("PARSE001", Severity.ERROR, ("parse",)),
    rule("PRT001", Severity.ERROR, ("ports", "compose")),
    rule("DEP002", Severity.WARNING, ("deps",)),
    rule("DOC003", Severity.NOTE),
)

PARSE_DIAGNOSTIC = Diagnostic(Location("broken.yaml", 4, 2), "mapping values are not allowed here")

FINDINGS = (
    Finding(
        rule_id="PRT001",
        severity=Severity.ERROR,
        message="service 'web' publishes 8080 but the app listens on 8000",
        location=Location("compose.yaml", 12, 5),
        evidence_key="compose_service:compose.yaml#web",
        related=(
            RelatedLocation(Location("app/main.py", 40, 1), "the app binds here"),
            RelatedLocation(Location("Dockerfile", 7, 1), "EXPOSE 8000"),
        ),
    ),
    Finding(
        rule_id="DEP002",
        severity=Severity.WARNING,
        message="requests is imported but not declared",
        location=Location("app/main.py", 3, 1),
        evidence_key="dependency:app/main.py#requests",
    ),
    Finding(
        rule_id="DOC003",
        severity=Severity.NOTE,
        message="component 'app' has no README",
        location=Location("app/main.py", 1, 1),
        evidence_key="component:app",
    ),
    Finding(
        rule_id="PARSE001",
        severity=Severity.ERROR,
        message=PARSE_DIAGNOSTIC.message,
        location=PARSE_DIAGNOSTIC.location,
        evidence_key="file:broken.yaml",
    ),
)


def build_report(
    findings: tuple[Finding, ...] = FINDINGS,
    *,
    rules: tuple[RuleMeta, ...] = RULES,
    diagnostics: tuple[Diagnostic, ...] = (PARSE_DIAGNOSTIC,),
    suppressed: int = 1,
    files_scanned: int = 12,
    root: str = "/work/sample repo",
) -> Report:
    return Report(
        tool_version="1.2.3",
        root=root,
        findings=findings,
        rules=tuple(sorted(rules, key=lambda r: r.id)),
        diagnostics=diagnostics,
        suppressed=suppressed,
        files_scanned=files_scanned,
    )


@pytest.fixture
def make_report() -> ReportFactory:
    """``make_report(findings=..., rules=..., ...)``: a Report; defaults to the full sample."""
    return build_report


@pytest.fixture
def sample_report() -> Report:
    """Four findings over three files, with related locations, a diagnostic and a suppression."""
    return build_report()


@pytest.fixture
def clean_report() -> Report:
    return build_report((), diagnostics=(), suppressed=0, files_scanned=3)
