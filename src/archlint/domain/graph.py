"""The fact graph: facts as nodes, typed edges, exportable as a networkx MultiDiGraph.

Nodes and edges live in plain dicts (insertion-ordered), and each node keeps an adjacency index
``{(edge kind, direction): ids}``, so a neighbour lookup costs the node's degree and a write
invalidates only the sorted neighbour lists of the two nodes it touches. networkx is the model
users export (:meth:`FactGraph.to_networkx`); it is imported only then, since importing it costs
more than a small repository's whole check (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from archlint.domain.facts import EdgeKind, Fact, NodeKind, Relation

Direction = Literal["out", "in", "both"]
_Side = Literal["out", "in"]
_Sorted = dict[tuple[EdgeKind | None, Direction], list[Fact]]


# the adjacency keys of each edge kind, made once: one shared tuple instead of one per node
_SIDES: dict[EdgeKind, tuple[tuple[EdgeKind, _Side], tuple[EdgeKind, _Side]]] = {
    kind: ((kind, "out"), (kind, "in")) for kind in EdgeKind
}


def _link(
    adjacent: dict[str, dict[tuple[EdgeKind, _Side], list[str]]],
    node: str,
    key: tuple[EdgeKind, _Side],
    other: str,
) -> None:
    """``other`` added to ``node``'s neighbours under ``key`` (no empty dict or list made when
    the entry exists: a scan relates hundreds of thousands of pairs)."""
    sides = adjacent.get(node)
    if sides is None:
        adjacent[node] = {key: [other]}
        return
    ids = sides.get(key)
    if ids is None:
        sides[key] = [other]
    else:
        ids.append(other)


class DuplicateFactError(ValueError):
    """Two different facts were given the same id: a bug in a parser or linker."""

    def __init__(self, first: Fact, again: Fact) -> None:
        super().__init__(f"two different facts share the id {first.id!r}")
        self.first, self.again = first, again


class FactGraph:
    """Facts as nodes, relations as typed edges. Every iteration is sorted, so output is stable."""

    def __init__(self) -> None:
        self._facts: dict[str, Fact] = {}
        self._edges: dict[tuple[str, str, EdgeKind], None] = {}
        self._by_kind: dict[NodeKind, list[str]] = {}
        self._sorted: dict[NodeKind, bool] = {}
        # node -> (edge kind, side) -> neighbour ids, in the order added (``_edges`` keeps them
        # unique); the index `neighbours` reads. Lists, not sets: most hold one id, and a set
        # of one costs three times a list of one (mono200: 424,451 of 457,314 entries)
        self._adjacent: dict[str, dict[tuple[EdgeKind, _Side], list[str]]] = {}
        # node -> (edge kind or None, direction) -> sorted neighbours; a write drops the entries
        # of the nodes it touches only
        self._sorted_neighbours: dict[str, _Sorted] = {}
        # answers computed from the graph as it is (rule traversal steps, linker indexes); any
        # change to the graph empties it, since a traversal can cross any node
        self.memo: dict[Any, Any] = {}
        # the same, for the walks of one rule (its traversal steps): the evaluator empties it
        # after each rule, since no other rule walks with the same hops (less peak memory)
        self.walks: dict[Any, Any] = {}

    # -- building -----------------------------------------------------------------------------
    def add_fact(self, fact: Fact) -> None:
        existing = self._facts.get(fact.id)
        if existing is not None:
            if existing != fact:
                raise DuplicateFactError(existing, fact)
            return
        self._changed()
        self._facts[fact.id] = fact
        ids = self._by_kind.get(fact.kind)
        if ids is None:
            ids = self._by_kind[fact.kind] = []
        ids.append(fact.id)
        self._sorted[fact.kind] = False

    def _changed(self) -> None:
        if self.memo:
            self.memo.clear()
        if self.walks:
            self.walks.clear()

    def add_facts(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            self.add_fact(fact)

    def relate(self, source: str, target: str, kind: EdgeKind) -> None:
        facts = self._facts
        if source not in facts or target not in facts:
            missing = source if source not in facts else target
            raise KeyError(f"relation {kind} refers to unknown fact {missing!r}")
        edge = (source, target, kind)
        if edge in self._edges:
            return
        self._changed()
        self._edges[edge] = None
        out_key, in_key = _SIDES[kind]
        _link(self._adjacent, source, out_key, target)
        _link(self._adjacent, target, in_key, source)
        if self._sorted_neighbours:
            self._sorted_neighbours.pop(source, None)
            self._sorted_neighbours.pop(target, None)

    def add_relations(self, relations: Iterable[Relation]) -> None:
        for rel in relations:
            self.relate(rel.source, rel.target, rel.kind)

    # -- reading ------------------------------------------------------------------------------
    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self._facts

    def __len__(self) -> int:
        return len(self._facts)

    def replace(self, fact: Fact) -> None:
        """Swap a fact for a completed version of itself (same id, kind and location): a linker
        that fills an attribute from other files, such as a route's full path."""
        existing = self.fact(fact.id)
        if existing.kind is not fact.kind or existing.location != fact.location:
            raise ValueError(f"replace: {fact.id!r} must keep its kind and location")
        self._changed()
        self._facts[fact.id] = fact

    def fact(self, fact_id: str) -> Fact:
        return self._facts[fact_id]

    def facts(self, kind: NodeKind | None = None) -> list[Fact]:
        """All facts of a kind (or all facts), sorted by location then id."""
        if kind is None:
            return sorted(self._facts.values(), key=Fact.sort_key)
        ids = self._by_kind.get(kind, [])
        facts = self._facts
        if not self._sorted.get(kind, True):
            ids.sort(key=lambda i: facts[i].sort_key())
            self._sorted[kind] = True
        return [facts[i] for i in ids]

    def neighbours(
        self, fact_id: str, edge: EdgeKind | None = None, direction: Direction = "out"
    ) -> list[Fact]:
        """Facts linked to ``fact_id`` by ``edge`` (any edge if None), sorted."""
        cache = self._sorted_neighbours.get(fact_id)
        if cache is None:
            cache = self._sorted_neighbours[fact_id] = {}
        cached = cache.get((edge, direction))
        if cached is None:
            sides: tuple[_Side, ...] = ("out", "in") if direction == "both" else (direction,)
            found: set[str] = set()
            for (kind, side), ids in self._adjacent.get(fact_id, {}).items():
                if side in sides and (edge is None or kind == edge):
                    found.update(ids)
            cached = sorted((self.fact(i) for i in found), key=Fact.sort_key)
            cache[(edge, direction)] = cached
        return list(cached)

    def linked(self, fact_id: str, edge: EdgeKind, side: _Side = "out") -> list[Fact]:
        """:meth:`neighbours` by one edge kind and side, in no particular order and not kept:
        for a caller that asks once per node and picks by its own order (a linker)."""
        ids = self._adjacent.get(fact_id, {}).get(_SIDES[edge][side == "in"], [])
        return [self._facts[i] for i in ids]

    def edges(self) -> Iterator[Relation]:
        rels = (Relation(s, t, k) for s, t, k in self._edges)
        yield from sorted(rels, key=lambda r: (r.source, r.target, r.kind.value))

    def to_networkx(self) -> Any:
        """The graph as a networkx ``MultiDiGraph``: node ``id`` with ``fact=Fact``, one edge per
        relation keyed by its :class:`EdgeKind` (imports networkx, so only on export)."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        for fact in self.facts():
            graph.add_node(fact.id, fact=fact)
        for rel in self.edges():
            graph.add_edge(rel.source, rel.target, key=rel.kind)
        return graph

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dump: ``archlint graph --format json``."""
        return {
            "nodes": [
                {
                    "id": f.id,
                    "kind": f.kind.value,
                    "location": f.location.as_dict(),
                    "attrs": dict(sorted(f.attrs.items())),
                }
                for f in self.facts()
            ],
            "edges": [
                {"source": r.source, "target": r.target, "kind": r.kind.value} for r in self.edges()
            ],
        }
