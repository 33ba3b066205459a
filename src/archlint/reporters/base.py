"""The reporter plugin protocol and the helpers every reporter shares."""

from __future__ import annotations

import hashlib
import posixpath
from typing import Protocol

from archlint.domain.findings import Finding, Severity
from archlint.domain.report import Report
from archlint.domain.rules import RuleMeta

FINGERPRINT_KEY = "archlint/v1"
"""Name of the fingerprint scheme; bump it if :func:`fingerprint` ever changes its input."""


class Reporter(Protocol):
    """An output format. ``name`` is its registry key (``--format NAME``).

    ``render`` is a pure function of the report: the same report gives byte-identical output.
    ``color`` asks for terminal styling; formats meant for machines ignore it.
    """

    name: str

    def render(self, report: Report, *, color: bool) -> str: ...


def fingerprint(finding: Finding) -> str:
    """A stable identity for a finding: sha256 of rule id, path and evidence key.

    The line number is deliberately left out, so a finding keeps its fingerprint when lines are
    inserted above it (code scanning then tracks it as the same alert).
    """
    key = "\0".join((finding.rule_id, finding.location.path, finding.evidence_key))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def sorted_findings(report: Report) -> list[Finding]:
    """Findings in output order: path, line, column, rule id, message."""
    return sorted(report.findings, key=Finding.sort_key)


def severity_counts(report: Report) -> dict[Severity, int]:
    """How many findings of each severity, every severity present (most severe first)."""
    counts = {sev: 0 for sev in sorted(Severity, key=lambda s: -s.rank)}
    for finding in report.findings:
        counts[finding.severity] += 1
    return counts


def shown_path(path: str, root: str, cwd: str) -> str:
    """``path`` (relative to ``root``) as seen from ``cwd``: ``../shop/web/package.json``.

    Both ``root`` and ``cwd`` are absolute POSIX paths; the path is returned unchanged when ``cwd``
    is empty or either is not absolute (a Windows drive path)."""
    if not cwd or not root.startswith("/") or not cwd.startswith("/"):
        return path
    return posixpath.relpath(posixpath.join(root, path), cwd)


def area_of(rule: RuleMeta) -> str:
    """The area a rule belongs to (ports, frontend, security...): its first tag, else "other"."""
    return rule.tags[0] if rule.tags else "other"
