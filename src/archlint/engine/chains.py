"""A finding's evidence chain: the nodes a rule's ``chain`` walk passes through from the anchor.

``chain`` is a walk written like ``related`` (one hop or a ``path`` with ``repeat``). Every node
on a path that reaches the walk's end is listed, not only the end: a refresh endpoint's chain
``handled_by -> (has call -> calls function)* -> has token_issue`` lists the handler, the call of
the helper, the helper and the signing call, so a reader sees how the endpoint gets there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archlint.domain.facts import Fact
from archlint.domain.graph import FactGraph
from archlint.engine.predicates import Hop, Repeat, Traversal, _step

MAX_CHAIN = 24  # nodes listed at most (nearest first): a chain is for reading, not a dump


@dataclass(frozen=True, eq=False)
class _Round:
    """A ``repeat`` entered ``done`` times, in the rest of the walk."""

    repeat: Repeat
    done: int


_Item = Hop | _Round
_Rest = tuple[_Item, ...]


def chain_nodes(traversal: Traversal, anchor: Fact, graph: FactGraph) -> list[Fact]:
    """The nodes on every path of ``traversal`` from ``anchor`` to a node it reaches (the anchor
    left out), in walk order (each path's nearer nodes first), each once."""
    memo: dict[tuple[str, tuple[tuple[int, int], ...]], tuple[Fact, ...] | None] = {}
    found = _walk(anchor, _items(traversal), graph, memo, frozenset({anchor.id}))
    return list(_once(found or ()))[:MAX_CHAIN]


def _items(traversal: Traversal) -> _Rest:
    return tuple(h if isinstance(h, Hop) else _Round(h, 0) for h in traversal.hops)


def _walk(
    node: Fact,
    rest: _Rest,
    graph: FactGraph,
    memo: dict[tuple[str, tuple[tuple[int, int], ...]], tuple[Fact, ...] | None],
    on_path: frozenset[str],
) -> tuple[Fact, ...] | None:
    """The nodes after ``node`` on the paths of ``rest`` that reach an end; None: none does."""
    if not rest:
        return ()
    # by identity: hops hold compiled conditions, which need not hash (the rule keeps them alive)
    key = (
        node.id,
        tuple((id(i.repeat), i.done) if isinstance(i, _Round) else (id(i), -1) for i in rest),
    )
    if key in memo:
        return memo[key]
    memo[key] = None  # a cycle back to this state reaches nothing new
    head, tail = rest[0], rest[1:]
    found: list[Fact] | None = None
    if isinstance(head, Hop):
        for nxt in _step(head, True, node, graph):
            if nxt.id in on_path:
                continue
            after = _walk(nxt, tail, graph, memo, on_path | {nxt.id})
            if after is not None:
                found = [*(found or []), nxt, *after]
    else:
        rep = head.repeat
        if head.done >= rep.low and (rep.where is None or rep.where.test(node, graph).ok):
            after = _walk(node, tail, graph, memo, on_path)
            if after is not None:
                found = list(after)
        if head.done < rep.high:
            again = (*_items(rep.inner), _Round(rep, head.done + 1), *tail)
            after = _walk(node, again, graph, memo, on_path)
            if after is not None:
                found = [*(found or []), *after]
    result = None if found is None else _once(found)
    memo[key] = result
    return result


def _once(facts: Iterable[Fact]) -> tuple[Fact, ...]:
    return tuple({f.id: f for f in facts}.values())
