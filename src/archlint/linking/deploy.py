"""Deploy links: component → Helm chart (and → workload of a plain manifest) → its rendered
workloads, containers, ports, env and images.

A chart deploys a component when (first rule that finds any wins, docs/facts.md `deploys`):

1. an image of the chart's containers is the component's image: its repository's last segment
   is the component's name or folder name, or equals the image name of a compose service that
   builds the component;
2. the chart's name is the component's name or folder name;
3. the chart's folder is inside the component's folder (not the repository root).

The component then owns the chart's workloads and everything they have (containers, ports, env
vars, images) and the Services that select them, so port and secret rules see one component
across Dockerfile, compose and chart. Library charts deploy nothing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.linking.base import LinkContext


def link_deploys(graph: FactGraph, context: LinkContext) -> None:
    """Add ``deploys`` edges and the ``owns`` edges of what a chart or manifest deploys."""
    components = [c for c in graph.facts(NodeKind.COMPONENT) if "#" not in c.id.split(":", 1)[1]]
    if not components:
        return
    built_images = _compose_images(graph)
    for chart in graph.facts(NodeKind.HELM_CHART):
        if chart.get("chart_type") == "library":
            continue
        workloads = _has(graph, chart.id, NodeKind.K8S_WORKLOAD)
        images = _image_names(graph, workloads)
        by_image = _by_image(images, components, built_images)
        for component in by_image or _matches(chart, components):
            graph.relate(component.id, chart.id, EdgeKind.DEPLOYS)
            # an umbrella chart: each component owns the workloads that run its image
            mine = [
                w
                for w in workloads
                if not by_image or _by_image(_image_names(graph, [w]), [component], built_images)
            ]
            _own(graph, component.id, chart.id, mine)
    for workload in graph.facts(NodeKind.K8S_WORKLOAD):
        if workload.get("chart"):
            continue
        names = _image_names(graph, [workload])
        for component in _by_image(names, components, built_images):
            graph.relate(component.id, workload.id, EdgeKind.DEPLOYS)
            _own(graph, component.id, None, [workload])


def _matches(chart: Fact, components: list[Fact]) -> list[Fact]:
    """Rules 2 and 3: the chart's name, else the folder it lives in."""
    name = str(chart.get("name") or "").lower()
    found = [c for c in components if name and name in _names(c)]
    if found:
        return found
    folder = str(chart.get("dir") or "")
    inside = [
        c
        for c in components
        if c.get("path") and (folder == c.get("path") or folder.startswith(f"{c.get('path')}/"))
    ]
    return sorted(inside, key=lambda c: -len(str(c.get("path"))))[:1]


def _by_image(images: set[str], components: list[Fact], built: dict[str, set[str]]) -> list[Fact]:
    last = {i.rsplit("/", 1)[-1] for i in images}
    return [c for c in components if (_names(c) & last) or (built.get(c.id, set()) & images)]


def _names(component: Fact) -> set[str]:
    names = {str(component.get("name") or "")}
    folder = posixpath.basename(str(component.get("path") or ""))
    names.add(folder)
    return {n.lower() for n in names if n and n != "root"}


def _compose_images(graph: FactGraph) -> dict[str, set[str]]:
    """component id → names of the images compose services tag their builds with."""
    found: dict[str, set[str]] = {}
    for svc in graph.facts(NodeKind.COMPOSE_SERVICE):
        if not svc.get("image") or svc.get("build_context") is None:
            continue
        for comp in graph.neighbours(svc.id, EdgeKind.RUNS):
            for image in graph.neighbours(svc.id, EdgeKind.USES_IMAGE):
                found.setdefault(comp.id, set()).add(str(image.get("name")))
    return found


def _image_names(graph: FactGraph, workloads: Iterable[Fact]) -> set[str]:
    names: set[str] = set()
    for workload in workloads:
        for container in _has(graph, workload.id, NodeKind.K8S_CONTAINER):
            names.update(
                str(i.get("name")).lower()
                for i in graph.neighbours(container.id, EdgeKind.USES_IMAGE)
            )
    return names


def _has(graph: FactGraph, fact_id: str, kind: NodeKind) -> list[Fact]:
    return [f for f in graph.neighbours(fact_id, EdgeKind.HAS) if f.kind is kind]


def _own(graph: FactGraph, component_id: str, chart_id: str | None, workloads: list[Fact]) -> None:
    parts: set[str] = set()
    for workload in workloads:
        todo = [workload.id]
        while todo:
            current = todo.pop()
            if current in parts:
                continue
            parts.add(current)
            todo.extend(f.id for f in graph.neighbours(current, EdgeKind.HAS))
            todo.extend(f.id for f in graph.neighbours(current, EdgeKind.USES_IMAGE))
        for service in graph.neighbours(workload.id, EdgeKind.SELECTS, direction="in"):
            parts.add(service.id)
            parts.update(f.id for f in graph.neighbours(service.id, EdgeKind.HAS))
    if chart_id is not None:
        parts.add(chart_id)
    for part in sorted(parts):
        graph.relate(component_id, part, EdgeKind.OWNS)
