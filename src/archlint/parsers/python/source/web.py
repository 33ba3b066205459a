"""HTTP routes from decorators (``@app.get("/x")``, ``@router.post(...)`` with the router's
prefix, Flask ``@bp.route``) and each handler parameter with where its value comes from."""

from __future__ import annotations

import re
from dataclasses import replace

from archlint.domain.facts import EdgeKind, NodeKind, Relation
from archlint.parsers.python.source.classes import classify
from archlint.parsers.python.source.emit import PY, Emitter
from archlint.parsers.python.source.mounts import Mounts, join
from archlint.parsers.python.source.summary import Decorator, FunctionInfo, ModuleSummary, Param
from archlint.parsers.python.source.values import Opaque, Sym, plain

_METHODS = frozenset({"get", "post", "put", "delete", "patch", "options", "head", "trace"})
_ANY = frozenset({"api_route", "route", "websocket", "add_api_route"})
_FRAMEWORKS = (
    ("fastapi.", "fastapi"),
    ("flask.", "flask"),
    ("quart.", "quart"),
    ("starlette.", "starlette"),
    ("aiohttp.", "aiohttp"),
    ("sanic.", "sanic"),
)
_SOURCES = {
    "Depends": "depends",
    "Security": "security",
    "Body": "body",
    "Form": "body",
    "File": "body",
    "Query": "query",
    "Path": "path",
    "Header": "header",
    "Cookie": "header",
}
_REQUEST = frozenset(
    {"fastapi.Request", "starlette.requests.Request", "fastapi.WebSocket", "flask.Request"}
)
_PATH_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}|<(?:[^:>]+:)?([A-Za-z_]\w*)>")
_DICT_LIKE = re.compile(
    r"^(typing\.)?(dict|Dict|Mapping|MutableMapping|Any|Json|object)(\[.*\])?$|^(list|List)\[(dict|Dict)"
)
_SCALARS = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "None",
        "uuid.UUID",
        "datetime.datetime",
        "datetime.date",
    }
)


def routes(em: Emitter, s: ModuleSummary, mounts: Mounts) -> None:
    for fn in s.functions:
        for dec in fn.decorators:
            method = dec.method
            if method is None or not (method in _METHODS or method in _ANY) or dec.target is None:
                continue
            target = em.table.canonical(dec.target)
            made = em.table.bindings.get(target)
            kind = made.call if isinstance(made, Opaque) and made.call else dec.target
            framework = next((f for prefix, f in _FRAMEWORKS if kind.startswith(prefix)), None)
            if framework is None:
                continue
            for prefix in mounts.prefixes(target):
                _route(em, s, fn, dec, framework, prefix)


def _route(
    em: Emitter, s: ModuleSummary, fn: FunctionInfo, dec: Decorator, framework: str, prefix: str
) -> None:
    kwargs = dict(dec.kwargs)
    path_sym = dec.args[0] if dec.args else kwargs.get("path") or kwargs.get("rule")
    path = _text(em, path_sym) if path_sym is not None else ""
    full = join(prefix, path)
    method = str(dec.method).upper()
    if dec.method in _ANY:
        methods = plain(em.value(kwargs["methods"]).value) if "methods" in kwargs else None
        if isinstance(methods, list) and len(methods) == 1:
            method = str(methods[0]).upper()
        elif dec.method == "route" and methods is None:
            method = "GET"
        else:
            method = "ANY"
    path_params = {a or b for a, b in _PATH_PARAM.findall(full)}
    own = [_aliased(em, p) for p in fn.params if p.name not in ("self", "cls")]
    params = [(p, _source(em, p, path_params)) for p in own]
    raw = any(src == "request" and p.name in fn.raw_body_params for p, src in params)
    attrs = {
        "method": method,
        "route_path": full,
        "framework": framework,
        "handler": fn.qualname,
        "reads_raw_body": raw,
        "dependencies": list(dec.dependencies),
        "language": PY,
    }
    mid = f"{s.path}#module"
    rid = em.add(f"{s.path}#route/{method} {full}", NodeKind.ROUTE, s.path, fn.pos, attrs, mid)
    handler = em.function_ids.get(fn.qualname)
    if handler is not None:
        em.relations.append(Relation(rid, handler, EdgeKind.HANDLED_BY))
    for p, source in params:
        scopes = (
            plain(em.value(dict(p.default_kwargs)["scopes"]).value)
            if ("scopes" in dict(p.default_kwargs))
            else []
        )
        attrs = {
            "name": p.name,
            "annotation": p.annotation,
            "source": source,
            "validated": source == "body" and not _DICT_LIKE.match(p.annotation or "dict"),
            "dependency": p.default_target if source in ("depends", "security") else None,
            "scopes": [str(x) for x in scopes] if isinstance(scopes, list) else [],
        }
        em.add(f"{rid}/param/{p.name}", NodeKind.ROUTE_PARAM, s.path, p.pos, attrs, rid)


def _aliased(em: Emitter, p: Param) -> Param:
    """A parameter annotated with an ``Annotated[T, Depends(f)]`` alias (``current_user:
    CurrentUser``) takes the alias's source and dependency; its name and place stay its own."""
    if p.default_call is not None or len(p.annotation_names) != 1:
        return p
    alias = em.table.annotated.get(em.table.canonical(p.annotation_names[0]))
    if alias is None:
        return p
    return replace(alias, name=p.name, annotation=p.annotation, pos=p.pos)


def _source(em: Emitter, p: Param, path_params: set[str]) -> str:
    if p.default_call is not None:
        found = _SOURCES.get(p.default_call.rpartition(".")[2])
        if found is not None:
            return found
    names = [em.table.canonical(n) for n in p.annotation_names]
    if any(n in _REQUEST for n in names):
        return "request"
    if p.name in path_params:
        return "path"
    if p.annotation is None:
        return "query" if p.default_call is None else "unknown"
    if _DICT_LIKE.match(p.annotation):
        return "body"
    models = [n for n in names if n in em.table.classes]
    if any(classify(em.table.classes[n], em.table).pydantic for n in models):
        return "body"
    if all(
        n in _SCALARS or n.startswith(("typing.", "datetime.", "decimal.", "enum.")) for n in names
    ):
        return "query"
    return "unknown"


def _text(em: Emitter, sym: Sym | None) -> str:
    if sym is None:
        return ""
    value = em.value(sym).value
    return value if isinstance(value, str) else ""
