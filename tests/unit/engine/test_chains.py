"""A rule's ``chain``: the nodes its walk passes from the anchor become related locations."""

from __future__ import annotations

from collections.abc import Sequence
from textwrap import indent
from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.engine.chains import MAX_CHAIN, chain_nodes
from archlint.engine.evaluator import evaluate_rule
from archlint.engine.loader import RuleFile, load_rules
from archlint.errors import RuleError

K = NodeKind
E = EdgeKind

HEAD = """\
id: TST001
name: test-rule
severity: error
message: "m"
docs: {summary: s, why: w, fix: f}
"""
# endpoint -> handler -> call -> helper -> call -> signer -> token_issue
WALK = """\
  path:
    - {edge: handled_by, kind: function}
    - repeat: {min: 0, max: 4, path: [{edge: has, kind: call}, {edge: calls, kind: function}]}
    - {edge: has, kind: token_issue}
"""


def fact(fid: str, kind: NodeKind, path: str, line: int, **attrs: Any) -> Fact:
    return Fact(fid, kind, Location(path, line), attrs)


def refresh_graph(extra: Sequence[tuple[str, str, EdgeKind]] = ()) -> FactGraph:
    facts = [
        fact("route", K.ROUTE, "auth.py", 8, method="POST", route_path="/refresh"),
        fact("handler", K.FUNCTION, "auth.py", 9, name="refresh"),
        fact("call-decode", K.CALL, "auth.py", 10, name="decode"),
        fact("call-issue", K.CALL, "auth.py", 11, name="issue"),
        fact("decode", K.FUNCTION, "security.py", 20, name="decode"),
        fact("issue", K.FUNCTION, "security.py", 3, name="issue"),
        fact("call-sign", K.CALL, "security.py", 4, name="sign"),
        fact("sign", K.FUNCTION, "security.py", 10, name="sign"),
        fact("token", K.TOKEN_ISSUE, "security.py", 12, token_type="access", library="pyjwt"),
    ]
    edges = [
        ("route", "handler", E.HANDLED_BY),
        ("handler", "call-decode", E.HAS),
        ("handler", "call-issue", E.HAS),
        ("call-decode", "decode", E.CALLS),
        ("call-issue", "issue", E.CALLS),
        ("issue", "call-sign", E.HAS),
        ("call-sign", "sign", E.CALLS),
        ("sign", "token", E.HAS),
        *extra,
    ]
    g = FactGraph()
    g.add_facts(facts)
    for source, target, kind in edges:
        g.relate(source, target, kind)
    return g


def rule_with(body: str) -> Any:
    [rule] = load_rules([RuleFile("TST001.yaml", HEAD + body)])
    return rule


def related_lines(graph: FactGraph, body: str) -> list[list[tuple[str, int]]]:
    return [
        [(r.location.path, r.location.line) for r in f.related]
        for f in evaluate_rule(rule_with(body), graph)
    ]


CHAIN_LINES = [
    ("auth.py", 9),
    ("auth.py", 11),
    ("security.py", 3),
    ("security.py", 4),
    ("security.py", 10),
    ("security.py", 12),
]


def test_a_check_lists_every_node_on_the_paths_to_the_end_but_not_dead_ends() -> None:
    # the decode helper reaches no token_issue: it is no part of the chain
    body = "select: {kind: route}\nchain:\n" + WALK
    assert related_lines(refresh_graph(), body) == [CHAIN_LINES]


def test_a_requirement_chain_wins_over_the_checks_and_cycles_end() -> None:
    # the helper calls itself back (a recursion): the walk still ends, each node once
    graph = refresh_graph([("sign", "call-issue", E.HAS)])
    body = (
        "select: {kind: route}\n"
        "chain: {edge: handled_by, kind: function}\n"
        "require:\n"
        "  - that: {related: {edge: handled_by, kind: call}}\n"
        "    chain:\n" + indent(WALK, "    ")
    )
    [lines] = related_lines(graph, body)
    assert lines == CHAIN_LINES


def test_checks_have_their_own_chains_and_none_lists_nothing() -> None:
    body = (
        "checks:\n"
        "  - select: {kind: route}\n"
        "    chain:\n"
        + indent(WALK, "    ")
        + "  - select: {kind: function, where: {attr: name, equals: decode}}\n"
    )
    assert sorted(related_lines(refresh_graph(), body)) == [[], CHAIN_LINES]


def test_a_walk_that_reaches_nothing_lists_nothing() -> None:
    graph = refresh_graph()
    route = graph.fact("route")
    rule = rule_with("select: {kind: route}\nchain: {edge: calls, kind: function}\n")
    assert chain_nodes(rule.checks[0].chain[0], route, graph) == []


def calls_line(n: int) -> FactGraph:
    g = FactGraph()
    g.add_facts([fact(f"f{i}", K.FUNCTION, "a.py", i + 1, name=f"f{i}") for i in range(n)])
    for i in range(n - 1):
        g.relate(f"f{i}", f"f{i + 1}", E.CALLS)
    return g


def test_a_repeated_hop_with_where_picks_the_node_it_ends_at() -> None:
    # `repeat: N` on one hop: its `where` applies where the walk ends, not on the way
    body = (
        "select: {kind: function, where: {attr: name, equals: f0}}\n"
        "chain: {edge: calls, repeat: 5, where: {attr: name, equals: f3}}\n"
    )
    assert related_lines(calls_line(8), body) == [[("a.py", 2), ("a.py", 3), ("a.py", 4)]]


def test_a_long_chain_is_cut_to_the_nearest_nodes() -> None:
    g = calls_line(40)
    rule = rule_with("select: {kind: function}\nchain: {edge: calls, repeat: 20}\n")
    found = chain_nodes(rule.checks[0].chain[0], g.fact("f0"), g)
    assert len(found) == 20 <= MAX_CHAIN
    assert [f.id for f in found[:2]] == ["f1", "f2"]


def test_a_chain_with_an_unknown_edge_is_a_rule_error_at_its_key() -> None:
    with pytest.raises(RuleError) as caught:
        rule_with("select: {kind: route}\nchain: {edge: nowhere}\n")
    assert "chain" in str(caught.value)


def test_a_list_of_walks_lists_each_walks_nodes_once() -> None:
    body = (
        "select: {kind: route}\n"
        "chain:\n"
        "  - {edge: handled_by, kind: function}\n"
        "  -\n" + indent(WALK, "  ") + "  - {edge: calls}\n"
    )
    assert related_lines(refresh_graph(), body) == [CHAIN_LINES]
