"""The records of the kinds table: a node kind's attributes, who produces it, an edge kind."""

from __future__ import annotations

from dataclasses import dataclass

from archlint.domain.facts import EdgeKind, NodeKind


@dataclass(frozen=True, slots=True)
class AttrSpec:
    name: str
    type: str  # as documented: str, int, bool, list[str], map, with `?` when it may be null
    meaning: str


@dataclass(frozen=True, slots=True)
class NodeSpec:
    kind: NodeKind
    summary: str  # what a node of this kind is, as one paragraph of docs/facts.md
    produced_by: str
    attrs: tuple[AttrSpec, ...]
    notes: str = ""  # further prose for docs/facts.md (markdown)

    def attr(self, name: str) -> AttrSpec | None:
        return next((a for a in self.attrs if a.name == name), None)


@dataclass(frozen=True, slots=True)
class EdgeSpec:
    kind: EdgeKind
    links: str  # from -> to, as documented


# every node has these, whatever its kind (``attr: path`` is the location's path)
BUILTIN_ATTRS = (
    AttrSpec("kind", "str", "the node kind"),
    AttrSpec("id", "str", "the stable node id"),
    AttrSpec("path", "str", "the file (or folder) the node is located in"),
    AttrSpec("line", "int", "the line it is located at"),
)


def attrs(*rows: tuple[str, str, str]) -> tuple[AttrSpec, ...]:
    return tuple(AttrSpec(*row) for row in rows)
