"""What one run produced: the input of every reporter."""

from __future__ import annotations

from dataclasses import dataclass

from archlint.domain.facts import Diagnostic
from archlint.domain.findings import Finding
from archlint.domain.rules import RuleMeta


@dataclass(frozen=True, slots=True)
class Report:
    """A finished run.

    ``findings`` are sorted and exclude suppressed ones (``suppressed`` counts those, and
    ``suppressed_findings`` lists them); paths are relative to ``root``, the repository root;
    ``rules`` are every rule that ran, sorted by id; ``diagnostics`` are files that failed to parse
    (each also appears as a ``PARSE001`` finding).
    """

    tool_version: str
    root: str  # absolute path of the repository root (the git work tree, else scanned), POSIX
    findings: tuple[Finding, ...]
    rules: tuple[RuleMeta, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    suppressed: int = 0
    files_scanned: int = 0
    # remarks about the run itself (a user-defined concept that labels nothing), sorted
    notices: tuple[str, ...] = ()
    # entries of the repository left out for a reason (a symlink out of the root, a symlinked
    # directory, an unreadable directory), as (path, why): said, never silently dropped
    skipped: tuple[tuple[str, str], ...] = ()
    suppressed_findings: tuple[Finding, ...] = ()
    # absolute POSIX path of the directory archlint ran in: terminal output shows paths from
    # there, so they open with a click ("" shows them relative to ``root``)
    cwd: str = ""
    # the baseline (--baseline): how many findings it accepted, and its entries that matched
    # nothing (fixed since), described for people
    baselined: int = 0
    baseline_fixed: tuple[str, ...] = ()
    # suppression markers naming no rule (a did-you-mean), and ones that suppressed nothing
    # (listed with --report-unused-suppressions), sorted
    warnings: tuple[Diagnostic, ...] = ()
    unused_suppressions: tuple[Diagnostic, ...] = ()
    # files read only in part: the parser recovered around places it could not read (TS/JS
    # syntax the grammar cannot read, or a syntax error), at the first such place; sorted
    partly_read: tuple[Diagnostic, ...] = ()
