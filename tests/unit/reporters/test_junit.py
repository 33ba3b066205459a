from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from archlint.domain.findings import Finding, Severity
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.reporters.junit import JunitReporter
from archlint.reporters.registry import BUILTIN_REPORTERS

ReportFactory = Callable[..., Report]


def parse(report: Report) -> ET.Element:
    text = JunitReporter().render(report, color=False)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.split("\n", 1)[1])


def test_one_testcase_per_rule_failures_per_finding(sample_report: Report) -> None:
    root = parse(sample_report)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "4", "0")
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [
        "DEP002 dep002-name",
        "DOC003 doc003-name",
        "PARSE001 parse001-name",
        "PRT001 prt001-name",
    ]
    prt = cases[3]
    assert prt.get("classname") == "archlint.ports"  # the rule's first tag is its area
    assert (prt.get("file"), prt.get("line")) == ("compose.yaml", "12")
    (failure,) = prt.findall("failure")
    assert failure.get("type") == "error"
    assert failure.get("message") == (
        "compose.yaml:12:5 service 'web' publishes 8080 but the app listens on 8000"
    )
    assert "related: app/main.py:40:1 the app binds here" in (failure.text or "")
    assert "How to fix: Fix PRT001." in (failure.text or "")
    assert cases[1].get("classname") == "archlint.other"  # no tags


def test_a_rule_without_findings_is_a_passing_testcase(clean_report: Report) -> None:
    root = parse(clean_report)
    assert root.get("failures") == "0"
    assert all(not list(case) for case in root.iter("testcase"))
    assert len(root.findall("testsuite/testcase")) == 4


def test_two_findings_of_a_rule_are_two_failures(make_report: ReportFactory) -> None:
    findings = tuple(
        Finding("PRT001", Severity.ERROR, f"port {n}", Location("a.yaml", n), f"k{n}")
        for n in (9, 3)
    )
    case = parse(make_report(findings)).findall("testsuite/testcase")[3]
    assert [f.get("message") for f in case.findall("failure")] == [
        "a.yaml:3:1 port 3",
        "a.yaml:9:1 port 9",
    ]


def test_text_xml_cannot_carry_is_replaced(make_report: ReportFactory) -> None:
    finding = Finding("PRT001", Severity.ERROR, "bad \x00\x1b byte & <tag>", Location("a"), "k")
    failure = parse(make_report((finding,))).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "a:1:1 bad \ufffd\ufffd byte & <tag>"


def test_registered() -> None:
    assert isinstance(BUILTIN_REPORTERS["junit"], JunitReporter)
