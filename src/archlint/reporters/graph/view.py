"""The architecture as archlint sees it: components with their roles, the artifacts that build,
run and deploy them, the links between those, and (optionally) the findings on each.

:func:`architecture` keeps the nodes of :data:`VIEW_KINDS` and every edge between two of them
(a component's ``owns`` edge to an artifact that already ``runs`` it is left out: it says the
same thing twice). A finding is placed on the first view node among its evidence (the anchor,
then the evidence facts): the fact itself when it is in the view, else the component that owns
it, else the artifact it is part of (``has``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.findings import Finding
from archlint.domain.graph import FactGraph

VIEW_KINDS: tuple[str, ...] = (
    "component",
    "compose_project",
    "compose_service",
    "dockerfile",
    "process",
    "manifest",
)
"""Node kinds in the picture; a family that adds deploy artifacts (a Helm chart, a Kubernetes
workload, a Terraform resource) adds its kind here."""

_TAG = re.compile(r"(@\d+)+$")


class UnknownComponent(ValueError):
    """``--component NAME`` names no component; the message has a did-you-mean."""


@dataclass(frozen=True, slots=True)
class ViewNode:
    id: str
    kind: str
    label: str
    detail: str  # roles of a component, path:line of an artifact
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class ViewEdge:
    source: str
    target: str
    label: str


@dataclass(frozen=True, slots=True)
class View:
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]


def architecture(
    graph: FactGraph, findings: Iterable[Finding] = (), component: str | None = None
) -> View:
    """The picture of ``graph``; only ``component`` and its artifacts when a name is given."""
    facts = {f.id: f for kind in VIEW_KINDS for f in graph.facts(NodeKind(kind))}
    edges = _edges(graph, facts)
    if component is not None:
        keep = _around(component, facts, edges)
        facts = {k: v for k, v in facts.items() if k in keep}
        edges = [e for e in edges if e.source in keep and e.target in keep]
    placed: dict[str, list[Finding]] = {}
    for finding in findings:
        where = _place(finding, graph, facts)
        if where is not None:
            placed.setdefault(where, []).append(finding)
    nodes = [
        ViewNode(
            fact.id,
            fact.kind.value,
            _label(fact),
            _detail(fact),
            tuple(sorted(placed.get(fact.id, []), key=Finding.sort_key)),
        )
        for fact in sorted(facts.values(), key=lambda f: (VIEW_KINDS.index(f.kind.value), f.id))
    ]
    return View(tuple(nodes), tuple(sorted(edges, key=lambda e: (e.source, e.target, e.label))))


def _edges(graph: FactGraph, facts: dict[str, Fact]) -> list[ViewEdge]:
    relations = [r for r in graph.edges() if r.source in facts and r.target in facts]
    runs = {(r.target, r.source) for r in relations if r.kind is EdgeKind.RUNS}
    return [
        ViewEdge(r.source, r.target, r.kind.value.replace("_", " "))
        for r in relations
        if not (r.kind is EdgeKind.OWNS and (r.source, r.target) in runs)
    ]


def _around(name: str, facts: dict[str, Fact], edges: list[ViewEdge]) -> set[str]:
    """The component named ``name``, its artifacts and what they link to. Other components, a
    compose project (a hub) and the services it depends on are shown but not followed."""
    named = sorted(
        f.id for f in facts.values() if f.kind is NodeKind.COMPONENT and f.get("name") == name
    )
    if not named:
        names = sorted({str(f.get("name")) for f in facts.values() if f.kind is NodeKind.COMPONENT})
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (components: {', '.join(names)})"
        raise UnknownComponent(f"no component named {name!r}{hint}")
    near: dict[str, set[tuple[str, bool]]] = {}
    for edge in edges:
        follow = edge.label != "depends on"  # what it depends on is shown, not its artifacts
        near.setdefault(edge.source, set()).add((edge.target, follow))
        near.setdefault(edge.target, set()).add((edge.source, follow))
    keep, todo = set(named), list(named)
    while todo:
        current = todo.pop()
        for other, follow in sorted(near.get(current, ())):
            if other in keep:
                continue
            keep.add(other)
            hub = facts[other].kind in (NodeKind.COMPONENT, NodeKind.COMPOSE_PROJECT)
            if follow and not hub:
                todo.append(other)
    return keep


def _place(finding: Finding, graph: FactGraph, facts: dict[str, Fact]) -> str | None:
    parts = finding.evidence_key.split("|")
    for candidate in (_TAG.sub("", parts[0]), parts[0], *parts[1:]):
        if candidate not in graph:
            continue
        if candidate in facts:
            return candidate
        for edge in (EdgeKind.OWNS, EdgeKind.HAS):
            for owner in graph.neighbours(candidate, edge, "in"):
                if owner.id in facts:
                    return owner.id
    return None


def _label(fact: Fact) -> str:
    kind = fact.kind
    if kind is NodeKind.COMPONENT:
        return str(fact.get("name"))
    if kind is NodeKind.COMPOSE_SERVICE:
        return f"service {fact.get('name')}"
    if kind is NodeKind.COMPOSE_PROJECT:
        return f"compose {fact.get('name')}"
    if kind is NodeKind.PROCESS:
        return f"process {fact.get('name')}"
    return fact.location.path


def _detail(fact: Fact) -> str:
    if fact.kind is NodeKind.COMPONENT:
        roles = fact.get("roles") or []
        return ", ".join(roles) if roles else "no role"
    if fact.kind is NodeKind.COMPOSE_PROJECT and fact.get("files"):
        # a base file alone and with its override are two projects: the files tell them apart
        return " + ".join(str(f) for f in fact.get("files"))
    return f"{fact.kind.value} {fact.location.path}:{fact.location.line}"
