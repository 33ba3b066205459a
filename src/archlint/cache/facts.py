"""The fact cache: one parse unit's :class:`ParseResult` per key, as marshal data.

The key is the unit's :func:`archlint.parsers.base.unit_key` (parser, version, unit id, every
declared input's text, probes) combined with the settings that change what parsers produce (the
server table's digest). A result holding a value marshal cannot represent (anything but exact
built-in types: an enum member, a dataclass) is simply not cached.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archlint.cache.store import Store
from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.location import Location

SECTION = "facts"
_FORMAT = 1  # bump when the encoding below changes


@dataclass
class FactCache:
    """Parse results by key, with hit/miss counts for ``--debug`` and the benchmark."""

    store: Store
    settings: str  # digest of parser settings that are not inputs (the server table)
    hits: int = 0
    misses: int = 0
    unstorable: list[str] = field(default_factory=list)

    def key(self, unit_key: str) -> str:
        return hashlib.sha256(f"{_FORMAT}\0{self.settings}\0{unit_key}".encode()).hexdigest()

    def get(self, key: str) -> ParseResult | None:
        payload = self.store.get(SECTION, key)
        result = None if payload is None else decode(payload)
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def put(self, key: str, result: ParseResult) -> None:
        payload = encode(result)
        if payload is None:
            self.unstorable.append(key)
        else:
            self.store.put(SECTION, key, payload)


def encode(result: ParseResult) -> bytes | None:
    """The result as marshal bytes of plain tuples; None if an attribute is not plain data."""
    data = (
        tuple(
            (f.id, f.kind.value, _loc(f.location), dict(f.attrs), tuple(map(_loc, f.trace)))
            for f in result.facts
        ),
        tuple((r.source, r.target, r.kind.value) for r in result.relations),
        tuple((_loc(d.location), d.message) for d in result.diagnostics),
    )
    try:  # marshal takes exact built-in types only: an enum or a dataclass raises
        return marshal.dumps(data)
    except ValueError:
        return None


def decode(payload: bytes) -> ParseResult | None:
    """The result back; None for a payload of another shape (a bug or an older format)."""
    try:
        facts, relations, diagnostics = marshal.loads(payload)
        kinds, edges = _NODE_KINDS, _EDGE_KINDS  # a dict lookup, not an enum call, per fact
        return ParseResult(
            facts=tuple(
                Fact(
                    i,
                    kinds[k],
                    Location(*loc),
                    _attrs(attrs),
                    tuple(Location(*t) for t in tr) if tr else (),
                )
                for i, k, loc, attrs, tr in facts
            ),
            relations=tuple(Relation(s, t, edges[k]) for s, t, k in relations),
            diagnostics=tuple(Diagnostic(Location(*loc), m) for loc, m in diagnostics),
        )
    except (ValueError, TypeError, EOFError, KeyError):
        return None


_NODE_KINDS = {kind.value: kind for kind in NodeKind}
_EDGE_KINDS = {kind.value: kind for kind in EdgeKind}


def _loc(location: Location) -> tuple[str, int, int]:
    return (location.path, location.line, location.column)


def _attrs(attrs: Any) -> Mapping[str, Any]:
    if not isinstance(attrs, dict):
        raise TypeError("attributes must be a mapping")
    return attrs
