"""Full paths of TS/JS routes: the prefixes a router is mounted under, joined across files.

``app.use('/v1', routes)`` in ``src/app.ts`` and ``router.use('/auth', authRouter)`` in
``src/routes/index.ts`` make ``router.post('/refresh', ...)`` of ``src/routes/auth.ts``
``/v1/auth/refresh``: each route's ``route_path`` (and ``path``) gets the prefixes of its
router's mounts, followed upwards. A router is named by its module and local name; a mount
names the mounted router by what it imported (``src/routes/auth`` is that module's default
export). A router mounted under two different prefixes, or through something that cannot be
followed (a loop over a list), keeps its path as written: no guess. NestJS
``app.setGlobalPrefix('api')`` prefixes every Nest HTTP route of the component (when it sets
one prefix).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from archlint.domain.facts import Fact, NodeKind
from archlint.domain.graph import FactGraph

if TYPE_CHECKING:
    from archlint.linking.javascript import Scope

_Router = tuple[str, str]  # (module, local name)
_UNKNOWN = "\0"  # a prefix that cannot be known


def link_mounts(graph: FactGraph, scope_of: Callable[[Fact], Scope | None]) -> None:
    """Join mount prefixes into the ``route_path`` of every TS/JS route under a mount."""
    mounts = graph.facts(NodeKind.ROUTE_MOUNT)
    if not mounts:
        return
    parents: dict[_Router, list[tuple[str, _Router]]] = {}
    global_prefixes: dict[int, set[str]] = {}
    for mount in mounts:
        scope = scope_of(mount)
        if scope is None:
            continue
        if mount.get("scope") == "global":
            global_prefixes.setdefault(id(scope), set()).add(str(mount.get("prefix")))
            continue
        target = _router(scope, str(mount.get("mounted")))
        parent = (module_name(mount.location.path), str(mount.get("receiver")))
        if target is not None:
            parents.setdefault(target, []).append((str(mount.get("prefix")), parent))
    for route in graph.facts(NodeKind.ROUTE):
        scope = scope_of(route)
        if scope is None:
            continue
        prefix = ""
        if route.get("receiver") is not None:
            router = (module_name(route.location.path), str(route.get("receiver")))
            prefix = _prefix(parents, router)
        elif route.get("framework") == "nestjs":
            found = global_prefixes.get(id(scope), set())
            prefix = next(iter(found)) if len(found) == 1 else ""
        if prefix and prefix != _UNKNOWN:
            full = join(prefix, str(route.get("route_path")))
            graph.replace(replace(route, attrs={**route.attrs, "route_path": full}))


def module_name(path: str) -> str:
    """``src/routes/auth.ts`` -> ``src/routes/auth`` (as the parser names a module)."""
    for extension in (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"):
        if path.endswith(extension):
            return path[: -len(extension)]
    return path


def join(*parts: str) -> str:
    """``join('/v1', 'auth/', '/refresh')`` is ``/v1/auth/refresh``."""
    return "/" + "/".join(p.strip("/") for p in parts if p.strip("/"))


def _prefix(parents: dict[_Router, list[tuple[str, _Router]]], router: _Router) -> str:
    """The prefix a router is mounted under ("" when never; _UNKNOWN when ambiguous)."""
    seen: set[_Router] = set()

    def walk(key: _Router) -> str:
        if key in seen:
            return _UNKNOWN
        seen.add(key)
        options = {
            _UNKNOWN if (up := walk(parent)) == _UNKNOWN else join(up, prefix)
            for prefix, parent in parents.get(key, [])
        }
        seen.discard(key)
        if not options:
            return ""
        return options.pop() if len(options) == 1 else _UNKNOWN

    return walk(router)


def _router(scope: Scope, mounted: str) -> _Router | None:
    """The router a mount's qualified name names: a module's default export, or a name of it."""
    whole = scope.module(mounted)
    if whole is not None:
        default = whole.get("default_export")
        return (str(whole.get("module")), str(default)) if default else None
    module_name, _, name = mounted.rpartition(".")
    module = scope.module(module_name) if module_name else None
    if module is None:
        return None
    return (str(module.get("module")), name)
