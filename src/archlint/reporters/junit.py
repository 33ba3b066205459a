"""JUnit XML for the test tabs of GitLab, Jenkins and Azure DevOps: one testcase per rule.

``--format junit`` (or ``--output junit:archlint.xml``) prints::

    <testsuites name="archlint" tests="23" failures="2" errors="0">
      <testsuite name="archlint" tests="23" failures="2" errors="0" skipped="0">
        <testcase classname="archlint.ports" name="PRT002 backend-api-port" file="compose.yaml">
          <failure type="warning" message="compose.yaml:23:9 backend API port ...">...</failure>
        </testcase>
        <testcase classname="archlint.frontend" name="FE001 react-typescript"/>
      </testsuite>
    </testsuites>

Every rule that ran is a testcase (classname ``archlint.<area>``, the rule's first tag) and each of
its findings is a ``<failure>`` whose message is the location and the message; the body adds the
related locations and the rule's fix. ``failures`` counts failed testcases (rules with findings),
as the test tabs count them. Rules and failures are sorted, so the output is byte-stable.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from archlint.domain.findings import Finding
from archlint.domain.report import Report
from archlint.domain.rules import RuleMeta
from archlint.reporters.base import area_of, sorted_findings


class JunitReporter:
    """``--format junit``."""

    name = "junit"

    def render(self, report: Report, *, color: bool) -> str:
        by_rule = {
            rule_id: list(group)
            for rule_id, group in groupby(
                sorted(sorted_findings(report), key=lambda f: f.rule_id), key=lambda f: f.rule_id
            )
        }
        rules = sorted(report.rules, key=lambda r: r.id)
        counts = {
            "tests": str(len(rules)),
            "failures": str(sum(1 for r in rules if r.id in by_rule)),
            "errors": "0",
        }
        suites = ET.Element("testsuites", {"name": "archlint", **counts})
        suite = ET.SubElement(suites, "testsuite", {"name": "archlint", **counts, "skipped": "0"})
        for rule in rules:
            _testcase(suite, rule, by_rule.get(rule.id, []))
        ET.indent(suites)
        body = ET.tostring(suites, encoding="unicode", short_empty_elements=True)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _testcase(suite: ET.Element, rule: RuleMeta, findings: list[Finding]) -> None:
    attrs = {"classname": f"archlint.{area_of(rule)}", "name": f"{rule.id} {rule.name}"}
    if findings:
        attrs["file"] = findings[0].location.path
        attrs["line"] = str(findings[0].location.line)
    case = ET.SubElement(suite, "testcase", attrs)
    for finding in findings:
        failure = ET.SubElement(
            case,
            "failure",
            {
                "type": finding.severity.value,
                "message": _xml(f"{finding.location} {finding.message}"),
            },
        )
        lines = [f"{finding.location}: {finding.message}"]
        lines += [f"  related: {rel.location} {rel.message}" for rel in finding.related]
        lines.append(f"How to fix: {rule.docs.fix}")
        failure.text = _xml("\n".join(lines))


# characters XML 1.0 cannot carry at all, even escaped (a message quoting a binary file)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
