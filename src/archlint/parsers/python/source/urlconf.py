"""Routes declared by calls rather than decorators: Django URLconfs (``path("items/<int:pk>/",
views.item)``, ``re_path``, ``include("shop.urls")`` prefixes), aiohttp tables
(``web.get("/x", handler)``, ``app.router.add_get``, ``web.route("GET", ...)``) and Starlette
``Route("/x", endpoint, methods=[...])``.

A route is placed at its call (the line that declares the path) and is ``handled_by`` its view
function, or each HTTP-method function of a class-based view (``views.Items.as_view()``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from archlint.domain.facts import EdgeKind, NodeKind, Relation
from archlint.parsers.python.source.emit import PY, Emitter
from archlint.parsers.python.source.mounts import join
from archlint.parsers.python.source.summary import CallSite, ModuleSummary
from archlint.parsers.python.source.values import Const, Seq, plain

_DJANGO = frozenset({"django.urls.path", "django.urls.re_path", "django.conf.urls.url"})
_INCLUDE = "django.urls.include"
_AIOHTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "view"})
_STARLETTE = frozenset({"starlette.routing.Route", "fastapi.routing.APIRoute"})
_MOUNTS = frozenset({"starlette.routing.Mount", "fastapi.routing.Mount"})
_VIEW_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
_MAX_DEPTH = 8


def url_prefixes(summaries: Sequence[ModuleSummary]) -> dict[str, list[tuple[str, str]]]:
    """Django: URLconf module -> (the URLconf that includes it, the prefix it is included at):
    ``path("api/", include("shop.urls"))``, ``include(("shop.urls", "shop"))`` too."""
    parents: dict[str, list[tuple[str, str]]] = {}
    for s in summaries:
        groups = _groups(s)
        for call in s.calls:
            if call.qualname != _INCLUDE:
                continue
            first = call.args[0] if call.args else None
            if isinstance(first, Seq) and first.items:  # (module, app namespace)
                first = first.items[0]
            if not (isinstance(first, Const) and isinstance(first.value, str)):
                continue
            holder = [g for g in groups if _inside(call, g)]
            if holder:
                prefix = _local_prefix(groups, holder[-1])
                parents.setdefault(first.value, []).append((s.module, prefix))
    return parents


def call_routes(em: Emitter, s: ModuleSummary, parents: dict[str, list[tuple[str, str]]]) -> None:
    groups: list[CallSite] | None = None
    for call in s.calls:
        spec = _spec(em, call)
        if spec is None:
            continue
        framework, method, path, handler = spec
        if handler is None:
            continue  # ``path("api/", include(...))`` is a prefix, not a route
        prefixes = [""]
        if framework == "starlette":
            # ``Mount("/api", routes=[Route("/users", users)])``: the enclosing mounts' paths
            mounts = sorted(
                (m for m in s.calls if m.qualname in _MOUNTS and _inside(call, m)),
                key=lambda m: (m.pos.line, m.pos.column),
            )
            prefixes = [_join_all(_literal(m, 0) for m in mounts)]
        if framework == "django":
            groups = _groups(s) if groups is None else groups
            # ``path("session/", include([path("login/", ...)]))``: the enclosing paths first
            local = _local_prefix(groups, call)
            tops = _django_prefixes(s.module, parents, frozenset())
            prefixes = ["/" + join(top, local).lstrip("/") for top in tops]
        for prefix in sorted(set(prefixes)):
            _emit(em, s, call, framework, method, join(prefix, path), handler)


def _join_all(parts: Iterable[str]) -> str:
    out = ""
    for part in parts:
        out = join(out, part)
    return out


def _groups(s: ModuleSummary) -> list[CallSite]:
    """The module's ``path(...)`` calls that hold an ``include(...)``, in source order."""
    found = [c for c in s.calls if c.qualname in _DJANGO and _INCLUDE in c.arg_calls]
    return sorted(found, key=lambda c: (c.pos.line, c.pos.column))


def _inside(call: CallSite, outer: CallSite) -> bool:
    if call is outer or outer.end is None:
        return False
    at = (call.pos.line, call.pos.column)
    return (outer.pos.line, outer.pos.column) <= at <= (outer.end.line, outer.end.column)


def _local_prefix(groups: list[CallSite], call: CallSite) -> str:
    """The paths of the ``path(..., include(...))`` calls that hold ``call``, and its own
    when it holds an include itself, joined outermost first."""
    prefix = ""
    for g in groups:
        if _inside(call, g) or (g is call):
            prefix = join(prefix, _django_path(g))
    return prefix


def _django_path(call: CallSite) -> str:
    path = _literal(call, 0)
    if call.qualname != "django.urls.path":  # a regex: its anchors are no part of the path
        path = path.removeprefix("^").removesuffix("$")
    return path


def _literal(call: CallSite, index: int) -> str:
    sym = call.args[index] if index < len(call.args) else None
    return sym.value if isinstance(sym, Const) and isinstance(sym.value, str) else ""


def _spec(em: Emitter, call: CallSite) -> tuple[str, str, str, str | None] | None:
    """(framework, method, path, handler qualname) of a route-declaring call."""

    def plain_text(index: int) -> str:
        value = em.value(call.args[index]).value if index < len(call.args) else None
        return value if isinstance(value, str) else ""

    q = call.qualname
    kwargs = dict(call.kwarg_refs)
    if q in _DJANGO:
        return "django", "ANY", _django_path(call), _handler(call, 1, kwargs, "view")
    head, _, last = q.rpartition(".")
    if q.startswith("aiohttp.web"):
        if head == "aiohttp.web" and last in _AIOHTTP_METHODS:
            method = "ANY" if last == "view" else last.upper()
            return "aiohttp", method, plain_text(0), _handler(call, 1, kwargs, "handler")
        if (head == "aiohttp.web" and last == "route") or (_router(head) and (last == "add_route")):
            method = plain_text(0).upper() or "ANY"
            method = "ANY" if method == "*" else method
            return "aiohttp", method, plain_text(1), _handler(call, 2, kwargs, "handler")
        if _router(head) and last.startswith("add_") and last[4:] in _AIOHTTP_METHODS:
            method = "ANY" if last == "add_view" else last[4:].upper()
            return "aiohttp", method, plain_text(0), _handler(call, 1, kwargs, "handler")
        return None
    if q in _STARLETTE:
        given = dict(call.kwargs).get("methods")
        methods = plain(em.value(given).value) if given is not None else None
        method = "GET" if methods is None else "ANY"
        if isinstance(methods, list) and len(methods) == 1:
            method = str(methods[0]).upper()
        return "starlette", method, plain_text(0), _handler(call, 1, kwargs, "endpoint")
    return None


def _router(head: str) -> bool:
    return head.endswith(".router") or head == "aiohttp.web.UrlDispatcher"


def _handler(call: CallSite, index: int, kwargs: dict[str, str], keyword: str) -> str | None:
    if index < len(call.arg_refs) and call.arg_refs[index]:
        return call.arg_refs[index]
    if keyword in kwargs:
        return kwargs[keyword]
    if _INCLUDE in call.arg_calls:
        return None  # the views are those of the included patterns
    views = [c[: -len(".as_view")] for c in call.arg_calls if c.endswith(".as_view")]
    return views[0] if len(views) == 1 else None


def _django_prefixes(
    module: str, parents: dict[str, list[tuple[str, str]]], seen: frozenset[str]
) -> list[str]:
    mounts = parents.get(module, [])
    if not mounts or len(seen) >= _MAX_DEPTH:
        return [""]
    out = [
        join(outer, prefix)
        for parent, prefix in mounts
        if parent not in seen and parent != module
        for outer in _django_prefixes(parent, parents, seen | {module})
    ]
    return out or [""]


def _emit(
    em: Emitter,
    s: ModuleSummary,
    call: CallSite,
    framework: str,
    method: str,
    full: str,
    handler: str,
) -> None:
    handler = em.table.canonical(handler)
    attrs = {
        "method": method,
        "route_path": full,
        "framework": framework,
        "handler": handler,
        "reads_raw_body": False,
        "dependencies": [],
        "language": PY,
    }
    rid = em.add(
        f"{s.path}#route/{method} {full}",
        NodeKind.ROUTE,
        s.path,
        call.pos,
        attrs,
        f"{s.path}#module",
    )
    targets = (
        [handler]
        if handler in em.function_ids
        else [f"{handler}.{m}" for m in _VIEW_METHODS if f"{handler}.{m}" in em.function_ids]
    )
    for target in targets:
        em.relations.append(Relation(rid, em.function_ids[target], EdgeKind.HANDLED_BY))
