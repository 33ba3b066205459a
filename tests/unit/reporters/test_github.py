from __future__ import annotations

from archlint.domain.findings import Finding, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.reporters.github import GithubReporter


def test_one_annotation_per_finding_in_output_order(sample_report: Report) -> None:
    out = GithubReporter().render(sample_report, color=True)
    assert out.splitlines() == [
        "::notice file=app/main.py,line=1,col=1,title=DOC003 doc003-name::component 'app' has no README",
        "::warning file=app/main.py,line=3,col=1,title=DEP002 dep002-name::requests is imported but not declared",
        "::error file=broken.yaml,line=4,col=2,title=PARSE001 parse001-name::mapping values are not allowed here",
        "::error file=compose.yaml,line=12,col=5,title=PRT001 prt001-name::service 'web' publishes 8080 but the app listens on 8000",
    ]


def test_values_are_escaped(make_report: object) -> None:
    finding = Finding(
        rule_id="PRT001",
        severity=Severity.ERROR,
        message="50% done\nnext line",
        location=Location("a,b:c.yml", 2, 3),
        evidence_key="x",
    )
    report = make_report(findings=(finding,))  # type: ignore[operator]
    out = GithubReporter().render(report, color=False)
    assert (
        out
        == "::error file=a%2Cb%3Ac.yml,line=2,col=3,title=PRT001 prt001-name::50%25 done%0Anext line\n"
    )


def test_clean_report_prints_nothing(clean_report: Report) -> None:
    assert GithubReporter().render(clean_report, color=False) == ""
