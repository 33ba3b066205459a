"""Human-readable output for a terminal, rendered with rich.

Paths are relative to the repository root, shown from ``Report.cwd`` (the directory archlint ran
in) so that a terminal opens them with a click. Findings are grouped by file (files sorted, a
blank line between groups; within a file by line, column and rule id)::

    compose.yaml:12:5  PRT001  error  service 'web' publishes port 8080 but the app listens on 8000
        related: app/main.py:40:1 the app binds here

    3 findings (1 error, 2 warnings) in 12 files; 1 suppressed

A finding repeated once per variant (the same rule and message, the file aside, in several
files: one literal password in three compose files) is shown once, at its first place, with the
other places listed (``also at:``); JSON and SARIF keep every one, and the summary counts each.

A clean run prints ``No findings in 12 files.``. User content (paths, messages) is never parsed as
rich markup or emoji codes: it goes into :class:`rich.text.Text` segments verbatim.
"""

from __future__ import annotations

from io import StringIO
from itertools import groupby
from typing import TYPE_CHECKING

from archlint.domain.findings import Finding, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.reporters.base import severity_counts, shown_path, sorted_findings

if TYPE_CHECKING:
    from rich.text import Text

# Wide enough that rich never wraps; soft_wrap disables wrapping as well.
_WIDTH = 10_000

_SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.NOTE: "cyan",
}


class TextReporter:
    """The default ``--format text`` output."""

    name = "text"

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet  # findings only: no summary line, no notes

    def render(self, report: Report, *, color: bool) -> str:
        # imported here: rich costs ~25 ms to import, and a --format json run needs none of it
        from rich.console import Console
        from rich.text import Text

        buffer = StringIO()
        console = Console(
            file=buffer,
            force_terminal=color,
            no_color=not color,
            # A fixed colour system keeps colored output independent of the user's terminal.
            color_system="standard" if color else None,
            width=_WIDTH,
            soft_wrap=True,
            highlight=False,
            markup=False,
            emoji=False,
            legacy_windows=False,
        )
        findings = sorted_findings(report)
        hidden = frozenset(report.suppressed_findings)  # listed only with --show-suppressed
        shown = sorted((*findings, *hidden), key=Finding.sort_key)
        repeats = _repeats(findings)
        absorbed = {f for others in repeats.values() for f in others}
        shown = [f for f in shown if f not in absorbed]
        for _, group in groupby(shown, key=lambda f: f.location.path):
            for finding in group:
                lines = _finding_lines(finding, report, finding in hidden, repeats.get(finding, []))
                for line in lines:
                    console.print(line)
            console.print()
        for diag in report.unused_suppressions:  # --report-unused-suppressions: a finding of sorts
            where = _where(diag.location, report)
            console.print(
                Text.assemble((where, "bold"), "  ", ("unused", "magenta"), "  ", diag.message)
            )
        if report.unused_suppressions:
            console.print()
        if self.quiet:
            return buffer.getvalue()
        for diag in report.warnings:
            where = _where(diag.location, report)
            console.print(Text.assemble(("warning: ", "yellow"), where, ": ", diag.message))
        for notice in report.notices:
            console.print(Text.assemble(("note: ", "cyan"), notice))
        for path, why in report.skipped:
            console.print(Text.assemble(("not scanned: ", "yellow"), f"{path}: {why}"))
        for diag in report.partly_read:
            console.print(
                Text.assemble(("note: ", "cyan"), _where(diag.location, report), ": ", diag.message)
            )
        if report.baseline_fixed:
            console.print(
                Text.assemble(
                    ("note: ", "cyan"),
                    f"{_plural(len(report.baseline_fixed), 'baseline entry', 'baseline entries')}"
                    " no longer match (fixed); --write-baseline prunes them:",
                )
            )
            for entry in report.baseline_fixed:
                console.print(Text("    fixed: " + entry, style="green"))
        console.print(Text(summary_line(report), style="bold" if findings else "green"))
        return buffer.getvalue()


def summary_line(report: Report) -> str:
    """``3 findings (1 error, 2 warnings) in 12 files; 1 suppressed`` or ``No findings in 3 files.``

    Zero counts are left out of the parenthesis; ``; N suppressed`` and ``; N in the baseline``
    appear only when N > 0.
    """
    files = _plural(report.files_scanned, "file")
    suppressed = f"; {report.suppressed} suppressed" if report.suppressed else ""
    if report.baselined:
        suppressed += f"; {report.baselined} in the baseline"
    if not report.findings:
        return f"No findings in {files}{suppressed}."
    counts = ", ".join(_plural(n, sev.value) for sev, n in severity_counts(report).items() if n)
    return f"{_plural(len(report.findings), 'finding')} ({counts}) in {files}{suppressed}"


def _repeats(findings: list[Finding]) -> dict[Finding, list[Finding]]:
    """Findings that repeat in variants of a file: the first of each (by file, line) to the others.

    A repeat has the same rule, severity and message (the file's own path taken out of it) and
    is in another variant of the same file: its name up to the first dot is the same
    (``docker-compose.yml``, ``docker-compose.prod.yml``, ``docker/local/docker-compose.yml``;
    ``.env``, ``.env.local``); outside compose and dot-env files, in the same folder
    (``Dockerfile``, ``Dockerfile.dev``: two services' Dockerfiles are two decisions). Two
    findings in one file, findings in source code (a print call in two modules) and files that
    cannot be read (PARSE001: each is its own fix) are separate decisions, all shown."""
    by_key: dict[tuple[str, str, str, str], list[Finding]] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        family = _variant_family(finding.location.path)
        if family is None or finding.rule_id == "PARSE001":
            continue
        message = finding.message.replace(finding.location.path, "\0")
        key = (finding.rule_id, finding.severity.value, message, family)
        by_key.setdefault(key, []).append(finding)
    repeats: dict[Finding, list[Finding]] = {}
    for group in by_key.values():
        first, others = group[0], group[1:]
        others = [f for f in others if f.location.path != first.location.path]
        if others:
            repeats[first] = others
    return repeats


def _variant_family(path: str) -> str | None:
    folder, _, name = path.rpartition("/")
    name = name.lower()
    if name.rpartition(".")[2] in _CODE_SUFFIXES:
        return None
    if name.startswith("."):  # .env, .env.local: the dot-file's name is the family
        return "." + name[1:].partition(".")[0]
    family = name.partition(".")[0]
    # compose variants live in other folders too (docker/local/docker-compose.yml)
    return family if family in _ANYWHERE else f"{folder}/{family}"


_ANYWHERE = frozenset({"docker-compose", "compose"})


_CODE_SUFFIXES = frozenset(
    {"py", "ts", "tsx", "js", "jsx", "mjs", "cjs", "go", "rs", "java", "kt", "cs", "php", "rb"}
)


def _finding_lines(
    finding: Finding, report: Report, suppressed: bool, repeats: list[Finding] | None = None
) -> list[Text]:
    from rich.text import Text

    head = Text.assemble(
        (_where(finding.location, report), "bold"),
        "  ",
        (finding.rule_id, "magenta"),
        "  ",
        (finding.severity.value, _SEVERITY_STYLE[finding.severity]),
        "  ",
        finding.message,
    )
    if suppressed:
        head.append("  (suppressed)", "dim")
    if repeats:
        head.append(f"  ({_plural(len(repeats) + 1, 'place')})", "dim")
    lines = [head]
    for other in repeats or []:
        lines.append(Text.assemble("    also at: ", (_where(other.location, report), "bold")))
    for rel in finding.related:
        where = _where(rel.location, report)
        lines.append(Text.assemble("    related: ", (where, "dim"), " ", rel.message))
    return lines


def _where(location: Location, report: Report) -> str:
    path = shown_path(location.path, report.root, report.cwd)
    return f"{path}:{location.line}:{location.column}"


def _plural(n: int, word: str, words: str = "") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"
