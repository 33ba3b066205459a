"""HTTP routes in TS/JS: Express/Fastify/Koa/Hono handlers and NestJS controllers and resolvers.

- ``app.get('/users/:id', requireAuth, handler)`` on an Express app or router (``express()``,
  ``express.Router()``), a Fastify instance, a ``@koa/router`` or a Hono app: method, the path as
  written, the router it is declared on (``receiver``), the middleware in between
  (``middleware``, qualified: guards such as ``passport.authenticate``) and the handler;
- ``app.use('/api', router)``: a ``route_mount`` (prefix, the mounting router, the mounted one
  qualified: ``src/routes/auth`` for a default import, ``src/app.router`` for a local); NestJS
  ``app.setGlobalPrefix('api')`` is a global one. The linker joins the prefixes into
  ``route_path`` (often across files: :mod:`archlint.linking.routes`);
- a method of a ``@Controller('users')`` class with ``@Get(':id')``: the path joins both; its
  guards are decorators (``@UseGuards``, ``@Roles``, on the method or the class), listed in
  ``middleware``; a ``@Resolver`` method with ``@Query`` / ``@Mutation`` / ``@Subscription`` is a
  GraphQL route (method ``QUERY``...; path the field name).

A route ``handled_by`` its function when that function is defined in the same file.
"""

from __future__ import annotations

import re
from typing import Any

from archlint.domain.facts import EdgeKind, NodeKind, Relation
from archlint.parsers.javascript.facts import FactSink
from archlint.parsers.javascript.syntax import unwrap
from archlint.parsers.javascript.walker import Call, Function, Walker

_METHODS = "get|post|put|patch|delete|del|all|options|head"
_APP = re.compile(
    r"^(?P<app>express(?:\.Router)?\(\)|fastify\(\)|fastify\.default\(\)|@koa/router|koa-router|"
    rf"hono\.Hono)\.(?P<method>{_METHODS})$"
)
_FRAMEWORKS = {
    "express": "express",
    "fastify": "fastify",
    "@koa": "koa",
    "koa-": "koa",
    "hono": "hono",
}
_NEST_HTTP = {
    f"@nestjs/common.{m}": m.upper()
    for m in ("Get", "Post", "Put", "Patch", "Delete", "All", "Options", "Head")
}
_NEST_GRAPHQL = {f"@nestjs/graphql.{m}": m.upper() for m in ("Query", "Mutation", "Subscription")}
_CONTROLLER = "@nestjs/common.Controller"
# instances that are routers (`const router = express.Router()`)
_ROUTERS = ("express.Router()", "express()", "@koa/router", "koa-router", "hono.Hono", "Router()")
# `router.route('/x').get(...).post(...)`: each method of the chain is a route of the path
_CHAIN = re.compile(
    r"^(?P<app>express(?:\.Router)?\(\))\.route\(\)"
    rf"(?:\.(?:{_METHODS})\(\))*\.(?P<method>{_METHODS})$"
)
_MOUNT = re.compile(
    r"^(?P<app>express(?:\.Router)?\(\)|@koa/router|koa-router|hono\.Hono)\.(?:use|route)$"
)
_GLOBAL_PREFIX = re.compile(
    r"^@nestjs/core\.NestFactory\.create(?:Microservice)?\(\)\.setGlobalPrefix$"
)


def extract(sink: FactSink, walker: Walker, function_ids: dict[str, str]) -> None:
    for call in walker.calls:
        if not call.construct:
            _mount(sink, walker, call)
            _express(sink, walker, call, function_ids)
    for function in walker.functions:
        _nest(sink, function, function_ids)


def _express(sink: FactSink, walker: Walker, call: Call, function_ids: dict[str, str]) -> None:
    """``app.get('/x', ...middleware, handler)`` and ``router.route('/x').get(...).post(...)``."""
    module = walker.module
    found = _APP.match(call.qualname) or _CHAIN.match(call.qualname)
    if found is None:
        return
    args = call.node.child_by_field_name("arguments")
    nodes = list(args.named_children) if args is not None else []
    anchor, where = call, call.node
    if found.re is _CHAIN:  # the path is the argument of the `route()` call down the chain
        route_call = _route_call(call.node)
        route_args = route_call.child_by_field_name("arguments") if route_call else None
        nodes = (
            [route_args.named_children[0], *nodes]
            if route_args and route_args.named_children
            else []
        )
        anchor = next((c for c in walker.calls if c.node == route_call), call)
        callee = call.node.child_by_field_name("function")
        prop = callee.child_by_field_name("property") if callee is not None else None
        where = prop or where  # the `.get` of the chain
    if len(nodes) < 2 or not isinstance(module.value(nodes[0]), str):
        return
    handler_node = unwrap(nodes[-1])
    handler = walker.qualify(handler_node) if handler_node is not None else None
    middleware = [
        walker.qualify(_callee(n)) or module.text(_callee(n) or n)[:60] for n in nodes[1:-1]
    ]
    method = found.group("method").upper()
    framework = next(v for k, v in _FRAMEWORKS.items() if found.group("app").startswith(k))
    _route(
        sink,
        where,
        "DELETE" if method == "DEL" else method,
        module.value(nodes[0]),
        framework,
        handler or "<inline>",
        middleware,
        function_ids,
        receiver=_receiver(walker, anchor),
    )


def _route_call(node: Any) -> Any:
    """The ``router.route('/x')`` call at the bottom of ``router.route('/x').get().post()``."""
    while node is not None and node.type == "call_expression":
        callee = unwrap(node.child_by_field_name("function"))
        if callee is None or callee.type != "member_expression":
            return None
        prop = callee.child_by_field_name("property")
        obj = unwrap(callee.child_by_field_name("object"))
        if prop is not None and prop.text == b"route":
            return node
        node = obj
    return None


def _nest(sink: FactSink, function: Function, function_ids: dict[str, str]) -> None:
    http = next((d for d in function.decorators if d in _NEST_HTTP), None)
    graphql = next((d for d in function.decorators if d in _NEST_GRAPHQL), None)
    guards = [d for d in function.class_decorators + function.decorators if d not in _NEST_HTTP]
    guards = [d for d in guards if d not in _NEST_GRAPHQL and d != _CONTROLLER]
    if http is not None and _CONTROLLER in function.class_decorators:
        prefix = _first_path(function.class_decorator_args.get(_CONTROLLER, []))
        sub = _first_path(function.decorator_args.get(http, []))
        path = "/" + "/".join(p.strip("/") for p in (prefix, sub) if p.strip("/"))
        _route(
            sink,
            function.node,
            _NEST_HTTP[http],
            path,
            "nestjs",
            function.qualname,
            guards,
            function_ids,
        )
    elif graphql is not None:
        args = function.decorator_args.get(graphql, [])
        options = next((a for a in args if isinstance(a, dict)), {})
        field = options.get("name") if isinstance(options.get("name"), str) else function.name
        method = _NEST_GRAPHQL[graphql]
        _route(
            sink,
            function.node,
            method,
            str(field),
            "nestjs-graphql",
            function.qualname,
            guards,
            function_ids,
        )


def _route(
    sink: FactSink,
    node: Any,
    method: str,
    path: str,
    framework: str,
    handler: str,
    middleware: list[str],
    function_ids: dict[str, str],
    receiver: str | None = None,
) -> None:
    attrs = {
        "method": method,
        "route_path": path,
        "receiver": receiver,
        "framework": framework,
        "handler": handler,
        "reads_raw_body": False,
        "middleware": middleware,
    }
    route_id = sink.add(NodeKind.ROUTE, f"route/{method} {path}", node, attrs)
    target = function_ids.get(handler)
    if target is not None:
        sink.relations.append(Relation(route_id, target, EdgeKind.HANDLED_BY))


def _mount(sink: FactSink, walker: Walker, call: Call) -> None:
    """``app.use('/api', router)`` (a router mounted under a prefix) or Nest's global prefix."""
    scope = "router" if _MOUNT.match(call.qualname) else None
    if scope is None and _GLOBAL_PREFIX.match(call.qualname):
        scope = "global"
    if scope is None or not call.args or not isinstance(call.args[0], str):
        return
    args = call.node.child_by_field_name("arguments")
    nodes = list(args.named_children) if args is not None else []
    mounted = _mounted(walker, nodes[-1]) if scope == "router" and len(nodes) > 1 else None
    if scope == "router" and mounted is None:
        return  # `app.use('/static', express.static(...))`: middleware, not a router
    sink.add(
        NodeKind.ROUTE_MOUNT,
        f"mount/{call.args[0]}",
        call.node,
        {
            "prefix": call.args[0],
            "scope": scope,
            "receiver": _receiver(walker, call),
            "mounted": mounted,
        },
    )


def _mounted(walker: Walker, node: Any) -> str | None:
    """The qualified name of a mounted router: an import, or a local of this module."""
    inner = unwrap(node)
    if inner is None or inner.type not in ("identifier", "member_expression"):
        return None
    name = walker.module.text(inner)
    head = name.partition(".")[0]
    if head in walker.bindings.names:
        return walker.qualify(inner)
    if walker.instances.get(head, "").endswith(_ROUTERS):
        return f"{walker.module_name}.{name}"
    return None


def _receiver(walker: Walker, call: Call) -> str | None:
    """The local name of the app or router a call is made on (``router`` of ``router.get``)."""
    callee = unwrap(call.node.child_by_field_name("function"))
    obj = unwrap(callee.child_by_field_name("object")) if callee is not None else None
    if obj is None or obj.type != "identifier":
        return None
    return walker.module.text(obj)


def _first_path(args: list[Any]) -> str:
    first = args[0] if args else ""
    if isinstance(first, dict):
        first = first.get("path", "")
    if isinstance(first, list):
        first = first[0] if first else ""
    return first if isinstance(first, str) else ""


def _callee(node: Any) -> Any:
    inner = unwrap(node)
    if inner is not None and inner.type == "call_expression":
        return inner.child_by_field_name("function")
    return inner
