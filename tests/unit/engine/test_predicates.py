from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import Direction, FactGraph
from archlint.domain.location import Location
from archlint.engine.predicates import (
    Agree,
    AllOf,
    AnyOf,
    AttrTest,
    Count,
    Hop,
    KindIs,
    Not,
    Predicate,
    Related,
    Traversal,
    Unique,
    attr_value,
)

K = NodeKind
E = EdgeKind


def fact(fid: str, kind: NodeKind, path: str = "f.yml", line: int = 1, **attrs: Any) -> Fact:
    return Fact(fid, kind, Location(path, line), attrs)


def graph_of(facts: list[Fact], edges: Sequence[tuple[str, str, EdgeKind]] = ()) -> FactGraph:
    g = FactGraph()
    g.add_facts(facts)
    for source, target, kind in edges:
        g.relate(source, target, kind)
    return g


def hop(
    edge: EdgeKind,
    direction: Direction = "out",
    kind: NodeKind | None = None,
    where: Predicate | None = None,
) -> Traversal:
    return Traversal((Hop(edge, direction, kind, where),))


# -- attribute conditions ----------------------------------------------------------------------
SUBJECT = fact(
    "dep:api:flask",
    K.DEPENDENCY,
    "api/pyproject.toml",
    12,
    number=8080,
    text="8080",
    name="api-server",
    tags=["web", "http"],
    ports=[80, 443],
    labels={"app": {"tier": "backend"}},
    spec="^3.4.1",
    empty=None,
    flag=True,
    one=1,
    **{"dotted.key": "literal"},
)
SOLO = graph_of([SUBJECT])


@pytest.mark.parametrize(
    ("attr", "op", "operand", "expected"),
    [
        ("name", "equals", "api-server", True),
        ("name", "equals", "api", False),
        ("number", "equals", 8080, True),
        ("number", "equals", 8080.0, True),
        ("number", "equals", "8080", False),
        ("flag", "equals", True, True),
        ("flag", "equals", 1, False),
        ("one", "equals", True, False),
        ("empty", "equals", None, False),
        ("missing", "equals", None, False),
        ("tags", "equals", "http", True),
        ("name", "not_equals", "api", True),
        ("name", "not_equals", "api-server", False),
        ("tags", "not_equals", "http", False),
        ("tags", "not_equals", "grpc", True),
        ("missing", "not_equals", "x", True),
        ("name", "in", frozenset({"api-server", "web"}), True),
        ("name", "in", frozenset({"web"}), False),
        ("ports", "in", frozenset({443, 8443}), True),
        ("ports", "in", frozenset({8443}), False),
        ("one", "in", frozenset({True}), False),
        ("labels", "in", ([1], 2), False),
        ("labels", "in", frozenset({"app"}), False),
        ("labels.app", "not_in", frozenset({"tier"}), True),
        ("missing", "in", frozenset({"x"}), False),
        ("tags", "not_in", frozenset({"grpc"}), True),
        ("tags", "not_in", frozenset({"web", "grpc"}), False),
        ("missing", "not_in", frozenset({"x"}), True),
        ("name", "regex", re.compile(r"^api-"), True),
        ("name", "regex", re.compile(r"^web"), False),
        ("tags", "regex", re.compile(r"^ht"), True),
        ("number", "regex", re.compile(r"80"), False),
        ("name", "not_regex", re.compile(r"^web"), True),
        ("tags", "not_regex", re.compile(r"^ht"), False),
        ("missing", "not_regex", re.compile(r"."), True),
        ("number", "gt", 8000.0, True),
        ("number", "gt", 8080.0, False),
        ("number", "gte", 8080.0, True),
        ("number", "lt", 8080.0, False),
        ("number", "lte", 8080.0, True),
        ("text", "gt", 8000.0, True),
        ("name", "gt", 0.0, False),
        ("labels", "gt", 0.0, False),
        ("flag", "gte", 0.0, False),
        ("missing", "lt", 1e9, False),
        ("ports", "gt", 400.0, True),
        ("ports", "gt", 500.0, False),
        ("number", "between", (8000.0, 8080.0), True),
        ("number", "between", (8081.0, 9000.0), False),
        ("ports", "between", (400.0, 500.0), True),
        ("number", "outside", (5100.0, 5199.0), True),
        ("number", "outside", (8000.0, 8100.0), False),
        ("ports", "outside", (0.0, 100.0), True),
        ("missing", "outside", (0.0, 1.0), False),
        ("name", "outside", (0.0, 1.0), False),
        ("name", "exists", True, True),
        ("name", "exists", False, False),
        ("missing", "exists", True, False),
        ("missing", "exists", False, True),
        ("empty", "exists", True, False),
        ("labels.app.tier", "exists", True, True),
        ("labels.app.nope", "exists", False, True),
        ("name", "glob", "api-*", True),
        ("name", "glob", "API-*", False),
        ("tags", "glob", "h*p", True),
        ("number", "glob", "8*", False),
        ("tags", "contains", "web", True),
        ("tags", "contains", "grpc", False),
        ("ports", "contains", 443, True),
        ("ports", "contains", "443", False),
        ("name", "contains", "server", True),
        ("name", "contains", "db", False),
        ("missing", "contains", "x", False),
        ("spec", "satisfies", "<4", True),
        ("spec", "satisfies", ">=4", False),
        ("number", "satisfies", ">=1", False),
        ("missing", "satisfies", ">=0", False),
        # dotted names and built-ins
        ("labels.app.tier", "equals", "backend", True),
        ("labels.app", "equals", "backend", False),
        ("name.first", "exists", True, False),
        ("dotted.key", "equals", "literal", True),
        ("kind", "equals", "dependency", True),
        ("id", "equals", "dep:api:flask", True),
        ("path", "glob", "api/*.toml", True),
        ("line", "equals", 12, True),
        ("line", "between", (10.0, 20.0), True),
    ],
)
def test_attribute_operators(attr: str, op: str, operand: Any, expected: bool) -> None:
    outcome = AttrTest(attr, op, operand).test(SUBJECT, SOLO)
    assert outcome.ok is expected
    assert outcome.evidence == ()


def test_attr_value_missing_and_builtins() -> None:
    missing = attr_value(SUBJECT, "nope")
    assert attr_value(SUBJECT, "labels.app.nope") is missing
    assert attr_value(SUBJECT, "kind") == "dependency"
    assert attr_value(SUBJECT, "path") == "api/pyproject.toml"
    assert attr_value(SUBJECT, "labels.app") == {"tier": "backend"}


# -- all / any / not ---------------------------------------------------------------------------
YES = KindIs(K.DEPENDENCY)
NO = KindIs(K.PORT)


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        (AllOf((YES, YES)), True),
        (AllOf((YES, NO)), False),
        (AnyOf((NO, YES)), True),
        (AnyOf((NO, NO)), False),
        (Not(NO), True),
        (Not(YES), False),
        (Not(AllOf((YES, NO))), True),
        (AnyOf((AllOf((YES, Not(NO))), NO)), True),
    ],
)
def test_boolean_combinators(predicate: Predicate, expected: bool) -> None:
    assert predicate.test(SUBJECT, SOLO).ok is expected


# -- related -----------------------------------------------------------------------------------
WEB = fact("component:web", K.COMPONENT, "web/package.json", 1, name="web", role="frontend")
API = fact("component:api", K.COMPONENT, "api/pyproject.toml", 1, name="api", role="backend")
P_DEV = fact("port:web:dev", K.PORT, "web/package.json", 5, number=3000, source="package-script")
P_VITE = fact("port:web:vite", K.PORT, "web/vite.config.ts", 3, number=5150, source="vite-config")
P_API = fact("port:api", K.PORT, "api/Dockerfile", 4, number=8000, source="dockerfile-expose")
SCRIPT = fact("script:web:dev", K.SCRIPT, "web/package.json", 5, name="dev")
OWN = graph_of(
    [WEB, API, P_DEV, P_VITE, P_API, SCRIPT],
    [
        ("component:web", "port:web:dev", E.OWNS),
        ("component:web", "port:web:vite", E.OWNS),
        ("component:web", "script:web:dev", E.OWNS),
        ("component:api", "port:api", E.OWNS),
        ("script:web:dev", "port:web:dev", E.HAS),
    ],
)
IN_51XX = AttrTest("number", "between", (5100.0, 5199.0))


@pytest.mark.parametrize(
    ("anchor", "related", "ok", "evidence"),
    [
        # any: at least one reached node; evidence is what was reached
        (WEB, Related(hop(E.OWNS, kind=K.PORT)), True, [P_DEV, P_VITE]),
        (WEB, Related(hop(E.OWNS, kind=K.PORT, where=IN_51XX)), True, [P_VITE]),
        (API, Related(hop(E.OWNS, kind=K.PORT, where=IN_51XX)), False, []),
        (WEB, Related(hop(E.RUNS)), False, []),
        # direction
        (P_DEV, Related(hop(E.OWNS)), False, []),
        (P_DEV, Related(hop(E.OWNS, "in")), True, [WEB]),
        (P_DEV, Related(hop(E.OWNS, "both")), True, [WEB]),
        (SCRIPT, Related(hop(E.OWNS, "both")), True, [WEB]),
        (SCRIPT, Related(hop(E.HAS, "both")), True, [P_DEV]),
        (P_DEV, Related(hop(E.HAS, "in", kind=K.COMPONENT)), False, []),
        # all: every reached node passes `where`, and there is one; evidence is who fails
        (WEB, Related(hop(E.OWNS, kind=K.PORT, where=IN_51XX), "all"), False, [P_DEV]),
        (WEB, Related(hop(E.OWNS, kind=K.PORT, where=Not(NO)), "all"), False, [P_DEV, P_VITE]),
        (WEB, Related(hop(E.OWNS, kind=K.PORT), "all"), True, [P_DEV, P_VITE]),
        (API, Related(hop(E.RUNS), "all"), False, []),
        # none: nothing reached; evidence is what was reached anyway
        (WEB, Related(hop(E.OWNS, kind=K.PORT, where=IN_51XX), "none"), False, [P_VITE]),
        (API, Related(hop(E.OWNS, kind=K.PORT, where=IN_51XX), "none"), True, []),
        # count
        (WEB, Related(hop(E.OWNS), count=Count((("equals", 3.0),))), True, [P_DEV, SCRIPT, P_VITE]),
        (WEB, Related(hop(E.OWNS), count=Count((("gt", 1.0), ("lt", 3.0)))), False, None),
        (API, Related(hop(E.OWNS), count=Count((("lte", 1.0),))), True, [P_API]),
        (API, Related(hop(E.OWNS), count=Count((("gte", 2.0),))), False, [P_API]),
        (SCRIPT, Related(hop(E.RUNS), count=Count((("equals", 0.0),))), True, []),
    ],
)
def test_related(anchor: Fact, related: Related, ok: bool, evidence: list[Fact] | None) -> None:
    outcome = related.test(anchor, OWN)
    assert outcome.ok is ok
    if evidence is not None:
        assert list(outcome.evidence) == evidence


def test_multi_hop_path_filters_each_hop() -> None:
    # port <-owns- component -owns-> script -has-> port
    path = Traversal(
        (
            Hop(E.OWNS, "in", K.COMPONENT, AttrTest("role", "equals", "frontend")),
            Hop(E.OWNS, "out", K.SCRIPT, None),
            Hop(E.HAS, "out", K.PORT, None),
        )
    )
    assert Related(path).test(P_VITE, OWN).evidence == (P_DEV,)
    assert Related(path).test(P_API, OWN).ok is False
    assert path.reach(P_VITE, OWN) == [P_DEV]


def test_multi_hop_all_checks_only_the_last_hops_where() -> None:
    path = Traversal((Hop(E.OWNS, "in", None, None), Hop(E.OWNS, "out", K.PORT, IN_51XX)))
    outcome = Related(path, "all").test(P_VITE, OWN)
    assert (outcome.ok, outcome.evidence) == (False, (P_DEV,))


@pytest.mark.parametrize(
    ("related", "bound"),
    [
        (Related(hop(E.OWNS, "in", K.COMPONENT), bind="component"), WEB),
        (Related(hop(E.OWNS, "in", K.COMPONENT), "all", bind="component"), WEB),
        (Related(hop(E.OWNS, "in"), count=Count((("equals", 1.0),)), bind="component"), WEB),
        (Related(hop(E.OWNS, "in"), count=Count((("equals", 2.0),)), bind="component"), None),
        (Related(hop(E.OWNS, "in", K.PORT), bind="component"), None),
        (Related(hop(E.OWNS, "in", K.COMPONENT)), None),
    ],
)
def test_as_binds_the_first_reached_node(related: Related, bound: Fact | None) -> None:
    bindings = related.test(P_DEV, OWN).bindings
    assert bindings == ({"component": bound} if bound else {})


def test_bindings_flow_through_all_of() -> None:
    bind = Related(hop(E.OWNS, "in", K.COMPONENT), bind="component")
    outcome = AllOf((KindIs(K.PORT), bind)).test(P_DEV, OWN)
    assert outcome.ok and outcome.bindings == {"component": WEB}
    assert outcome.evidence == (WEB,)


# -- agree -------------------------------------------------------------------------------------
def ports_graph(ports: list[Fact]) -> FactGraph:
    comp = fact("component:api", K.COMPONENT, "api/pyproject.toml", 1, name="api")
    return graph_of([comp, *ports], [("component:api", p.id, E.OWNS) for p in ports])


AGREE = Agree(hop(E.OWNS, kind=K.PORT), ("source",), "number")
EXPOSE = fact("p:expose", K.PORT, "api/Dockerfile", 3, number=8000, source="dockerfile-expose")
CMD = fact("p:cmd", K.PORT, "api/Dockerfile", 9, number=8000, source="command")
COMPOSE = fact("p:compose", K.PORT, "docker-compose.yml", 7, number=8080, source="compose-target")
HELM = fact("p:helm", K.PORT, "chart/values.yaml", 2, number=8000, source="helm")


@pytest.mark.parametrize(
    ("ports", "ok", "evidence"),
    [
        ([EXPOSE, CMD, HELM], True, []),
        ([EXPOSE], True, []),
        ([], True, []),
        # the dissenter comes first, the majority value last
        ([EXPOSE, CMD, COMPOSE], False, [COMPOSE, EXPOSE, CMD]),
        ([EXPOSE, CMD, COMPOSE, HELM], False, [COMPOSE, EXPOSE, CMD, HELM]),
        # a group that holds several values agrees when it shares one with each other group
        (
            [
                EXPOSE,
                COMPOSE,
                fact("p:c2", K.PORT, "z.yml", 1, number=8000, source="compose-target"),
            ],
            True,
            [],
        ),
        # facts without the value are left out
        ([EXPOSE, fact("p:x", K.PORT, "x.yml", 1, source="compose-target")], True, []),
    ],
)
def test_agree(ports: list[Fact], ok: bool, evidence: list[Fact]) -> None:
    g = ports_graph(ports)
    outcome = AGREE.test(g.fact("component:api"), g)
    assert outcome.ok is ok
    assert list(outcome.evidence) == evidence


# -- unique ------------------------------------------------------------------------------------
def published(fid: str, line: int, service: str, number: int, protocol: str = "tcp") -> Fact:
    return fact(
        fid, K.PORT, "docker-compose.yml", line, number=number, protocol=protocol, service=service
    )


def compose_graph(ports: list[Fact]) -> FactGraph:
    project = fact("project", K.COMPOSE_PROJECT, "docker-compose.yml", 1, name="shop")
    services = sorted({p.attrs["service"] for p in ports})
    svc = [fact(f"svc:{s}", K.COMPOSE_SERVICE, "docker-compose.yml", 2, name=s) for s in services]
    edges = [("project", f"svc:{s}", E.HAS) for s in services]
    edges += [(f"svc:{p.attrs['service']}", p.id, E.HAS) for p in ports]
    return graph_of([project, *svc, *ports], edges)


UNIQUE_PATH = Traversal(
    (Hop(E.HAS, "out", K.COMPOSE_SERVICE, None), Hop(E.HAS, "out", K.PORT, None))
)
A1 = published("a1", 5, "api", 8000)
B1 = published("b1", 12, "admin", 8000)
C1 = published("c1", 20, "db", 8000)
A2 = published("a2", 6, "api", 8000)
U1 = published("u1", 7, "api", 8000, "udp")
D1 = published("d1", 30, "web", 5150)
E1 = published("e1", 31, "docs", 5150)


@pytest.mark.parametrize(
    ("across", "ports", "groups"),
    [
        ("service", [A1, D1], []),
        ("service", [A1, B1], [(B1, A1)]),
        ("service", [A1, B1, C1], [(C1, A1, B1)]),
        # the same service twice is not a collision across services
        ("service", [A1, A2], []),
        (None, [A1, A2], [(A2, A1)]),
        (None, [A1, D1], []),
        # another protocol is another key
        ("service", [A1, U1], []),
        # one group per collision, latest declaration first, groups in key order
        ("service", [A1, B1, D1, E1], [(E1, D1), (B1, A1)]),
        # facts without the attributes cannot collide
        (
            "service",
            [fact("n1", K.PORT, "x", 1, service="a"), fact("n2", K.PORT, "x", 2, service="b")],
            [],
        ),
    ],
)
def test_unique(across: str | None, ports: list[Fact], groups: list[tuple[Fact, ...]]) -> None:
    g = compose_graph(ports)
    outcome = Unique(UNIQUE_PATH, ("number", "protocol"), across).test(g.fact("project"), g)
    assert outcome.ok is (not groups)
    assert list(outcome.groups) == groups
    assert outcome.evidence == tuple(f for grp in outcome.groups for f in grp)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("web", True),
        ("db", False),
        (["db", "web"], True),
        (["db"], False),
        (1, False),
        (True, False),
        (None, False),
        ({"web": 1}, False),  # not hashable: the typed comparison answers
    ],
)
def test_in_a_list_of_strings_answers_like_the_typed_comparison(
    value: object, expected: bool
) -> None:
    fact = Fact("f", K.COMPONENT, Location("a.yml"), {"role": value})
    graph = FactGraph()
    for operand in (["web", "api"], ("web", "api"), ["web", 2]):  # the last: no set fast path
        assert AttrTest("role", "in", operand).test(fact, graph).ok is expected
        assert AttrTest("role", "not_in", operand).test(fact, graph).ok is not expected


def test_a_regex_answer_is_kept_per_string_and_the_same_each_time() -> None:
    graph = FactGraph()
    test = AttrTest("path", "regex", re.compile(r"^tests?/"))
    facts = [Fact(f"f{i}", K.FILE, Location(p), {}) for i, p in enumerate(["tests/a.py", "a.py"])]
    assert [test.test(f, graph).ok for f in facts * 2] == [True, False, True, False]
    number = Fact("n", K.PORT, Location("a.yml"), {"number": 8000})
    assert AttrTest("number", "regex", re.compile("8")).test(number, graph).ok is False
