from __future__ import annotations

import pytest

from archlint.domain.describe import describe, describe_at
from archlint.domain.facts import EdgeKind, Fact, NodeKind, Relation
from archlint.domain.graph import DuplicateFactError, FactGraph
from archlint.domain.location import Location, folder_of


def fact(fid: str, kind: NodeKind = NodeKind.PORT, line: int = 1, **attrs: object) -> Fact:
    return Fact(fid, kind, Location("a.yml", line), attrs)


def test_facts_are_sorted_by_location_then_id() -> None:
    g = FactGraph()
    g.add_facts([fact("b", line=2), fact("a", line=2), fact("c", line=1)])
    assert [f.id for f in g.facts(NodeKind.PORT)] == ["c", "a", "b"]
    assert [f.id for f in g.facts()] == ["c", "a", "b"]
    assert len(g) == 3 and "a" in g and "zz" not in g


def test_same_fact_twice_is_fine_a_different_one_is_a_bug() -> None:
    g = FactGraph()
    g.add_fact(fact("a", number=1))
    g.add_fact(fact("a", number=1))
    with pytest.raises(DuplicateFactError, match="'a'"):
        g.add_fact(fact("a", number=2))


def test_relations_neighbours_and_directions() -> None:
    g = FactGraph()
    g.add_facts([fact("svc", NodeKind.COMPOSE_SERVICE), fact("p1"), fact("p2", line=3)])
    g.add_relations([Relation("svc", "p2", EdgeKind.HAS), Relation("svc", "p1", EdgeKind.HAS)])
    g.relate("svc", "p1", EdgeKind.HAS)  # idempotent
    g.relate("p1", "p2", EdgeKind.DEPENDS_ON)
    assert [f.id for f in g.neighbours("svc", EdgeKind.HAS)] == ["p1", "p2"]
    assert [f.id for f in g.neighbours("p2", EdgeKind.HAS, "in")] == ["svc"]
    assert [f.id for f in g.neighbours("p1", None, "both")] == ["svc", "p2"]
    assert [(r.source, r.target, r.kind) for r in g.edges()] == [
        ("p1", "p2", EdgeKind.DEPENDS_ON),
        ("svc", "p1", EdgeKind.HAS),
        ("svc", "p2", EdgeKind.HAS),
    ]
    with pytest.raises(KeyError, match="unknown fact 'nope'"):
        g.relate("svc", "nope", EdgeKind.HAS)
    # linked: one kind and side, unsorted (the order added), nothing for no edge
    assert [f.id for f in g.linked("svc", EdgeKind.HAS)] == ["p2", "p1"]
    assert [f.id for f in g.linked("p2", EdgeKind.DEPENDS_ON, "in")] == ["p1"]
    assert g.linked("p2", EdgeKind.HAS) == [] and g.linked("nope", EdgeKind.HAS) == []


def test_neighbours_follow_writes_made_after_a_lookup() -> None:
    g = FactGraph()
    g.add_facts([fact("a", line=1), fact("b", line=2), fact("c", line=3)])
    g.relate("a", "c", EdgeKind.HAS)
    assert [f.id for f in g.neighbours("a", EdgeKind.HAS)] == ["c"]
    assert [f.id for f in g.neighbours("c", EdgeKind.HAS, "in")] == ["a"]
    g.relate("a", "b", EdgeKind.HAS)
    g.relate("b", "c", EdgeKind.OWNS)
    assert [f.id for f in g.neighbours("a", EdgeKind.HAS)] == ["b", "c"]
    assert [f.id for f in g.neighbours("c", None, "in")] == ["a", "b"]
    assert [f.id for f in g.neighbours("c", EdgeKind.HAS, "in")] == ["a"]
    assert [f.id for f in g.neighbours("b", EdgeKind.OWNS, "both")] == ["c"]
    assert g.neighbours("a", EdgeKind.OWNS) == []
    assert g.neighbours("a", EdgeKind.HAS, "in") == []


def test_neighbour_lists_are_copies_and_memo_is_left_to_its_users() -> None:
    g = FactGraph()
    g.add_facts([fact("a"), fact("b", line=2)])
    g.relate("a", "b", EdgeKind.HAS)
    first = g.neighbours("a", EdgeKind.HAS)
    first.clear()
    assert [f.id for f in g.neighbours("a", EdgeKind.HAS)] == ["b"]
    # neighbour lists live in their own index: nothing is memoised under an edge kind's name
    assert g.memo == {}
    g.memo["x"] = 1
    g.relate("b", "a", EdgeKind.HAS)
    assert g.memo == {}  # a write empties the traversal memo
    assert [f.id for f in g.neighbours("a", EdgeKind.HAS, "both")] == ["b"]


def test_a_write_invalidates_only_the_nodes_it_touches() -> None:
    g = FactGraph()
    g.add_facts([fact("a"), fact("b", line=2), fact("c", line=3), fact("d", line=4)])
    g.relate("a", "b", EdgeKind.HAS)
    before = g.neighbours("a", EdgeKind.HAS)
    assert g.neighbours("c", EdgeKind.HAS) == []
    g.relate("c", "d", EdgeKind.HAS)
    g.add_fact(fact("e", line=5))
    assert g._sorted_neighbours["a"][(EdgeKind.HAS, "out")] == before
    assert "c" not in g._sorted_neighbours


def test_dump() -> None:
    g = FactGraph()
    g.add_fact(fact("c", NodeKind.COMPONENT, role="frontend"))
    assert g.to_dict() == {
        "nodes": [
            {
                "id": "c",
                "kind": "component",
                "location": {"path": "a.yml", "line": 1, "column": 1},
                "attrs": {"role": "frontend"},
            }
        ],
        "edges": [],
    }


@pytest.mark.parametrize(("path", "folder"), [("a/b/c.yml", "a/b"), ("c.yml", ""), ("/c.yml", "")])
def test_folder_of(path: str, folder: str) -> None:
    assert folder_of(path) == folder


@pytest.mark.parametrize(
    ("f", "text"),
    [
        (fact("p", number=8000, source="compose-target"), "port 8000 (compose-target)"),
        (fact("d", NodeKind.DEPENDENCY, name="flask", spec=">=2"), "dependency flask >=2"),
        (fact("d", NodeKind.DEPENDENCY, name="flask", spec=""), "dependency flask"),
        (fact("c", NodeKind.COMMAND, text="uvicorn a:b"), "command `uvicorn a:b`"),
        (fact("i", NodeKind.IMAGE, ref="nginx:1"), "image nginx:1"),
        (fact("e", NodeKind.ENV_VAR, name="X"), "env X"),
        (fact("s", NodeKind.COMPOSE_SERVICE, name="api"), "compose_service api"),
        (fact("f", NodeKind.DOCKERFILE), "dockerfile"),
        (
            fact("r", NodeKind.ROUTE, method="POST", route_path="/auth/refresh"),
            "route POST /auth/refresh",
        ),
        (
            fact("t", NodeKind.TOKEN_ISSUE, token_type="access", library="pyjwt"),
            "signs an access token (pyjwt)",
        ),
        (fact("t", NodeKind.TOKEN_ISSUE, library="jsonwebtoken"), "signs a token (jsonwebtoken)"),
    ],
)
def test_describe(f: Fact, text: str) -> None:
    assert describe(f) == text
    assert describe_at(f) == f"{text} at a.yml:{f.location.line}"


def test_to_networkx_is_the_same_graph() -> None:
    g = FactGraph()
    g.add_facts([fact("svc", NodeKind.COMPOSE_SERVICE), fact("p1"), fact("p2", line=3)])
    g.add_relations([Relation("svc", "p1", EdgeKind.HAS), Relation("svc", "p2", EdgeKind.HAS)])
    g.relate("p1", "p2", EdgeKind.DEPENDS_ON)
    g.relate("p1", "p2", EdgeKind.HAS)  # a second kind between the same two nodes
    nxg = g.to_networkx()
    assert sorted(nxg.nodes) == ["p1", "p2", "svc"]
    assert nxg.nodes["p1"]["fact"] == g.fact("p1")
    assert sorted((s, t, k.value) for s, t, k in nxg.edges(keys=True)) == [
        ("p1", "p2", "depends_on"),
        ("p1", "p2", "has"),
        ("svc", "p1", "has"),
        ("svc", "p2", "has"),
    ]
