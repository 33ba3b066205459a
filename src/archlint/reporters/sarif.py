"""SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers.

The log is built with the ``sarif-om`` object model and serialised by :func:`to_sarif_json`, which
maps each attrs field to its SARIF property name and drops unset values. One run; every rule that
ran is a ``reportingDescriptor`` (sorted by id) and each result points at it by ``ruleIndex``.
Paths are relative to ``%SRCROOT%`` (``run.originalUriBaseIds``, the scan root). Each result carries
``partialFingerprints["archlint/v1"]``, which leaves out the line number so an alert survives lines
being inserted above it. Files that failed to parse are also reported as tool execution
notifications of ``PARSE001``.

GitHub's ingestion rules, each kept here: ``automationDetails.id`` is ``<category>/``
(``--category``, one analysis per category); at most :data:`MAX_RESULTS` results per run, the
rest dropped with a warning notification that says so; ``security-severity`` (and the
``security`` tag) only on rules whose YAML gives ``security_severity``; ``helpUri`` is the rule's
docs (docs/rules.md for bundled rules). Suppressed findings appear only with
``--show-suppressed``, as results with an ``inSource`` suppression.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from archlint.domain.report import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/archlint/archlint"
SRCROOT = "%SRCROOT%"


MAX_RESULTS = 25_000
"""GitHub code scanning rejects a run with more results; the rest are dropped and said so."""


class SarifReporter:
    """``--format sarif``; ``category`` becomes ``automationDetails.id`` (``--category``)."""

    name = "sarif"

    def __init__(self, category: str = "archlint", max_results: int = MAX_RESULTS) -> None:
        self.category = category
        self.max_results = max_results

    def render(self, report: Report, *, color: bool) -> str:
        # imported here: sarif-om and attrs cost ~40 ms to import, and most runs write no SARIF
        from archlint.reporters.sarif_log import build_log, to_sarif_json

        log = build_log(report, category=self.category, max_results=self.max_results)
        return json.dumps(to_sarif_json(log), indent=2, sort_keys=True) + "\n"


def artifact_uri(path: str) -> str:
    """A relative POSIX path as an RFC 3986 relative reference (spaces, unicode, ``:`` encoded)."""
    return quote(path, safe="/")


def root_uri(root: str) -> str:
    """The absolute scan root as a ``file:`` URI with a trailing slash."""
    path = root if root.startswith("/") else "/" + root  # a Windows drive: C:/src -> /C:/src
    return "file://" + quote(path.rstrip("/") + "/", safe="/:")
