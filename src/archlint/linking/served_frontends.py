"""Frontends served by a backend's image: the SPA a FastAPI or Express app serves from its
static folder is built in a stage of the backend's Dockerfile, not run by a compose service of
its own.

A compose service ``serves`` a component when a stage of the Dockerfile it builds copies that
component's folder from the build context and runs a JavaScript build (``npm run build``,
``pnpm build``, ``vite build``; the stage the final one copies ``--from``, or the final stage
itself). What counts as a frontend, and what INF002 makes of the edge, is up to the rules.
"""

from __future__ import annotations

import posixpath

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph


def link_served_frontends(graph: FactGraph) -> None:
    """Add ``compose_service -serves-> component`` for each component built into its image."""
    components = sorted(
        (c for c in graph.facts(NodeKind.COMPONENT) if "#" not in c.id),
        key=lambda c: -len(str(c.get("path") or "")),
    )
    for svc in graph.facts(NodeKind.COMPOSE_SERVICE):
        context = svc.get("build_context")
        if context is None:
            continue
        ran = {c.id for c in graph.neighbours(svc.id, EdgeKind.RUNS)}
        served: set[str] = set()
        for dockerfile in graph.neighbours(svc.id, EdgeKind.BUILDS):
            for stage in graph.neighbours(dockerfile.id, EdgeKind.HAS):
                if stage.kind is NodeKind.DOCKER_STAGE and stage.get("runs_js_build"):
                    served |= _copied(stage, str(context), components)
        for component_id in sorted(served - ran):
            graph.relate(svc.id, component_id, EdgeKind.SERVES)


def _copied(stage: Fact, context: str, components: list[Fact]) -> set[str]:
    found: set[str] = set()
    for source in stage.get("copy_sources") or []:
        path = posixpath.normpath(posixpath.join(context, str(source)))
        if path.startswith("..") or path == ".":
            continue  # the whole context names no one component
        owner = next((c for c in components if _within(path, str(c.get("path") or ""))), None)
        if owner is not None and owner.get("path"):
            found.add(owner.id)
    return found


def _within(path: str, folder: str) -> bool:
    return folder == "" or path == folder or path.startswith(folder + "/")
