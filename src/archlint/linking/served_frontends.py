"""Frontends served by a backend's image: the SPA a FastAPI or Express app serves from its
static folder is built in a stage of the backend's Dockerfile, not run by a compose service of
its own.

A compose service ``serves`` a component when a stage of the image it builds (its ``target``,
else the final stage, and the stages that one copies ``--from`` or starts ``FROM``) runs a
build in that component's folder (``WORKDIR /src/packages/api`` after ``COPY . .``, then ``go
build``: ``built_dirs``), or copies that component's folder from the build context and runs a
JavaScript build (``npm run build``, ``pnpm build``, ``vite build``). A frontend whose build
writes into another component's folder (Vite `build.outDir: "../backend/app/static"`, a
``build_output`` fact) is served by every compose service that runs that component. What
counts as a frontend, and what INF002 makes of the edge, is up to the rules.
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
            for stage in _image_stages(graph, dockerfile, svc.get("build_target")):
                if stage.get("runs_js_build"):  # what it copies from the context, it builds
                    served |= _held(stage.get("copy_sources"), str(context), components)
                # the folders it builds in (`WORKDIR /src/services/api` after `COPY . .`)
                served |= _held(stage.get("built_dirs"), str(context), components)
        for component_id in sorted(served - ran):
            graph.relate(svc.id, component_id, EdgeKind.SERVES)
    _link_build_outputs(graph, components)


def _image_stages(graph: FactGraph, dockerfile: Fact, target: object) -> list[Fact]:
    """The stages whose output is in the image a service builds: its ``target`` (else the final
    stage), the stages that one copies ``--from``, and those they start ``FROM``, transitively."""
    stages = [
        s for s in graph.neighbours(dockerfile.id, EdgeKind.HAS) if s.kind is NodeKind.DOCKER_STAGE
    ]
    named = {str(s.get("name")): s for s in stages if s.get("name")}
    start = named.get(str(target).lower()) if target else None
    todo = [start] if start is not None else [s for s in stages if s.get("is_final")]
    seen: dict[str, Fact] = {}
    while todo:
        stage = todo.pop()
        if stage.id in seen:
            continue
        seen[stage.id] = stage
        todo.extend(graph.neighbours(stage.id, EdgeKind.COPIES_FROM))
        if stage.get("stage_ref") and (base := named.get(str(stage.get("base_image")).lower())):
            todo.append(base)
    return sorted(seen.values(), key=lambda s: s.id)


def _link_build_outputs(graph: FactGraph, components: list[Fact]) -> None:
    """``compose_service -serves-> frontend`` for a frontend built into a backend's folder."""
    for output in graph.facts(NodeKind.BUILD_OUTPUT):
        target = output.get("target_dir")
        if not isinstance(target, str):
            continue
        frontend = _owner(output.location.path, components)
        backend = _owner(target, components)
        if frontend is None or backend is None or backend.id == frontend.id:
            continue
        for svc in graph.neighbours(backend.id, EdgeKind.RUNS, "in"):
            if svc.kind is not NodeKind.COMPOSE_SERVICE:
                continue
            if frontend.id not in {c.id for c in graph.neighbours(svc.id, EdgeKind.RUNS)}:
                graph.relate(svc.id, frontend.id, EdgeKind.SERVES)


def _owner(path: str, components: list[Fact]) -> Fact | None:
    """The deepest component whose folder holds ``path`` (components sorted deepest first)."""
    return next((c for c in components if _within(path, str(c.get("path") or ""))), None)


def _held(paths: object, context: str, components: list[Fact]) -> set[str]:
    """The components whose folders hold ``paths`` (relative to the build ``context``); the
    whole context, or a path outside it, names no one component."""
    found: set[str] = set()
    for source in paths if isinstance(paths, list) else []:
        path = posixpath.normpath(posixpath.join(context, str(source)))
        if path.startswith("..") or path == ".":
            continue
        owner = _owner(path, components)
        if owner is not None and owner.get("path"):
            found.add(owner.id)
    return found


def _within(path: str, folder: str) -> bool:
    return folder == "" or path == folder or path.startswith(folder + "/")
