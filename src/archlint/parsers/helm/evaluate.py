"""Executing parsed templates: Go-template semantics over plain Python values.

Lenient where Helm is strict in ways that only matter at install time: a field of a missing
value is empty (Helm errors on ``nil``), ``required`` with nothing set renders empty, ``lookup``
finds nothing. What the renderer cannot do (an unknown function, a ``fail``) raises
:class:`RenderError` naming the template line and the construct.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archlint.domain.limits import DEFAULT, Limits
from archlint.domain.location import Location
from archlint.parsers.helm.output import Origin, Traced, Writer
from archlint.parsers.helm.syntax import (
    Action,
    Arg,
    Branch,
    Call,
    Field,
    Ident,
    Jump,
    Lit,
    Node,
    Pipe,
    Sub,
    Text,
    Var,
)
from archlint.parsers.helm.values import Values

Func = Callable[..., Any]


class RenderError(Exception):
    def __init__(self, message: str, where: Location) -> None:
        super().__init__(message)
        self.where = where


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Renderer:
    """Renders templates of one chart tree; ``defines`` holds every ``define`` by name."""

    def __init__(
        self,
        funcs: dict[str, Func],
        values: Values,
        lenient_includes: bool,
        limits: Limits = DEFAULT,
    ) -> None:
        self.funcs = funcs
        self.limits = limits
        self.spent_bytes = 0  # what the current manifest template produced so far, includes too
        self.spent_items = 0  # and the `range` iterations it ran
        self.defines: dict[str, tuple[str, list[Node]]] = {}
        self.values = values
        self.lenient_includes = lenient_includes  # a dependency is not vendored: missing is empty
        self.touched: Location | None = None  # the last values line read by the current action
        self.depth = 0

    def start(self) -> None:
        """A new manifest template: its budget of output bytes and iterations is full again."""
        self.spent_bytes = self.spent_items = 0

    def spend_bytes(self, size: int, where: Location) -> None:
        self.spent_bytes += size
        if self.spent_bytes > self.limits.max_render_bytes:
            limit = self.limits.max_render_bytes
            raise RenderError(
                f"renders more than {limit:,} bytes (limits: max-render-bytes)", where
            )

    def spend_items(self, count: int, where: Location) -> None:
        self.spent_items += count
        if self.spent_items > self.limits.max_range_items:
            limit = self.limits.max_range_items
            raise RenderError(
                f"ranges over more than {limit:,} items (limits: max-range-items)", where
            )

    def render(
        self, path: str, nodes: list[Node], dot: Any
    ) -> tuple[str, tuple[Origin | None, ...]]:
        writer = Writer()
        self._nodes(nodes, _Scope(path, dot, [{"$": dot}]), writer)
        return writer.result()

    def include(self, name: str, dot: Any, where: Location) -> str:
        found = self.defines.get(name)
        if found is None:
            if self.lenient_includes:
                return ""
            raise RenderError(f'no template named "{name}" is defined', where)
        if self.depth >= self.limits.max_template_depth:
            limit = self.limits.max_template_depth
            raise RenderError(
                f'template "{name}" nests deeper than {limit} levels (limits: max-template-depth)',
                where,
            )
        path, nodes = found
        self.depth += 1
        saved = self.touched
        try:
            writer = Writer()
            self._nodes(nodes, _Scope(path, dot, [{"$": dot}]), writer)
        finally:
            self.depth -= 1
            self.touched = saved
        text, origins = writer.result()
        return Traced(text, origins)

    # -- nodes ------------------------------------------------------------------------------------
    def _nodes(self, nodes: list[Node], scope: _Scope, out: Writer) -> None:
        for node in nodes:
            if isinstance(node, Text):
                self.spend_bytes(len(node.text), Location(scope.path, node.line))
                out.text(node.text, Location(scope.path, node.line))
            elif isinstance(node, Action):
                self.touched = None
                value = self._pipe(node.pipe, scope)
                if not node.pipe.decls:
                    text = to_text(value)
                    self.spend_bytes(len(text), Location(scope.path, node.line))
                    out.printed(text, Location(scope.path, node.line), self.touched)
            elif isinstance(node, Branch):
                self._branch(node, scope, out)
            elif isinstance(node, Call):
                dot = self._pipe(node.pipe, scope) if node.pipe else None
                where = Location(scope.path, node.line)
                text = self.include(node.name, dot, where)
                self.spend_bytes(len(text), where)
                out.printed(text, where, None)
            elif isinstance(node, Jump):
                raise _Break() if node.keyword == "break" else _Continue()

    def _branch(self, node: Branch, scope: _Scope, out: Writer) -> None:
        scope.vars.append({})
        try:
            value = self._pipe(node.pipe, scope, declare=node.keyword != "range")
            if node.keyword == "range":
                self._range(node, value, scope, out)
            elif truth(value):
                inner = scope if node.keyword == "if" else scope.with_dot(value)
                self._nodes(node.body, inner, out)
            else:
                self._nodes(node.otherwise, scope, out)
        finally:
            scope.vars.pop()

    def _range(self, node: Branch, value: Any, scope: _Scope, out: Writer) -> None:
        at = Location(scope.path, node.line)
        self.spend_items(_count(value), at)  # before an integer's items are built
        items = _items(value, at)
        if not items:
            self._nodes(node.otherwise, scope, out)
            return
        decls = node.pipe.decls
        for key, item in items:
            where = self.values.location(value, key)  # the item's values line, if any
            if decls:
                scope.vars[-1][decls[-1]] = item
                scope.vars[-1]["@" + decls[-1]] = where
            if len(decls) >= 2:
                scope.vars[-1][decls[0]] = key
            try:
                self._nodes(node.body, scope.with_dot(item, where), out)
            except _Break:
                break
            except _Continue:
                continue

    # -- pipelines --------------------------------------------------------------------------------
    def _pipe(self, pipe: Pipe, scope: _Scope, declare: bool = True) -> Any:
        value: Any = None
        piped = False
        for cmd in pipe.cmds:
            value = self._command(cmd, scope, pipe.line, value, piped)
            piped = True
        if pipe.decls and declare:
            for name in pipe.decls:
                scope.set(name, value, pipe.assign)
        return value

    def _command(
        self, cmd: tuple[Arg, ...], scope: _Scope, line: int, last: Any, piped: bool
    ) -> Any:
        head, rest = cmd[0], cmd[1:]
        where = Location(scope.path, line)
        if isinstance(head, Ident):
            if head.name in ("and", "or"):
                return self._logic(head.name, rest, scope, line, last, piped)
            func = self.funcs.get(head.name)
            if func is None:
                raise RenderError(f"function {head.name!r} is not supported", where)
            args = [self._arg(a, scope, line) for a in rest]
            if piped:
                args.append(last)
            try:
                return func(*args)
            except RenderError as exc:
                if exc.where.path:
                    raise
                raise RenderError(str(exc), where) from None
            except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
                raise RenderError(f"{head.name}: {_reason(exc)}", where) from None
        value = self._arg(head, scope, line)
        if callable(value):
            args = [self._arg(a, scope, line) for a in rest] + ([last] if piped else [])
            try:
                return value(*args)
            except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
                raise RenderError(f"method call: {_reason(exc)}", where) from None
        if rest or piped:
            raise RenderError("can't give an argument to a non-function", where)
        return value

    def _logic(
        self, name: str, rest: tuple[Arg, ...], scope: _Scope, line: int, last: Any, piped: bool
    ) -> Any:
        value: Any = None
        for i in range(len(rest) + (1 if piped else 0)):
            value = self._arg(rest[i], scope, line) if i < len(rest) else last
            if (name == "and") != truth(value):
                return value  # short-circuit: later operands are not evaluated
        return value

    def _arg(self, arg: Arg, scope: _Scope, line: int) -> Any:
        if isinstance(arg, Lit):
            return arg.value
        if isinstance(arg, Field):
            if scope.dot_at is not None:
                self.touched = scope.dot_at
            return self._chain(scope.dot, arg.names)
        if isinstance(arg, Var):
            value = scope.get(arg.name, Location(scope.path, line))
            at = scope.find("@" + arg.name)
            if at is not None:
                self.touched = at
            return self._chain(value, arg.names)
        if isinstance(arg, Sub):
            return self._chain(self._pipe(arg.pipe, scope), arg.names)
        func = self.funcs.get(arg.name)
        if func is None:
            raise RenderError(f"function {arg.name!r} is not supported", Location(scope.path, line))
        return func()

    def _chain(self, value: Any, names: tuple[str, ...]) -> Any:
        before = self.touched
        for name in names:
            if isinstance(value, dict):
                where = self.values.location(value, name)
                value = value.get(name)
                if where is not None:
                    self.touched = where
            else:
                self.touched = before
                return None  # Helm errors on a field of nil or of a scalar; a linter reads on
        if names and (value is None or value == ""):
            # an empty value prints nothing: what is printed (`default "x"`) is not from it
            self.touched = before
        return value


class _Scope:
    __slots__ = ("dot", "dot_at", "path", "vars")

    def __init__(
        self, path: str, dot: Any, vars_: list[dict[str, Any]], dot_at: Location | None = None
    ) -> None:
        self.path, self.dot, self.vars, self.dot_at = path, dot, vars_, dot_at

    def with_dot(self, dot: Any, at: Location | None = None) -> _Scope:
        return _Scope(self.path, dot, self.vars, at)

    def find(self, name: str) -> Any:
        for frame in reversed(self.vars):
            if name in frame:
                return frame[name]
        return None

    def get(self, name: str, where: Location) -> Any:
        for frame in reversed(self.vars):
            if name in frame:
                return frame[name]
        raise RenderError(f"undefined variable {name}", where)

    def set(self, name: str, value: Any, assign: bool) -> None:
        if assign:
            for frame in reversed(self.vars):
                if name in frame:
                    frame[name] = value
                    return
        self.vars[-1][name] = value


def truth(value: Any) -> bool:
    """Go's truth: false, 0, nil and empty strings and collections are false."""
    if value is None or value is False:
        return False
    if isinstance(value, int | float | str | list | dict | tuple):
        return bool(value)
    return True


def to_text(value: Any) -> str:
    """What ``{{ value }}`` prints (Go's ``%v``; Helm prints a missing value as nothing)."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{to_text(value[k])}" for k in sorted(value, key=str)) + "]"
    if isinstance(value, list | tuple):
        return "[" + " ".join(to_text(v) for v in value) + "]"
    return str(value)


def _go_float(value: float) -> str:
    if value.is_integer() and abs(value) < 1e21:
        text = repr(int(value))
        return text if len(text) <= 21 else f"{value:g}"
    return repr(value)


def _count(value: Any) -> int:
    """How many iterations ``range`` over ``value`` runs (0 for what it cannot range over)."""
    if isinstance(value, dict | list | tuple):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return max(value, 0)
    return 0


def _items(value: Any, where: Location) -> list[tuple[Any, Any]]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [(k, value[k]) for k in sorted(value, key=str)]
    if isinstance(value, list | tuple):
        return list(enumerate(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return [(i, i) for i in range(value)]
    raise RenderError(f"range can't iterate over {to_text(value)!r}", where)


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
