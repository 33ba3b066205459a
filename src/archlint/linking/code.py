"""Source code across modules: ``imports`` edges between source modules and ``calls`` edges
from a call to the function of the repository it resolves to.

The parsers resolve every name through the module's imports (``from app.core import security;
security.create_access_token()`` is a call of ``app.core.security.create_access_token``); this
linker finds the module or function of that name. A name defined in the caller's own component
wins; else a name defined once in the whole repository (a shared package the service imports);
a name defined in several other components is ambiguous and gets no edge, never a guess.
"""

from __future__ import annotations

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.linking.base import LinkContext


def link_code(graph: FactGraph, context: LinkContext) -> None:
    """Add ``imports`` and ``calls`` edges to ``graph``."""
    owner = _owners(graph)
    modules = _index(graph.facts(NodeKind.SOURCE_MODULE), "module")
    functions = _index(graph.facts(NodeKind.FUNCTION), "qualname")
    for imp in graph.facts(NodeKind.IMPORT):
        source = _container(graph, imp)
        if source is None:
            continue
        name = str(imp.get("module"))
        wanted = [name, *(f"{name}.{n}" for n in imp.get("names") or [])]
        for target_name in wanted:
            target = _pick(modules.get(target_name, []), owner.get(imp.id), owner)
            if target is not None and target.id != source.id:
                graph.relate(source.id, target.id, EdgeKind.IMPORTS)
    for call in graph.facts(NodeKind.CALL):
        target = _pick(functions.get(str(call.get("qualname")), []), owner.get(call.id), owner)
        if target is not None:
            graph.relate(call.id, target.id, EdgeKind.CALLS)


def _owners(graph: FactGraph) -> dict[str, str]:
    owner: dict[str, str] = {}
    for component in graph.facts(NodeKind.COMPONENT):
        for fact in graph.neighbours(component.id, EdgeKind.OWNS):
            owner[fact.id] = component.id
    return owner


def _index(facts: list[Fact], attr: str) -> dict[str, list[Fact]]:
    index: dict[str, list[Fact]] = {}
    for fact in facts:
        index.setdefault(str(fact.get(attr)), []).append(fact)
    return index


def _container(graph: FactGraph, fact: Fact) -> Fact | None:
    parents = graph.linked(fact.id, EdgeKind.HAS, "in")
    modules = [p for p in parents if p.kind is NodeKind.SOURCE_MODULE]
    return min(modules, key=Fact.sort_key) if modules else None  # the first, as sorted


def _pick(candidates: list[Fact], component: str | None, owner: dict[str, str]) -> Fact | None:
    if not candidates:
        return None
    same = [c for c in candidates if owner.get(c.id) == component]
    if same:
        return same[0]
    return candidates[0] if len(candidates) == 1 else None
