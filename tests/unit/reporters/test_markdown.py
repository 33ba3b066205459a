from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from archlint.domain.findings import Finding, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.reporters.markdown import TOP, MarkdownReporter
from archlint.reporters.registry import BUILTIN_REPORTERS

ReportFactory = Callable[..., Report]

EXPECTED = """\
## archlint: 4 findings (2 errors, 1 warning, 1 note) in 12 files; 1 suppressed

| area | rule | findings |
|---|---|---:|
| deps | DEP002 dep002-name | 1 |
| other | DOC003 doc003-name | 1 |
| parse | PARSE001 parse001-name | 1 |
| ports | PRT001 prt001-name | 1 |

### Top findings

| severity | rule | where | message |
|---|---|---|---|
| error | PARSE001 | `broken.yaml:4` | mapping values are not allowed here |
| error | PRT001 | `compose.yaml:12` | service 'web' publishes 8080 but the app listens on 8000 |
| warning | DEP002 | `app/main.py:3` | requests is imported but not declared |
| note | DOC003 | `app/main.py:1` | component 'app' has no README |
"""


def render(report: Report) -> str:
    return MarkdownReporter().render(report, color=False)


def test_snapshot(sample_report: Report) -> None:
    assert render(sample_report) == EXPECTED


def test_clean_run_is_one_line(clean_report: Report) -> None:
    assert render(clean_report) == "## archlint: No findings in 3 files.\n"


def test_cells_cannot_break_the_table(make_report: ReportFactory) -> None:
    finding = Finding("PRT001", Severity.ERROR, "a | b `c`\nd", Location("x|y.yaml"), "k")
    row = render(make_report((finding,))).splitlines()[-1]
    assert row == "| error | PRT001 | `x\\|y.yaml:1` | a \\| b 'c' d |"


def test_top_findings_are_capped_and_the_rest_counted(make_report: ReportFactory) -> None:
    warnings = [
        Finding("DEP002", Severity.WARNING, f"m{n}", Location(f"f{n:03}.txt"), f"k{n}")
        for n in range(TOP + 5)
    ]
    findings = (*warnings, Finding("PRT001", Severity.ERROR, "worst", Location("z.txt"), "kz"))
    text = render(make_report(findings))
    rows = [line for line in text.splitlines() if line.startswith("| warning") or "worst" in line]
    assert len(rows) == TOP
    assert rows[0].startswith("| error | PRT001 | `z.txt:1` | worst")  # most severe first
    assert "…and 6 more" in text
    assert "| deps | DEP002 dep002-name | 25 |" in text


def test_rules_with_docs_link_them(make_report: ReportFactory, sample_report: Report) -> None:
    rules = tuple(
        replace(r, help_uri="https://example.test/r#prt001") if r.id == "PRT001" else r
        for r in sample_report.rules
    )
    text = render(make_report(rules=rules))
    assert "| ports | [PRT001 prt001-name](https://example.test/r#prt001) | 1 |" in text
    assert "| error | [PRT001](https://example.test/r#prt001) | `compose.yaml:12` |" in text


def test_notices_are_quoted(sample_report: Report) -> None:
    text = render(replace(sample_report, notices=("concept 'x' labels nothing",)))
    assert text.endswith("\n> note: concept 'x' labels nothing\n")


def test_registered() -> None:
    assert isinstance(BUILTIN_REPORTERS["markdown"], MarkdownReporter)
