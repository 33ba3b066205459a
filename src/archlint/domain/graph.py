"""The fact graph: a typed wrapper over a networkx MultiDiGraph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

import networkx as nx

from archlint.domain.facts import EdgeKind, Fact, NodeKind, Relation

Direction = Literal["out", "in", "both"]


class DuplicateFactError(ValueError):
    """Two different facts were given the same id: a bug in a parser or linker."""

    def __init__(self, first: Fact, again: Fact) -> None:
        super().__init__(f"two different facts share the id {first.id!r}")
        self.first, self.again = first, again


class FactGraph:
    """Facts as nodes, relations as typed edges. Every iteration is sorted, so output is stable."""

    def __init__(self) -> None:
        self._g: Any = nx.MultiDiGraph()
        self._by_kind: dict[NodeKind, list[str]] = {}
        self._sorted: dict[NodeKind, bool] = {}
        # answers computed from the graph as it is (neighbour lists, rule traversal steps);
        # any change to the graph empties it
        self.memo: dict[Any, Any] = {}

    # -- building -----------------------------------------------------------------------------
    def add_fact(self, fact: Fact) -> None:
        existing = self._g.nodes.get(fact.id)
        if existing is not None:
            if existing["fact"] != fact:
                raise DuplicateFactError(existing["fact"], fact)
            return
        self.memo.clear()
        self._g.add_node(fact.id, fact=fact)
        self._by_kind.setdefault(fact.kind, []).append(fact.id)
        self._sorted[fact.kind] = False

    def add_facts(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            self.add_fact(fact)

    def relate(self, source: str, target: str, kind: EdgeKind) -> None:
        if source not in self._g or target not in self._g:
            missing = source if source not in self._g else target
            raise KeyError(f"relation {kind} refers to unknown fact {missing!r}")
        if self._g.has_edge(source, target, key=kind):
            return
        self.memo.clear()
        self._g.add_edge(source, target, key=kind)

    def add_relations(self, relations: Iterable[Relation]) -> None:
        for rel in relations:
            self.relate(rel.source, rel.target, rel.kind)

    # -- reading ------------------------------------------------------------------------------
    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self._g

    def __len__(self) -> int:
        return int(self._g.number_of_nodes())

    def fact(self, fact_id: str) -> Fact:
        fact: Fact = self._g.nodes[fact_id]["fact"]
        return fact

    def facts(self, kind: NodeKind | None = None) -> list[Fact]:
        """All facts of a kind (or all facts), sorted by location then id."""
        if kind is None:
            return sorted((d["fact"] for _, d in self._g.nodes(data=True)), key=Fact.sort_key)
        ids = self._by_kind.get(kind, [])
        if not self._sorted.get(kind, True):
            ids.sort(key=lambda i: self.fact(i).sort_key())
            self._sorted[kind] = True
        return [self.fact(i) for i in ids]

    def neighbours(
        self, fact_id: str, edge: EdgeKind | None = None, direction: Direction = "out"
    ) -> list[Fact]:
        """Facts linked to ``fact_id`` by ``edge`` (any edge if None), sorted."""
        key = ("neighbours", fact_id, edge, direction)
        cached: list[Fact] | None = self.memo.get(key)
        if cached is not None:
            return list(cached)
        found: set[str] = set()
        if direction in ("out", "both"):
            for _, target, key in self._g.out_edges(fact_id, keys=True):
                if edge is None or key == edge:
                    found.add(target)
        if direction in ("in", "both"):
            for source, _, key in self._g.in_edges(fact_id, keys=True):
                if edge is None or key == edge:
                    found.add(source)
        result = sorted((self.fact(i) for i in found), key=Fact.sort_key)
        self.memo[key] = result
        return list(result)

    def edges(self) -> Iterator[Relation]:
        rels = (Relation(s, t, EdgeKind(k)) for s, t, k in self._g.edges(keys=True))
        yield from sorted(rels, key=lambda r: (r.source, r.target, r.kind.value))

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
