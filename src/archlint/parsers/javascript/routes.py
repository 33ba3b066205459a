"""HTTP routes in TS/JS: Express/Fastify/Koa/Hono handlers and NestJS controllers and resolvers.

- ``app.get('/users/:id', requireAuth, handler)`` on an Express app or router (``express()``,
  ``express.Router()``), a Fastify instance, a ``@koa/router`` or a Hono app: method, the path as
  written (a router's mount prefix is in another call, often another file), the middleware in
  between (``middleware``, qualified: guards such as ``passport.authenticate``) and the handler;
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
from archlint.parsers.javascript.walker import Function, Walker

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


def extract(sink: FactSink, walker: Walker, function_ids: dict[str, str]) -> None:
    module = walker.module
    for call in walker.calls:
        found = _APP.match(call.qualname)
        if found is None or call.construct:
            continue
        args = call.node.child_by_field_name("arguments")
        nodes = list(args.named_children) if args is not None else []
        if len(nodes) < 2 or not isinstance(module.value(nodes[0]), str):
            continue
        handler_node = unwrap(nodes[-1])
        handler = walker.qualify(handler_node) if handler_node is not None else None
        middleware = [
            walker.qualify(_callee(n)) or module.text(_callee(n) or n)[:60] for n in nodes[1:-1]
        ]
        method = found.group("method").upper()
        framework = next(v for k, v in _FRAMEWORKS.items() if found.group("app").startswith(k))
        _route(
            sink,
            call.node,
            "DELETE" if method == "DEL" else method,
            module.value(nodes[0]),
            framework,
            handler or "<inline>",
            middleware,
            function_ids,
        )
    for function in walker.functions:
        _nest(sink, function, function_ids)


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
) -> None:
    attrs = {
        "method": method,
        "route_path": path,
        "framework": framework,
        "handler": handler,
        "reads_raw_body": False,
        "middleware": middleware,
    }
    route_id = sink.add(NodeKind.ROUTE, f"route/{method} {path}", node, attrs)
    target = function_ids.get(handler)
    if target is not None:
        sink.relations.append(Relation(route_id, target, EdgeKind.HANDLED_BY))


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
