"""The SARIF log of a report, built with the ``sarif-om`` object model (see :mod:`.sarif`);
imported only when a SARIF report is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attr
import sarif_om as om

from archlint.domain.facts import PARSE_RULE_ID, Diagnostic
from archlint.domain.findings import Finding, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.domain.rules import RuleMeta
from archlint.reporters.base import FINGERPRINT_KEY, fingerprint, sorted_findings
from archlint.reporters.sarif import (
    INFORMATION_URI,
    MAX_RESULTS,
    SCHEMA_URI,
    SRCROOT,
    artifact_uri,
    root_uri,
)

# GitHub's ``problem.severity`` knows error / warning / recommendation.
_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTE: "recommendation",
}
# Kept even when equal to the schema default: explicit levels read better and GitHub shows them.
_ALWAYS_EMIT = frozenset({"level"})
# Present even when empty: GitHub rejects a run without ``results``.
_KEEP_EMPTY = frozenset({"results"})


def build_log(
    report: Report, *, category: str = "archlint", max_results: int = MAX_RESULTS
) -> om.SarifLog:
    """The report as a sarif-om ``SarifLog``. Raises ValueError for a finding of an unknown rule.

    At most ``max_results`` results: the most severe are kept (then by path), the others are
    counted in a warning notification."""
    rules = sorted(report.rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    kept, dropped = _capped(sorted_findings(report), max_results)
    for finding in kept:
        if finding.rule_id not in index:
            raise ValueError(
                f"finding at {finding.location} names rule {finding.rule_id!r}, "
                "which is not among the report's rules"
            )
        results.append(_result(finding, index[finding.rule_id]))
    for finding in sorted(report.suppressed_findings, key=Finding.sort_key):  # --show-suppressed
        if finding.rule_id in index:
            result = _result(finding, index[finding.rule_id])
            result.suppressions = [om.Suppression(kind="inSource")]
            results.append(result)
    driver = om.ToolComponent(
        name="archlint",
        version=report.tool_version,
        semantic_version=report.tool_version,
        information_uri=INFORMATION_URI,
        rules=[_descriptor(rule) for rule in rules],
    )
    run = om.Run(
        tool=om.Tool(driver=driver),
        results=results,
        invocations=[
            _invocation(
                report.diagnostics,
                report.notices,
                report.warnings + report.unused_suppressions,
                dropped,
                max_results,
                report.skipped,
                report.partly_read,
            )
        ],
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=root_uri(report.root))},
        # GitHub: the category is the part before the last "/" (one analysis per category)
        automation_details=om.RunAutomationDetails(id=f"{category.rstrip('/')}/"),
        column_kind="unicodeCodePoints",
    )
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])


def to_sarif_json(value: Any) -> Any:
    """sarif-om objects -> JSON-ready data under the SARIF property names (``ruleIndex``...).

    Drops None, values equal to the field's schema default (``-1`` indexes, ``en-US``...) except
    ``level``, and empty lists or dicts except ``results``.
    """
    if attr.has(type(value)):
        out: dict[str, Any] = {}
        for field in attr.fields(type(value)):
            name = field.metadata["schema_property_name"]
            item = getattr(value, field.name)
            if item is None or (name not in _ALWAYS_EMIT and item == _default(field)):
                continue
            if isinstance(item, list | dict) and not item and name not in _KEEP_EMPTY:
                continue
            out[name] = to_sarif_json(item)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_sarif_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_sarif_json(v) for v in value]
    return value


def _default(field: Any) -> Any:
    default = field.default
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


def _descriptor(rule: RuleMeta) -> om.ReportingDescriptor:
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.docs.summary),
        full_description=om.MultiformatMessageString(text=rule.docs.why),
        help=om.MultiformatMessageString(text=_help_text(rule), markdown=rule.markdown()),
        help_uri=rule.help_uri,
        default_configuration=om.ReportingConfiguration(level=rule.severity.value),
        properties=_properties(rule),
    )


def _properties(rule: RuleMeta) -> dict[str, Any]:
    # A property bag is open-ended, so a plain dict; om.PropertyBag only models ``tags``.
    bag: dict[str, Any] = {
        # The rules are declarative checks over parsed facts, not heuristics.
        "precision": "high",
        "problem.severity": _PROBLEM_SEVERITY[rule.severity],
    }
    tags = set(rule.tags)
    if rule.security_severity is not None:
        # only a rule whose YAML says it is about security is a security alert on GitHub, ranked
        # by this CVSS-like score; GitHub also needs the "security" tag for it
        bag["security-severity"] = f"{rule.security_severity:.1f}"
        tags.add("security")
    else:
        # a missing Zod dependency is not a security alert: without a score, the "security"
        # tag would make GitHub show it as one of unknown severity
        tags.discard("security")
    if tags:
        bag["tags"] = sorted(tags)
    return bag


def _help_text(rule: RuleMeta) -> str:
    parts = [rule.docs.summary, rule.docs.why, f"How to fix: {rule.docs.fix}"]
    return "\n\n".join(p.strip() for p in parts if p.strip())


def _result(finding: Finding, rule_index: int) -> om.Result:
    return om.Result(
        rule_id=finding.rule_id,
        rule_index=rule_index,
        level=finding.severity.value,
        message=om.Message(text=finding.message),
        locations=[om.Location(physical_location=_physical(finding.location))],
        related_locations=[
            om.Location(
                id=i,
                physical_location=_physical(rel.location),
                message=om.Message(text=rel.message),
            )
            for i, rel in enumerate(finding.related, start=1)
        ],
        partial_fingerprints={FINGERPRINT_KEY: fingerprint(finding)},
    )


def _capped(findings: list[Finding], limit: int) -> tuple[list[Finding], int]:
    if len(findings) <= limit:
        return findings, 0
    worst = sorted(findings, key=lambda f: (-f.severity.rank, f.sort_key()))[:limit]
    return sorted(worst, key=Finding.sort_key), len(findings) - limit


def _invocation(
    diagnostics: tuple[Diagnostic, ...],
    notices: tuple[str, ...],
    warnings: tuple[Diagnostic, ...],
    dropped: int,
    limit: int,
    skipped: tuple[tuple[str, str], ...] = (),
    partly_read: tuple[Diagnostic, ...] = (),
) -> om.Invocation:
    notifications = [
        om.Notification(
            level="error",
            message=om.Message(text=diag.message),
            locations=[om.Location(physical_location=_physical(diag.location))],
            descriptor=om.ReportingDescriptorReference(id=PARSE_RULE_ID),
        )
        for diag in sorted(diagnostics)
    ]
    notifications += [
        om.Notification(
            level="warning",
            message=om.Message(text=f"not scanned: {why}"),
            locations=[om.Location(physical_location=_physical(Location(path)))],
        )
        for path, why in skipped
    ]
    notifications += [_warning(diag) for diag in partly_read]
    if dropped:
        text = (
            f"{dropped} more results were left out: GitHub code scanning accepts at most "
            f"{limit:,} results per run. The most severe are kept; run archlint locally "
            "(or with --select) for the full list."
        )
        notifications.append(om.Notification(level="warning", message=om.Message(text=text)))
    invocation = om.Invocation(
        execution_successful=True, tool_execution_notifications=notifications
    )
    remarks = [om.Notification(level="note", message=om.Message(text=text)) for text in notices]
    remarks += [_warning(diag) for diag in warnings]
    if remarks:  # remarks on the configuration (a concept that labels nothing, a bad marker)
        invocation.tool_configuration_notifications = remarks
    return invocation


def _warning(diag: Diagnostic) -> om.Notification:
    return om.Notification(
        level="warning",
        message=om.Message(text=diag.message),
        locations=[om.Location(physical_location=_physical(diag.location))],
    )


def _physical(location: Location) -> om.PhysicalLocation:
    return om.PhysicalLocation(
        artifact_location=om.ArtifactLocation(uri=artifact_uri(location.path), uri_base_id=SRCROOT),
        region=om.Region(start_line=location.line, start_column=location.column),
    )
