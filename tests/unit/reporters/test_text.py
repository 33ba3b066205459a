from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from archlint.domain.findings import Finding, RelatedLocation, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.reporters.registry import BUILTIN_REPORTERS
from archlint.reporters.text import TextReporter, summary_line

ReportFactory = Callable[..., Report]

ANSI = re.compile(r"\x1b\[[0-9;]*m")

EXPECTED = """\
app/main.py:1:1  DOC003  note  component 'app' has no README
app/main.py:3:1  DEP002  warning  requests is imported but not declared

broken.yaml:4:2  PARSE001  error  mapping values are not allowed here

compose.yaml:12:5  PRT001  error  service 'web' publishes 8080 but the app listens on 8000
    related: app/main.py:40:1 the app binds here
    related: Dockerfile:7:1 EXPOSE 8000

4 findings (2 errors, 1 warning, 1 note) in 12 files; 1 suppressed
"""


def render(report: Report, color: bool = False) -> str:
    return TextReporter().render(report, color=color)


def test_snapshot_without_color(sample_report: Report) -> None:
    assert render(sample_report) == EXPECTED


def test_registered_under_its_name() -> None:
    assert BUILTIN_REPORTERS["text"].name == "text"
    assert isinstance(BUILTIN_REPORTERS["text"], TextReporter)


def test_no_ansi_without_color(sample_report: Report) -> None:
    assert "\x1b" not in render(sample_report)


def test_color_adds_ansi_but_same_text(sample_report: Report) -> None:
    colored = render(sample_report, color=True)
    assert ANSI.search(colored)
    assert ANSI.sub("", colored) == EXPECTED


def test_clean_report(clean_report: Report) -> None:
    assert render(clean_report) == "No findings in 3 files.\n"


def test_order_independent_of_input_order(
    make_report: ReportFactory, sample_report: Report
) -> None:
    shuffled = make_report(tuple(reversed(sample_report.findings)))
    assert render(shuffled) == render(sample_report)
    assert render(sample_report, True) == render(sample_report, True)


def test_user_content_is_not_markup_and_never_wraps(make_report: ReportFactory) -> None:
    message = "[bold red]not markup[/] :warning: \\[x] " + "long " * 100
    finding = Finding(
        "PRT001",
        Severity.ERROR,
        message,
        Location("[dir]/a.yaml", 1, 1),
        "k",
        (RelatedLocation(Location("b [x].py", 2, 3), "[i]see[/i]"),),
    )
    out = render(make_report((finding,), suppressed=0, files_scanned=1))
    lines = out.splitlines()
    assert lines[0] == f"[dir]/a.yaml:1:1  PRT001  error  {message}"
    assert lines[1] == "    related: b [x].py:2:3 [i]see[/i]"
    assert lines[3] == "1 finding (1 error) in 1 file"


@pytest.mark.parametrize(
    ("severities", "suppressed", "files", "expected"),
    [
        ((), 0, 1, "No findings in 1 file."),
        ((), 2, 5, "No findings in 5 files; 2 suppressed."),
        ((Severity.WARNING,), 0, 2, "1 finding (1 warning) in 2 files"),
        (
            (Severity.ERROR, Severity.WARNING, Severity.WARNING),
            1,
            12,
            "3 findings (1 error, 2 warnings) in 12 files; 1 suppressed",
        ),
        ((Severity.NOTE, Severity.NOTE), 0, 0, "2 findings (2 notes) in 0 files"),
    ],
)
def test_summary_line(
    make_report: ReportFactory,
    severities: tuple[Severity, ...],
    suppressed: int,
    files: int,
    expected: str,
) -> None:
    findings = tuple(
        Finding("PRT001", sev, "m", Location("a.yaml", i + 1, 1), f"k{i}")
        for i, sev in enumerate(severities)
    )
    report = make_report(findings, suppressed=suppressed, files_scanned=files)
    assert summary_line(report) == expected
    assert render(report).endswith(expected + "\n")


def _secret(path: str, line: int, name: str = "POSTGRES_PASSWORD") -> Finding:
    return Finding(
        rule_id="PRT001",
        severity=Severity.ERROR,
        message=f"{name} is set to a literal value (compose-environment)",
        location=Location(path, line, 7),
        evidence_key=f"env_var:{path}#{name}",
        related=(RelatedLocation(Location("db/init.sql", 1, 1), "used here"),),
    )


def test_a_finding_repeated_per_variant_is_shown_once_with_its_places(
    make_report: ReportFactory,
) -> None:
    findings = (
        _secret("docker-compose.yml", 9),
        _secret("docker-compose.prod.yml", 4),
        _secret("deploy/local/docker-compose.yml", 12),
        _secret("docker-compose.yml", 10, "REDIS_PASSWORD"),  # another decision: its own line
        _secret("compose.yaml", 3),  # not a variant of docker-compose.yml
    )
    dotenv = (_secret(".env", 2, "API_TOKEN"), _secret("web/.env.local", 5, "API_TOKEN"))
    assert "also at: web/.env.local:5:7" in render(make_report(dotenv, diagnostics=()))
    out = render(make_report(findings, diagnostics=(), suppressed=0))
    assert out == (
        "compose.yaml:3:7  PRT001  error  POSTGRES_PASSWORD is set to a literal value "
        "(compose-environment)\n"
        "    related: db/init.sql:1:1 used here\n"
        "\n"
        "deploy/local/docker-compose.yml:12:7  PRT001  error  POSTGRES_PASSWORD is set to a "
        "literal value (compose-environment)  (3 places)\n"
        "    also at: docker-compose.prod.yml:4:7\n"
        "    also at: docker-compose.yml:9:7\n"
        "    related: db/init.sql:1:1 used here\n"
        "\n"
        "docker-compose.yml:10:7  PRT001  error  REDIS_PASSWORD is set to a literal value "
        "(compose-environment)\n"
        "    related: db/init.sql:1:1 used here\n"
        "\n"
        "5 findings (5 errors) in 12 files\n"
    )


def test_source_code_repeats_and_repeats_in_one_file_are_all_shown(
    make_report: ReportFactory,
) -> None:
    findings = (
        _secret("api/main.py", 3),
        _secret("worker/main.py", 3),
        _secret("docker-compose.yml", 4),
        _secret("docker-compose.yml", 20),
    )
    out = render(make_report(findings, diagnostics=(), suppressed=0))
    assert "also at" not in out and out.count("POSTGRES_PASSWORD") == 4
