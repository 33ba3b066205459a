"""``require`` as a list: each requirement is checked on its own, with its own message."""

from __future__ import annotations

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.engine.evaluator import evaluate
from archlint.engine.loader import RuleFile, load_rules
from archlint.errors import RuleError

RULE = """\
id: TST001
name: needs-both
severity: warning
message: "{node.name}: default message"
docs: {summary: s, why: w, fix: f}
parameters:
  banned: [redux]
select: {kind: component}
require:
  - that:
      related: {edge: owns, kind: dependency, where: {attr: name, in: $banned}, quantifier: none}
    message: "{node.name} uses {primary.name}"
  - that:
      related: {edge: owns, kind: dependency, where: {attr: name, equals: zustand}}
    message: "{node.name} has no zustand"
  - that:
      related: {edge: owns, kind: dependency, where: {attr: name, equals: react}}
"""


def graph(*deps: str) -> FactGraph:
    g = FactGraph()
    g.add_fact(
        Fact("component:web", NodeKind.COMPONENT, Location("web/package.json"), {"name": "web"})
    )
    for i, name in enumerate(deps, start=2):
        fid = f"web/package.json#dep/main/{name}"
        g.add_fact(
            Fact(fid, NodeKind.DEPENDENCY, Location("web/package.json", i, 5), {"name": name})
        )
        g.relate("component:web", fid, EdgeKind.OWNS)
    return g


def run(g: FactGraph) -> list[tuple[int, str, str]]:
    rules = load_rules([RuleFile("r.yaml", RULE)])
    return [(f.location.line, f.message, f.evidence_key) for f in evaluate(rules, g)]


def test_every_failing_requirement_is_a_finding_with_its_own_message() -> None:
    assert run(graph("redux")) == [
        (1, "web has no zustand", "component:web#1"),
        (1, "web: default message", "component:web#2"),
        (2, "web uses redux", "component:web#0|web/package.json#dep/main/redux"),
    ]


def test_requirements_that_hold_are_quiet() -> None:
    assert run(graph("react", "zustand")) == []


def test_a_requirement_message_is_checked_like_the_rule_message() -> None:
    bad = RULE.replace('"{node.name} has no zustand"', '"{nope.name}"')
    with pytest.raises(RuleError) as info:
        load_rules([RuleFile("r.yaml", bad)])
    (problem,) = info.value.problems
    assert problem.key == "require[1].message" and problem.line == 15
