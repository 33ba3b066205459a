from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.findings import Finding, RelatedLocation, Severity
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.engine.evaluator import evaluate, evaluate_rule
from archlint.engine.loader import CompiledRule, RuleFile, load_rules

K = NodeKind
E = EdgeKind

HEAD = """\
id: {id}
name: test-rule
severity: error
message: "{message}"
parameters:
  min: 5100
  max: 5199
docs:
  summary: s
  why: w
  fix: f
"""


def make_rule(body: str, message: str = "m", rule_id: str = "TST001") -> CompiledRule:
    text = HEAD.format(id=rule_id, message=message.replace('"', '\\"')) + body
    [rule] = load_rules([RuleFile(f"{rule_id}.yaml", text)])
    return rule


def fact(fid: str, kind: NodeKind, path: str, line: int, **attrs: Any) -> Fact:
    return Fact(fid, kind, Location(path, line), attrs)


def graph_of(facts: Sequence[Fact], edges: Sequence[tuple[str, str, EdgeKind]] = ()) -> FactGraph:
    g = FactGraph()
    g.add_facts(facts)
    for source, target, kind in edges:
        g.relate(source, target, kind)
    return g


def component_graph(
    compose_line: int = 7, compose_port: int = 8080, extra: Sequence[Fact] = ()
) -> FactGraph:
    comp = fact("component:api", K.COMPONENT, "api/pyproject.toml", 1, name="api", role="backend")
    ports = [
        fact("p:expose", K.PORT, "api/Dockerfile", 3, number=8000, source="dockerfile-expose"),
        fact("p:cmd", K.PORT, "api/Dockerfile", 9, number=8000, source="command"),
        fact(
            "p:compose",
            K.PORT,
            "docker-compose.yml",
            compose_line,
            number=compose_port,
            source="compose-target",
        ),
        *extra,
    ]
    return graph_of([comp, *ports], [("component:api", p.id, E.OWNS) for p in ports])


AGREE_REQUIRE = """\
require:
  agree: {edge: owns, kind: port, group_by: source, value: number}
"""
AGREE = "select:\n  kind: component\n" + AGREE_REQUIRE


# -- select-only rules -------------------------------------------------------------------------
def test_select_only_reports_each_matching_anchor_at_the_anchor() -> None:
    rule = make_rule(
        "select:\n  kind: port\n  where:\n    all:\n"
        "      - {attr: number, outside: [$min, $max]}\n"
        "      - related: {edge: owns, direction: in, kind: component, as: owner}\n",
        message="port {node.number} of {owner.name} is outside {params.min}-{params.max}",
    )
    findings = evaluate_rule(rule, component_graph())
    assert [(f.location, f.message) for f in findings] == [
        (Location("api/Dockerfile", 3), "port 8000 of api is outside 5100-5199"),
        (Location("api/Dockerfile", 9), "port 8000 of api is outside 5100-5199"),
        (Location("docker-compose.yml", 7), "port 8080 of api is outside 5100-5199"),
    ]
    assert all(f.related == () for f in findings)
    assert [f.evidence_key for f in findings] == ["p:expose", "p:cmd", "p:compose"]
    assert all(f.rule_id == "TST001" and f.severity is Severity.ERROR for f in findings)


def test_select_without_where_matches_every_fact_of_the_kind() -> None:
    rule = make_rule("select:\n  kind: component\n", message="{node.name}")
    assert [f.message for f in evaluate_rule(rule, component_graph())] == ["api"]
    assert evaluate_rule(make_rule("select:\n  kind: image\n"), component_graph()) == []


# -- require rules -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("report_at", "location", "related"),
    [
        ("", Location("docker-compose.yml", 7), ["p:expose", "p:cmd"]),
        ("report_at: evidence\n", Location("docker-compose.yml", 7), ["p:expose", "p:cmd"]),
        (
            "report_at: anchor\n",
            Location("api/pyproject.toml", 1),
            ["p:expose", "p:cmd", "p:compose"],
        ),
    ],
)
def test_require_reports_where_asked(
    report_at: str, location: Location, related: list[str]
) -> None:
    g = component_graph()
    rule = make_rule(AGREE + report_at, message="{node.name}: {primary.number} vs {evidence}")
    [finding] = evaluate_rule(rule, g)
    assert finding.location == location
    expected = sorted(
        RelatedLocation(
            g.fact(i).location, f"port {g.fact(i).attrs['number']} ({g.fact(i).attrs['source']})"
        )
        for i in related
    )
    assert list(finding.related) == expected
    assert finding.message.startswith("api: ")
    assert finding.message.endswith(
        "vs port 8080 (compose-target) at docker-compose.yml:7, "
        "port 8000 (dockerfile-expose) at api/Dockerfile:3, "
        "port 8000 (command) at api/Dockerfile:9"
    )


def test_require_that_holds_gives_no_finding() -> None:
    rule = make_rule(AGREE)
    assert evaluate_rule(rule, component_graph(compose_port=8000)) == []


def test_require_without_evidence_reports_at_the_anchor() -> None:
    rule = make_rule(
        "select:\n  kind: component\nrequire:\n  related: {edge: runs, direction: in}\n",
        message="nothing runs {node.name}; evidence: {evidence}",
    )
    [finding] = evaluate_rule(rule, component_graph())
    assert finding.location == Location("api/pyproject.toml", 1)
    assert finding.message == "nothing runs api; evidence: -"
    assert finding.related == ()
    assert finding.evidence_key == "component:api"


def test_where_filters_anchors_before_require() -> None:
    rule = make_rule(
        "select:\n  kind: component\n  where: {attr: role, equals: frontend}\n" + AGREE_REQUIRE
    )
    assert evaluate_rule(rule, component_graph()) == []


def test_a_finding_per_colliding_group() -> None:
    project = fact("project", K.COMPOSE_PROJECT, "docker-compose.yml", 1, name="shop")
    services = [
        fact(f"svc:{s}", K.COMPOSE_SERVICE, "docker-compose.yml", n, name=s)
        for s, n in (("api", 2), ("admin", 10), ("web", 20))
    ]
    ports = [
        fact("p:api", K.PORT, "docker-compose.yml", 3, number=8000, service="api"),
        fact("p:admin", K.PORT, "docker-compose.yml", 11, number=8000, service="admin"),
        fact("p:web", K.PORT, "docker-compose.yml", 21, number=5150, service="web"),
        fact("p:admin2", K.PORT, "docker-compose.yml", 12, number=5150, service="admin"),
    ]
    edges = [("project", s.id, E.HAS) for s in services] + [
        (f"svc:{p.attrs['service']}", p.id, E.HAS) for p in ports
    ]
    rule = make_rule(
        "select:\n  kind: compose_project\nrequire:\n  unique:\n    path:\n"
        "      - {edge: has, kind: compose_service}\n      - {edge: has, kind: port}\n"
        "    by: [number]\n    across: service\n",
        message="host port {primary.number} of {node.name} is taken: {evidence}",
    )
    found = evaluate([rule], graph_of([project, *services, *ports], edges))
    assert [(f.location.line, f.message.split(":")[0], f.evidence_key) for f in found] == [
        (11, "host port 8000 of shop is taken", "project|p:admin|p:api"),
        (21, "host port 5150 of shop is taken", "project|p:admin2|p:web"),
    ]
    assert [r.location.line for r in found[0].related] == [3]


# -- evidence keys, deduplication, order -------------------------------------------------------
def test_evidence_key_survives_moving_lines() -> None:
    rule = make_rule(AGREE)
    [before] = evaluate([rule], component_graph(compose_line=7))
    [after] = evaluate([rule], component_graph(compose_line=42))
    assert before.location.line != after.location.line
    assert before.evidence_key == after.evidence_key == "component:api|p:cmd|p:compose|p:expose"
    assert "7" not in before.evidence_key and "42" not in after.evidence_key


def test_findings_are_deduplicated_and_sorted() -> None:
    twin = fact("p:twin", K.PORT, "docker-compose.yml", 7, number=8080, source="compose-target")
    g = component_graph(extra=[twin])
    by_number = make_rule(
        "select:\n  kind: port\n  where: {attr: number, gte: 8000}\n",
        message="port {node.number}",
        rule_id="TST002",
    )
    by_component = make_rule("select:\n  kind: component\n", message="c", rule_id="TST001")
    found = evaluate([by_number, by_component, by_number], g)
    assert [(f.location.path, f.location.line, f.rule_id, f.message) for f in found] == [
        ("api/Dockerfile", 3, "TST002", "port 8000"),
        ("api/Dockerfile", 9, "TST002", "port 8000"),
        ("api/pyproject.toml", 1, "TST001", "c"),
        # p:compose and p:twin give the same finding at the same place: reported once
        ("docker-compose.yml", 7, "TST002", "port 8080"),
    ]
    assert found == sorted(found, key=Finding.sort_key)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("{node.name} {{literal}}", "api {literal}"),
        ("{{node.name}}", "{node.name}"),
        ("{params.min}..{params.max}", "5100..5199"),
        ("[{node.origin}]", "[?]"),  # declared, but this component has none
        ("{node.kind} at {node.path}:{node.line}", "component at api/pyproject.toml:1"),
    ],
)
def test_message_rendering(message: str, expected: str) -> None:
    rule = make_rule("select:\n  kind: component\n", message=message)
    [finding] = evaluate_rule(rule, component_graph())
    assert finding.message == expected
