"""TS/JS code across files: ``calls`` from a call to the function it names in another module of
its component, ``handled_by`` from a route to a handler defined in another file, and
``imports`` between source modules.

The parser names a callee by the module its import points at (``import { sign } from
'./auth'`` in ``src/app.ts``: ``src/auth.sign``); a module name is a path without extension, as
written. This linker finds the function the way Node and TypeScript do: the module itself or its
``index`` file (``src/auth/index``), a ``tsconfig.json`` path alias (``@/auth/*`` ->
``./src/auth/*``) or ``baseUrl`` of the component's tsconfigs, and through re-exports
(``export * from './tokens'``, ``export { sign } from``, ``export * as tokens from``,
``module.exports.tokens = require('./tokens')``), and a module called as a function by its
default export (``catchAsync(...)`` of ``module.exports = catchAsync``); then the routes' full paths
(:mod:`archlint.linking.routes`). Only modules of the caller's component are
candidates; a name that resolves to nothing gets no edge, never a guess. Runs after
:func:`~archlint.linking.code.link_code`, which links what resolves exactly.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.linking.base import LinkContext
from archlint.linking.routes import link_mounts, module_name

_LANGUAGES = frozenset({"javascript", "typescript"})
_MAX_REEXPORT_DEPTH = 4
_Reexport = tuple[str, tuple[str, ...], str | None]


def link_javascript(graph: FactGraph, context: LinkContext) -> None:
    """Add cross-module ``calls``, ``handled_by`` and ``imports`` edges for TS/JS code."""
    scope_of = scopes(graph)
    for function in graph.facts(NodeKind.FUNCTION):
        if (found := scope_of(function)) is not None:
            found.functions[str(function.get("qualname"))] = function
    for tsconfig in graph.facts(NodeKind.TSCONFIG):
        if (found := scope_of(tsconfig)) is not None:
            found.add_tsconfig(tsconfig)
    for imp in graph.facts(NodeKind.IMPORT):
        if (found := scope_of(imp)) is not None:
            _link_import(graph, found, imp)
    for kind, edge, attr in (
        (NodeKind.CALL, EdgeKind.CALLS, "qualname"),
        (NodeKind.ROUTE, EdgeKind.HANDLED_BY, "handler"),
    ):
        for fact in graph.facts(kind):
            found = scope_of(fact)
            if found is None or graph.neighbours(fact.id, edge):
                continue  # the parser or link_code already linked it
            target = found.function(str(fact.get(attr)))
            if target is not None:
                graph.relate(fact.id, target.id, edge)
    link_mounts(graph, scope_of)


def scopes(graph: FactGraph) -> Callable[[Fact], Scope | None]:
    """The TS/JS scope (modules, functions, aliases, re-exports) of each component, as a lookup
    from a fact of TS/JS code (or a tsconfig) to the scope of its component."""
    owner = _owners(graph)
    found: dict[str | None, Scope] = {}
    for module in graph.facts(NodeKind.SOURCE_MODULE):
        if module.get("language") in _LANGUAGES:
            scope = found.setdefault(owner.get(module.id), Scope())
            scope.modules[str(module.get("module"))] = module

    def scope_of(fact: Fact) -> Scope | None:
        code = fact.kind is NodeKind.TSCONFIG or fact.get("language") in _LANGUAGES
        return found.get(owner.get(fact.id)) if code else None

    return scope_of


def container(graph: FactGraph, fact: Fact) -> Fact | None:
    """The source_module that ``has`` a fact."""
    for parent in graph.neighbours(fact.id, EdgeKind.HAS, "in"):
        if parent.kind is NodeKind.SOURCE_MODULE:
            return parent
    return None


def _link_import(graph: FactGraph, scope: Scope, imp: Fact) -> None:
    target = scope.module(str(imp.get("resolved") or imp.get("module")))
    source = container(graph, imp)
    if target is None or source is None or target.id == source.id:
        return
    if imp.get("style") == "reexport":
        alias = imp.get("alias")
        scope.reexports.setdefault(str(source.get("module")), []).append(
            (
                str(target.get("module")),
                tuple(imp.get("names") or ()),
                str(alias) if alias is not None else None,
            )
        )
    graph.relate(source.id, target.id, EdgeKind.IMPORTS)


@dataclass
class Scope:
    """The TS/JS modules, functions, aliases and re-exports of one component (filled as the
    linker meets them: modules first, then functions, tsconfigs and imports)."""

    modules: dict[str, Fact] = field(default_factory=dict)
    functions: dict[str, Fact] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (`@/`, `src/`) prefixes
    base_urls: list[str] = field(default_factory=list)
    # module -> (target module, names (empty: all), alias)
    reexports: dict[str, list[_Reexport]] = field(default_factory=dict)

    def add_tsconfig(self, tsconfig: Fact) -> None:
        folder = posixpath.dirname(tsconfig.location.path)
        base = posixpath.normpath(posixpath.join(folder, str(tsconfig.get("base_url") or ".")))
        if tsconfig.get("base_url"):
            self.base_urls.append(base)
        aliases = list(tsconfig.get("path_aliases") or [])
        targets = list(tsconfig.get("path_targets") or [])
        for alias, target in zip(aliases, targets, strict=False):
            if not target:
                continue
            path = posixpath.normpath(posixpath.join(base, target.removesuffix("*")))
            suffix = "/" if target.endswith("/*") else ""
            self.aliases.append((alias.removesuffix("*"), module_name(path) + suffix))
        self.aliases.sort(key=lambda pair: (-len(pair[0]), pair))

    def module(self, name: str) -> Fact | None:
        """The module a specifier or module name loads, or None."""
        for candidate in self._candidates(name):
            for form in (candidate, f"{candidate}/index"):
                found = self.modules.get(form)
                if found is not None:
                    return found
        return None

    def function(self, qualname: str, depth: int = 0) -> Fact | None:
        """The function a qualified name names (``src/auth.sign`` -> ``src/auth/tokens.sign``)."""
        exact = self.functions.get(qualname)
        if exact is not None or depth > _MAX_REEXPORT_DEPTH:
            return exact
        whole = self.module(qualname)  # the module itself is called: its default export
        if whole is not None and whole.get("default_export"):
            found = self.functions.get(f"{whole.get('module')}.{whole.get('default_export')}")
            if found is not None:
                return found
        # the module part may itself hold dots (`src/auth/auth.service.AuthService.refresh`):
        # try every split, the longest module name first
        dots = [i for i, ch in enumerate(qualname) if ch == "."]
        for index in reversed(dots):
            module = self.module(qualname[:index])
            if module is None:
                continue
            name, rest = str(module.get("module")), qualname[index + 1 :]
            found = self.functions.get(f"{name}.{rest}")
            if found is None:
                found = self._through_reexports(name, rest, depth)
            if found is not None:
                return found
        return None

    def _through_reexports(self, module: str, rest: str, depth: int) -> Fact | None:
        head = rest.partition(".")[0]
        for target, names, alias in self.reexports.get(module, []):
            if alias is not None:
                if head == alias and "." in rest:
                    found = self.function(f"{target}.{rest.partition('.')[2]}", depth + 1)
                    if found is not None:
                        return found
                continue
            if not names or head in names:
                found = self.function(f"{target}.{rest}", depth + 1)
                if found is not None:
                    return found
        return None

    def _candidates(self, name: str) -> list[str]:
        out = [name]
        for alias, target in self.aliases:
            if alias and name.startswith(alias):
                out.append(target + name[len(alias) :])
            elif name == alias.rstrip("/"):
                out.append(target.rstrip("/"))
        if not name.startswith((".", "/")):
            out += [posixpath.normpath(posixpath.join(base, name)) for base in self.base_urls]
        return out


def _owners(graph: FactGraph) -> dict[str, str]:
    owner: dict[str, str] = {}
    for component in graph.facts(NodeKind.COMPONENT):
        for fact in graph.neighbours(component.id, EdgeKind.OWNS):
            owner.setdefault(fact.id, component.id)
    return owner
