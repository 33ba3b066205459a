"""The schema of the fact graph, declared once: every node kind with its attributes (type and a
one-line meaning) and who produces it, every edge kind with what it links.

docs/facts.md is rendered from this table (``archlint kinds --format markdown``), the rule
schema's kind enums are filled from it, and the rule loader rejects an attribute or a message
placeholder that the kind a condition is about does not have. A parser or linker that adds an
attribute adds it here; a test fails when a fact in the fixtures carries an undeclared one.

One module a family of producers (artifacts.py, code.py, ...); this table joins them, in order.
A family may extend a kind another family declares (ecosystems.py adds the attributes of Go,
Rust, JVM, .NET, PHP and Ruby manifests to ``manifest``): its attributes and notes are appended.
"""

from __future__ import annotations

from dataclasses import replace

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.kinds import artifacts, code, ecosystems, javascript, kubernetes, terraform
from archlint.domain.kinds.base import BUILTIN_ATTRS, AttrSpec, EdgeSpec, NodeSpec

__all__ = [
    "BUILTIN_ATTRS",
    "EDGE_KINDS",
    "NODE_KINDS",
    "AttrSpec",
    "EdgeSpec",
    "NodeSpec",
    "attribute_names",
    "has_attribute",
]

_FAMILIES = (artifacts, code, javascript, kubernetes, terraform, ecosystems)


def _joined(specs: list[NodeSpec]) -> dict[NodeKind, NodeSpec]:
    table: dict[NodeKind, NodeSpec] = {}
    for spec in specs:
        first = table.get(spec.kind)
        if first is None:
            table[spec.kind] = spec
            continue
        known = {a.name for a in first.attrs}
        added = tuple(a for a in spec.attrs if a.name not in known)
        notes = "\n\n".join(n for n in (first.notes, spec.summary, spec.notes) if n)
        producers = f"{first.produced_by}, {spec.produced_by}"
        table[spec.kind] = replace(
            first, attrs=first.attrs + added, notes=notes, produced_by=producers
        )
    return table


NODE_KINDS: dict[NodeKind, NodeSpec] = _joined([n for f in _FAMILIES for n in f.NODES])
EDGE_KINDS: dict[EdgeKind, EdgeSpec] = {e.kind: e for f in _FAMILIES for e in f.EDGES}


def attribute_names(kind: NodeKind | None) -> list[str]:
    """Every attribute a condition about ``kind`` may name (any kind's, when ``kind`` is None)."""
    names = {a.name for a in BUILTIN_ATTRS}
    specs = NODE_KINDS.values() if kind is None else (NODE_KINDS[kind],)
    for spec in specs:
        names.update(a.name for a in spec.attrs)
    return sorted(names)


def has_attribute(kind: NodeKind | None, dotted: str) -> bool:
    """Whether ``dotted`` names an attribute of ``kind``: the whole name, or (for a nested value
    of a map attribute) its first part."""
    names = attribute_names(kind)
    return dotted in names or dotted.split(".", 1)[0] in names
