"""Where paths start: the repository root that findings are relative to, whatever is scanned.

``archlint check services/admin`` parses ``services/admin`` but reports
``services/admin/Dockerfile``, the path GitHub code scanning, an editor and ``git`` know the
file by. The repository root is the nearest enclosing git work tree (a folder holding ``.git``,
a directory or a worktree's file), else the scanned folder itself. Nothing is executed to find
it: no ``git`` subprocess.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from archlint.domain.facts import Diagnostic
from archlint.domain.findings import Finding, RelatedLocation
from archlint.domain.location import Location
from archlint.domain.report import Report


def repository_root(scanned: Path) -> Path:
    """The nearest folder at or above ``scanned`` holding ``.git``; else ``scanned``, resolved."""
    start = scanned.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def prefix_of(scanned: Path, base: Path) -> str:
    """The POSIX path of ``scanned`` inside ``base`` ("" when they are one folder)."""
    relative = scanned.resolve().relative_to(base.resolve()).as_posix()
    return "" if relative == "." else relative


def rebased(report: Report, base: Path, prefix: str) -> Report:
    """``report`` with every path ``prefix``-ed and its root set to ``base``."""
    if not prefix:
        return replace(report, root=base.resolve().as_posix())
    return replace(
        report,
        root=base.resolve().as_posix(),
        findings=tuple(_finding(f, prefix) for f in report.findings),
        suppressed_findings=tuple(_finding(f, prefix) for f in report.suppressed_findings),
        diagnostics=_diagnostics(report.diagnostics, prefix),
        warnings=_diagnostics(report.warnings, prefix),
        unused_suppressions=_diagnostics(report.unused_suppressions, prefix),
        partly_read=_diagnostics(report.partly_read, prefix),
        skipped=tuple((f"{prefix}/{path}", why) for path, why in report.skipped),
    )


def _diagnostics(diagnostics: tuple[Diagnostic, ...], prefix: str) -> tuple[Diagnostic, ...]:
    return tuple(Diagnostic(_location(d.location, prefix), d.message) for d in diagnostics)


def _finding(finding: Finding, prefix: str) -> Finding:
    return replace(
        finding,
        location=_location(finding.location, prefix),
        related=tuple(
            RelatedLocation(_location(r.location, prefix), r.message) for r in finding.related
        ),
    )


def _location(location: Location, prefix: str) -> Location:
    return replace(location, path=f"{prefix}/{location.path}")
