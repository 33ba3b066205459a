"""Syntax nodes of one module -> the parts of its summary that describe a signature or a call
form: decorators, parameters (``Depends``/``Security``, ``Annotated`` aliases), class field
defaults, router mounts and aiohttp dispatcher calls. Pure functions of a node and the module's
:class:`Scope`; the walker in :mod:`.extract` calls them."""

from __future__ import annotations

import ast

from archlint.parsers.python.source.scope import Scope
from archlint.parsers.python.source.summary import Decorator, Param, Pos
from archlint.parsers.python.source.values import Opaque, Sym


def pos_of(node: ast.expr | ast.stmt | ast.arg) -> Pos:
    return Pos(node.lineno, node.col_offset + 1)


def mount(scope: Scope, node: ast.Call) -> tuple[str, str] | None:
    """``app.include_router(router)`` / ``app.register_blueprint(bp)``: both objects by name."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in MOUNTS and node.args):
        return None
    child: ast.expr | None = node.args[0]
    if func.attr == "mount":  # Starlette/FastAPI ``app.mount("/api/v1", app=api)``
        app = [k.value for k in node.keywords if k.arg == "app"]
        child = node.args[1] if len(node.args) > 1 else (app[0] if app else None)
    if not isinstance(child, ast.Name | ast.Attribute):
        return None
    receiver, mounted = scope.binding_or_qualify(func.value), scope.binding_or_qualify(child)
    return (receiver, mounted) if receiver and mounted else None


MOUNTS = frozenset({"include_router", "register_blueprint", "mount"})


def dispatcher(func: ast.Attribute) -> str | None:
    """``app.router.add_get(...)`` on an app passed in as a parameter (aiohttp's
    ``def setup_routes(app):``): the URL dispatcher's method, by aiohttp's name for it."""
    owner = func.value
    named = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
    if named == "router":  # ``app.router.add_get`` / ``router = app.router; router.add_get``
        return f"aiohttp.web.UrlDispatcher.{func.attr}"
    return None


ADD_ROUTE = frozenset(
    {"add_get", "add_post", "add_put", "add_patch", "add_delete", "add_head", "add_view"}
    | {"add_route"}
)


def kwargs_of(scope: Scope, node: ast.Call) -> tuple[tuple[str, Sym], ...]:
    return tuple((k.arg, scope.sym(k.value)) for k in node.keywords if k.arg)


def decorator(scope: Scope, node: ast.expr) -> Decorator:
    if isinstance(node, ast.Call):
        func = node.func
        target = method = None
        if isinstance(func, ast.Attribute):
            target, method = scope.binding_or_qualify(func.value), func.attr
        qualname = scope.qualify(func) or ast.unparse(func)
        args = tuple(scope.sym(a) for a in node.args if not isinstance(a, ast.Starred))
        deps = tuple(
            q
            for k in node.keywords
            if k.arg == "dependencies" and isinstance(k.value, ast.List | ast.Tuple)
            for item in k.value.elts
            if isinstance(item, ast.Call) and item.args
            if (q := scope.qualify(item.args[0]))
        )
        return Decorator(qualname, target, method, args, kwargs_of(scope, node), deps)
    qualname = scope.qualify(node) or ast.unparse(node)
    return Decorator(qualname, None, None, (), ())


def params_of(scope: Scope, args: ast.arguments) -> tuple[Param, ...]:
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += list(args.defaults)
    pairs = list(zip(positional, defaults, strict=True))
    pairs += list(zip(args.kwonlyargs, args.kw_defaults, strict=True))
    return tuple(
        param(scope, arg.arg, arg.annotation, default, pos_of(arg)) for arg, default in pairs
    )


def param(
    scope: Scope, name: str, annotation: ast.expr | None, default: ast.expr | None, pos: Pos
) -> Param:
    call = default if isinstance(default, ast.Call) else None
    names: list[str] = []
    if annotation is not None:
        for sub in ast.walk(annotation):
            if isinstance(sub, ast.Call) and call is None:
                call = sub  # Annotated[T, Depends(x)]
            if isinstance(sub, ast.Name | ast.Attribute) and (q := scope.qualify(sub)):
                names.append(q)
    callee = scope.qualify(call.func) if call is not None else None
    target = None
    if call is not None and call.args and isinstance(call.args[0], ast.Name | ast.Attribute):
        target = scope.qualify(call.args[0])
    return Param(
        name=name,
        annotation=ast.unparse(annotation) if annotation is not None else None,
        annotation_names=tuple(dict.fromkeys(names)),
        default_call=callee,
        default_target=target,
        default_kwargs=kwargs_of(scope, call) if call is not None else (),
        pos=pos,
    )


def annotated_alias(scope: Scope, name: str, value: ast.expr, pos: Pos) -> Param | None:
    """``CurrentUser = Annotated[User, Depends(get_current_user)]``: what a parameter annotated
    with the alias gets (its source and dependency), as a parameter of that name."""
    if not (isinstance(value, ast.Subscript) and scope.qualify(value.value) in _ANNOTATED):
        return None
    if not any(isinstance(sub, ast.Call) for sub in ast.walk(value.slice)):
        return None
    return param(scope, name, value, None, pos)


_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})


def field_default(scope: Scope, value: ast.expr) -> Sym | None:
    """A class field's default; pydantic ``Field(default)`` / ``Field(default=...)`` unwrapped,
    ``Field(...)`` (required) is no default."""
    if isinstance(value, ast.Call) and (scope.qualify(value.func) or "").endswith("Field"):
        for k in value.keywords:
            if k.arg == "default":
                return scope.sym(k.value)
            if k.arg == "default_factory":
                return Opaque()
        if value.args and not (
            isinstance(value.args[0], ast.Constant) and value.args[0].value is Ellipsis
        ):
            return scope.sym(value.args[0])
        return None
    return scope.sym(value)
