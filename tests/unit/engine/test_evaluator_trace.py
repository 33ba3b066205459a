"""A fact's trace (the further places it was made from) becomes related locations of findings."""

from __future__ import annotations

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.findings import RelatedLocation
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.engine.evaluator import evaluate_rule
from archlint.engine.loader import RuleFile, load_rules

RULE = """\
id: TST001
name: test-rule
severity: error
message: "m"
docs:
  summary: s
  why: w
  fix: f
select:
  kind: port
"""

BASE = Location("compose.yaml", 4)
OVERRIDE = Location("compose.override.yaml", 6)


def test_a_traced_fact_lists_its_trace_as_related_locations_once_and_sorted() -> None:
    [rule] = load_rules([RuleFile("TST001.yaml", RULE)])
    graph = FactGraph()
    # merged from the override onto the base; the trace repeats the primary place and a duplicate
    merged = Fact("p", NodeKind.PORT, OVERRIDE, {"number": 80}, trace=(BASE, OVERRIDE, BASE))
    plain = Fact("q", NodeKind.PORT, Location("Dockerfile", 2), {"number": 81})
    graph.add_facts([merged, plain])
    found = {f.location: f.related for f in evaluate_rule(rule, graph)}
    assert found[OVERRIDE] == (RelatedLocation(BASE, "port 80 (unknown source)"),)
    assert found[Location("Dockerfile", 2)] == ()


AGREE = RULE.replace(
    "select:\n  kind: port\n",
    "select:\n  kind: component\nrequire:\n"
    "  agree: {edge: owns, kind: port, group_by: source, value: number}\n",
)


def test_a_trace_place_already_related_as_evidence_is_not_listed_twice() -> None:
    [rule] = load_rules([RuleFile("TST001.yaml", AGREE)])
    graph = FactGraph()
    dockerfile = Location("Dockerfile", 3)
    ports = [
        Fact(
            "a",
            NodeKind.PORT,
            BASE,
            {"number": 80, "source": "x"},
            trace=(dockerfile, OVERRIDE, BASE),
        ),
        Fact("b", NodeKind.PORT, dockerfile, {"number": 81, "source": "y"}),
    ]
    graph.add_facts([Fact("c", NodeKind.COMPONENT, Location("pyproject.toml"), {}), *ports])
    for port in ports:
        graph.relate("c", port.id, EdgeKind.OWNS)
    [finding] = evaluate_rule(rule, graph)
    # a's trace names the primary place (b's line), the override and a's own related place:
    # only the override is added
    # (a itself is related as evidence)
    assert finding.location == dockerfile
    assert finding.related == (
        RelatedLocation(OVERRIDE, "port 80 (x)"),
        RelatedLocation(BASE, "port 80 (x)"),
    )
