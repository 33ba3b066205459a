"""Workspaces: the packages of a monorepo and what one gets from another.

A component ``depends_on`` the workspace packages it names (``"@acme/db": "workspace:*"``,
``file:../db``), and owns the npm dependencies its workspace root hoists and those packages bring,
so "the app has Radix UI" holds when ``@acme/ui`` brings it.
"""

from __future__ import annotations

import fnmatch
import posixpath

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import folder_of
from archlint.linking.base import LinkContext

_LOCAL_SOURCES = frozenset({"workspace", "path"})
# what an app gets from a workspace package it depends on, and from its workspace root
_RUNTIME_GROUPS = frozenset({"main", "optional"})
_HOISTED_GROUPS = frozenset({"main", "optional", "dev"})
_LOCAL_SPECS = ("workspace:", "file:", "link:", "portal:")


def link_workspaces(graph: FactGraph, context: LinkContext) -> None:
    """component -depends_on-> component for a dependency on a package of the same repository
    (``"@acme/db": "workspace:*"``, ``file:../db``): what a monorepo package gets from a sibling
    (its Prisma schema, say) counts for it."""
    by_name: dict[str, str] = {}
    for component in graph.facts(NodeKind.COMPONENT):
        for manifest in graph.neighbours(component.id, EdgeKind.OWNS):
            if manifest.kind is NodeKind.MANIFEST and manifest.get("name"):
                by_name.setdefault(str(manifest.get("name")), component.id)
    for dep in graph.facts(NodeKind.DEPENDENCY):
        spec = str(dep.get("spec") or "")
        local = dep.get("source") in _LOCAL_SOURCES or spec.startswith(_LOCAL_SPECS)
        target = by_name.get(str(dep.get("name")))
        if not local or target is None:
            continue
        for owner in graph.neighbours(dep.id, EdgeKind.OWNS, "in"):
            if owner.id != target:
                graph.relate(owner.id, target, EdgeKind.DEPENDS_ON)
    _inherit_dependencies(graph)


def _inherit_dependencies(graph: FactGraph) -> None:
    """A workspace member has the dependencies its workspace root hoists (``typescript``,
    ``vite``, ``eslint-plugin-security`` in the root package.json) and the runtime dependencies
    of the workspace packages it depends on (the app's Radix UI comes from ``@acme/ui``): it
    owns them too. A package's devDependencies (its own tests and build) and peerDependencies
    (what it asks of its host, who declares them itself) are not the app's."""
    gains: dict[str, dict[str, frozenset[str]]] = {}
    for root, members in _workspace_members(graph).items():
        for member in members:
            gains.setdefault(member, {})[root] = _HOISTED_GROUPS
    for component in graph.facts(NodeKind.COMPONENT):
        for package in graph.neighbours(component.id, EdgeKind.DEPENDS_ON):
            if package.kind is NodeKind.COMPONENT:
                gains.setdefault(component.id, {}).setdefault(package.id, _RUNTIME_GROUPS)
    for member, sources in sorted(gains.items()):
        for source, groups in sorted(sources.items()):
            for dep in graph.neighbours(source, EdgeKind.OWNS):
                if (
                    dep.kind is NodeKind.DEPENDENCY
                    and dep.get("ecosystem") == "npm"
                    and dep.get("group") in groups
                    and _declared_by(graph, dep, source)
                ):
                    graph.relate(member, dep.id, EdgeKind.OWNS)


def _declared_by(graph: FactGraph, dep: Fact, component_id: str) -> bool:
    """The dependency is in the component's own manifest (not one it inherited in turn)."""
    manifest = str(dep.get("manifest") or "")
    return any(m.id == manifest for m in graph.neighbours(component_id, EdgeKind.OWNS))


def _workspace_members(graph: FactGraph) -> dict[str, list[str]]:
    """Workspace root component -> member components: the globs of package.json ``workspaces``
    and of a pnpm-workspace.yaml in the root's folder; a package a ``!glob`` excludes is none."""
    packages: dict[str, str] = {}  # folder -> component id, for components with a package.json
    roots: dict[str, tuple[str, list[str]]] = {}
    for component in graph.facts(NodeKind.COMPONENT):
        for manifest in graph.neighbours(component.id, EdgeKind.OWNS):
            if manifest.kind is not NodeKind.MANIFEST:
                continue
            folder = folder_of(manifest.location.path)
            if manifest.get("type") == "package.json":
                packages[folder] = component.id
            globs = [str(g) for g in manifest.get("workspaces") or []]
            if globs:
                roots.setdefault(folder, (component.id, []))[1].extend(globs)
    found: dict[str, list[str]] = {}
    for folder, (root_id, globs) in sorted(roots.items()):
        for member_folder, member_id in sorted(packages.items()):
            inside = posixpath.relpath(member_folder or ".", folder or ".")
            if member_id != root_id and _member(inside, globs):
                found.setdefault(root_id, []).append(member_id)
    return found


def _member(folder: str, globs: list[str]) -> bool:
    """Included by a glob and excluded by none (``!packages/legacy``, ``!**/test/**``)."""
    keep = [g.rstrip("/") for g in globs if not g.startswith("!")]
    drop = [g[1:].rstrip("/") for g in globs if g.startswith("!")]
    return any(_matches(folder, g) for g in keep) and not any(_matches(folder, g) for g in drop)


def _matches(folder: str, glob: str) -> bool:
    glob = glob.removeprefix("./")
    # `**/test/**` also matches the folder `test` itself, as pnpm's globs do
    return fnmatch.fnmatchcase(folder, glob) or fnmatch.fnmatchcase(folder + "/", glob)
