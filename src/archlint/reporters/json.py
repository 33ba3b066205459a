"""Machine-readable output: one JSON document with a documented, versioned shape.

``--format json`` prints (``version`` changes only when the shape changes incompatibly)::

    {
      "version": 1,
      "tool": {"name": "archlint", "version": "0.1.0"},
      "root": "/abs/path/of/the/repository/root",
      "summary": {
        "findings": 2,
        "by_severity": {"error": 1, "warning": 1, "note": 0},
        "suppressed": 0,
        "files_scanned": 12
      },
      "findings": [
        {
          "rule_id": "PRT001",
          "severity": "error",
          "message": "service 'web' publishes port 8080 but the app listens on 8000",
          "location": {"path": "compose.yaml", "line": 12, "column": 5},
          "related": [
            {"location": {"path": "app/main.py", "line": 40, "column": 1},
             "message": "the app binds here"}
          ],
          "fingerprint": "<sha256 hex of rule_id, path and evidence key; no line number>"
        }
      ],
      "rules": [
        {"id": "PRT001", "name": "compose-port-matches-app", "severity": "error",
         "tags": ["ports"]}
      ]
    }

Paths are POSIX and relative to ``root`` (the enclosing git work tree, else the scanned folder);
lines and columns are 1-based. ``findings`` are sorted by path, line, column and rule id;
``rules`` (every rule that ran) by id. Files that failed to parse appear as ``PARSE001``
findings. Keys are sorted and the document ends with a newline.
"""

from __future__ import annotations

import json
from typing import Any

from archlint.domain.findings import Finding
from archlint.domain.report import Report
from archlint.domain.rules import RuleMeta
from archlint.reporters.base import fingerprint, severity_counts, sorted_findings

SCHEMA_VERSION = 1


class JsonReporter:
    """``--format json``."""

    name = "json"

    def render(self, report: Report, *, color: bool) -> str:
        return json.dumps(to_document(report), indent=2, sort_keys=True) + "\n"


def to_document(report: Report) -> dict[str, Any]:
    """The report as the JSON-ready dict described in this module's docstring."""
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "archlint", "version": report.tool_version},
        "root": report.root,
        "summary": {
            "findings": len(report.findings),
            "by_severity": {sev.value: n for sev, n in severity_counts(report).items()},
            "suppressed": report.suppressed,
            "files_scanned": report.files_scanned,
        },
        "findings": [_finding(f) for f in sorted_findings(report)],
        "rules": [_rule(r) for r in sorted(report.rules, key=lambda r: r.id)],
    }
    if report.notices:  # only when there are some: the document of a plain run is unchanged
        document["notices"] = list(report.notices)
    if report.skipped:
        document["skipped"] = [{"path": p, "reason": why} for p, why in report.skipped]
    if report.baselined or report.baseline_fixed:  # --baseline
        document["baseline"] = {
            "accepted": report.baselined,
            "fixed": list(report.baseline_fixed),
        }
    for key, diagnostics in (
        ("warnings", report.warnings),  # suppression markers that name no rule
        ("unused_suppressions", report.unused_suppressions),  # --report-unused-suppressions
        ("partly_read", report.partly_read),  # files the parser recovered in
    ):
        if diagnostics:
            document[key] = [
                {"location": d.location.as_dict(), "message": d.message} for d in diagnostics
            ]
    if report.suppressed_findings:  # --show-suppressed
        shown = sorted(report.suppressed_findings, key=Finding.sort_key)
        document["suppressed_findings"] = [_finding(f) for f in shown]
    return document


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "message": finding.message,
        "location": finding.location.as_dict(),
        "related": [
            {"location": rel.location.as_dict(), "message": rel.message} for rel in finding.related
        ],
        "fingerprint": fingerprint(finding),
    }


def _rule(rule: RuleMeta) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity.value,
        "tags": list(rule.tags),
    }
