"""One Python module's syntax tree -> a :class:`ModuleSummary`; the tree is dropped after.

Names are qualified through the module's imports (``from jose import jwt as j; j.encode`` is
``jose.jwt.encode``) and through module-level objects made from a class (``app = FastAPI()``:
``app.add_middleware`` is ``fastapi.FastAPI.add_middleware``). Nothing is imported or run.
"""

from __future__ import annotations

import ast
import re

from archlint.parsers.python.source.scope import Scope, package_of
from archlint.parsers.python.source.signatures import (
    ADD_ROUTE,
    annotated_alias,
    decorator,
    dispatcher,
    field_default,
    kwargs_of,
    mount,
    params_of,
)
from archlint.parsers.python.source.summary import (
    Binding,
    CallSite,
    ClassInfo,
    ConfAssign,
    FieldInfo,
    FunctionInfo,
    ModuleSummary,
    Param,
    Pos,
    UrlLiteral,
)
from archlint.parsers.python.source.values import Const, Opaque, Sym

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HEADER = re.compile(r"^[Xx]-[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")
_RAW_BODY = frozenset({"json"})  # request.body() is read raw on purpose: signature checks
_CLI_LIBS = ("click.", "typer.")


def extract(path: str, module: str, text: str) -> ModuleSummary:
    """The summary of one module; raises SyntaxError or ValueError when it does not parse."""
    tree = ast.parse(text, filename=path)
    scope = Scope(module, package_of(module, path.endswith("__init__.py")))
    scope.prepare(tree)
    walker = _Walker(scope)
    walker.visit(tree)
    entrypoint = (
        walker.has_main_guard
        or text.startswith("#!")
        or any(d.qualname.startswith(_CLI_LIBS) for f in walker.functions for d in f.decorators)
    )
    bound = {b.name for b in walker.bindings}
    migration = (
        {"revision", "down_revision"} <= bound
        or "alembic.context" in scope.aliases.values()
        or any("django.db.migrations.Migration" in c.bases for c in walker.classes)
    )
    return ModuleSummary(
        path=path,
        module=module,
        lines=text.count("\n") + (0 if text.endswith("\n") or not text else 1),
        entrypoint=entrypoint,
        migration=migration,
        imports=tuple(scope.imports),
        aliases=tuple(sorted(scope.aliases.items())),
        bindings=tuple(walker.bindings),
        functions=tuple(walker.functions),
        classes=tuple(walker.classes),
        calls=tuple(walker.calls),
        urls=tuple(walker.urls),
        headers=tuple(sorted(set(walker.headers))),
        annotated=tuple(walker.annotated),
        conf=tuple(walker.conf),
    )


def _pos(node: ast.expr | ast.stmt | ast.arg) -> Pos:
    return Pos(node.lineno, node.col_offset + 1)


# node types whose subtrees hold nothing extraction reads (names, contexts, operators)
_LEAVES: tuple[type[ast.AST], ...] = (
    ast.Name,
    ast.expr_context,
    ast.operator,
    ast.unaryop,
    ast.cmpop,
    ast.boolop,
    ast.alias,
)
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})


class _Walker(ast.NodeVisitor):
    """Visits statements in order (so function locals are bound before they are read)."""

    _fields: dict[type[ast.AST], tuple[str, ...]] = {}

    def visit(self, node: ast.AST) -> None:
        method = getattr(self, "visit_" + node.__class__.__name__, None)
        if method is not None:
            method(node)
        elif not isinstance(node, _LEAVES):
            self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        kind = node.__class__
        fields = self._fields.get(kind)
        if fields is None:
            fields = self._fields[kind] = tuple(f for f in kind._fields if f not in _SKIPPED_FIELDS)
        for name in fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.bindings: list[Binding] = []
        self.functions: list[FunctionInfo] = []
        self.classes: list[ClassInfo] = []
        self.calls: list[CallSite] = []
        self.urls: list[UrlLiteral] = []
        self.headers: list[str] = []
        self.annotated: list[Param] = []  # ``X = Annotated[T, Depends(f)]`` aliases
        self.conf: list[ConfAssign] = []
        self.has_main_guard = False
        self._function: str | None = None
        self._params: frozenset[str] = frozenset()
        self._raw: list[str] = []
        self._returns: list[str | None] = []
        self._classes: list[str] = []
        self._main = False
        self._awaited: set[int] = set()
        self._nested: list[list[str]] = []  # qualnames of calls inside each enclosing call
        self._callees: list[str] = []  # every callee of the current function, as written

    # -- statements ---------------------------------------------------------------------------
    def visit_If(self, node: ast.If) -> None:
        if _is_main_guard(node.test):
            self.has_main_guard = True
            outer, self._main = self._main, True
            for stmt in node.body:
                self.visit(stmt)
            self._main = outer
            for stmt in node.orelse:
                self.visit(stmt)
            return
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self._bind(target, node.value, None)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
            self._bind(node.target, node.value, ast.unparse(node.annotation))

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self.scope.set_local(node.target.id, Opaque())

    def _bind(self, target: ast.expr, value: ast.expr, annotation: str | None) -> None:
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            key = target.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                self.scope.merge_local(target.value.id, ((key.value, self.scope.sym(value)),))
            return
        if (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Attribute)
            and target.value.attr == "conf"
            and (owner := self.scope.binding_or_qualify(target.value.value))
        ):
            sym = self.scope.sym(value)
            self.conf.append(ConfAssign(owner, target.attr, sym, _pos(target)))
            return
        if not isinstance(target, ast.Name):
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    self.scope.set_local(name.id, Opaque())
            return
        sym = self.scope.sym(value)
        made = self.scope.qualify(value.func) if isinstance(value, ast.Call) else None
        if self._function is None and not self._classes:
            kwargs = kwargs_of(self.scope, value) if isinstance(value, ast.Call) else ()
            self.bindings.append(Binding(target.id, sym, annotation, kwargs, _pos(target)))
            alias = annotated_alias(self.scope, target.id, value, _pos(target))
            if alias is not None:
                self.annotated.append(alias)
            self.scope.bind_module(target.id, made)
        else:
            self.scope.set_local(target.id, sym, made)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._function_def(node, False)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._function_def(node, True)

    def _function_def(self, node: ast.FunctionDef | ast.AsyncFunctionDef, is_async: bool) -> None:
        for dec in node.decorator_list:
            self.visit(dec)
        owner = ".".join(self._classes) or None
        parent = self._function
        qualname = ".".join(p for p in (parent or self.scope.module, owner, node.name) if p)
        if parent is not None:
            qualname = f"{parent}.{node.name}"
        params = params_of(self.scope, node.args)
        saved = (self._function, self._params, self._raw, self._returns, self._classes)
        saved_callees = self._callees
        self._function, self._raw, self._returns, self._classes = qualname, [], [], []
        self._callees = []
        self._params = frozenset(p.name for p in params)
        self.scope.enter_function(self._params)
        for stmt in node.body:
            self.visit(stmt)
        raw, returns = tuple(sorted(set(self._raw))), self._returns
        callees = tuple(sorted(set(self._callees)))
        self.scope.leave_function()
        self._function, self._params, self._raw, self._returns, self._classes = saved
        self._callees = saved_callees
        single = returns[0] if len(returns) == 1 else None
        self.functions.append(
            FunctionInfo(
                name=node.name,
                qualname=qualname,
                class_name=owner,
                is_async=is_async,
                decorators=tuple(decorator(self.scope, d) for d in node.decorator_list),
                params=params,
                returns_call=single,
                raw_body_params=raw,
                callees=callees,
                pos=_pos(node),
            )
        )

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None:
            self.visit(node.value)
            value = node.value
            self._returns.append(
                self.scope.qualify(value.func) if isinstance(value, ast.Call) else None
            )

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for part in (*node.bases, *node.decorator_list, *(k.value for k in node.keywords)):
            self.visit(part)
        self._classes.append(node.name)
        qualname = ".".join((self._function or self.scope.module, *self._classes))
        fields: list[FieldInfo] = []
        tablename: str | None = None
        abstract = False
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                if stmt.value is not None:
                    self.visit(stmt.value)
                default = None if stmt.value is None else field_default(self.scope, stmt.value)
                annotation = ast.unparse(stmt.annotation)
                fields.append(FieldInfo(stmt.target.id, annotation, default, _pos(stmt.target)))
            elif isinstance(stmt, ast.Assign):
                self.visit(stmt.value)
                for target in stmt.targets:
                    if not isinstance(target, ast.Name):
                        continue
                    value = self.scope.sym(stmt.value)
                    if target.id == "__tablename__" and isinstance(value, Const):
                        tablename = str(value.value)
                    elif target.id == "__abstract__":
                        abstract = isinstance(value, Const) and value.value is True
                    elif not target.id.startswith("__"):
                        fields.append(FieldInfo(target.id, None, value, _pos(target)))
            else:
                self.visit(stmt)
        self._classes.pop()
        self.classes.append(
            ClassInfo(
                name=node.name,
                qualname=qualname,
                bases=tuple(q for b in node.bases if (q := self.scope.qualify(b))),
                keywords=tuple((k.arg, self.scope.sym(k.value)) for k in node.keywords if k.arg),
                fields=tuple(fields),
                tablename=tablename,
                abstract=abstract,
                pos=_pos(node),
            )
        )

    # -- expressions --------------------------------------------------------------------------
    def visit_Await(self, node: ast.Await) -> None:
        self._awaited.add(id(node.value))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            if _URL.match(node.value):
                self.urls.append(UrlLiteral(node.value, _pos(node), True))
            elif _HEADER.match(node.value):
                self.headers.append(node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        first = node.values[0] if node.values else None
        if (
            isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and _URL.match(first.value)
        ):
            self.urls.append(UrlLiteral(first.value, _pos(node), False))
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                self.visit(part.value)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in _RAW_BODY
            and isinstance(func.value, ast.Name)
            and func.value.id in self._params
        ):
            self._raw.append(func.value.id)
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "update"
            and isinstance(func.value, ast.Name)
        ):
            self._merge_update(func.value.id, node)
        qualname = self.scope.qualify(func)
        if self._function is not None:
            self._callees.append(_written(func))
        if self._nested and qualname is not None:
            self._nested[-1].append(qualname)
        self.visit(func)
        self._nested.append([])
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            self.visit(keyword.value)
        nested = self._nested.pop()
        if self._nested:
            self._nested[-1].extend(nested)
        if qualname is None and isinstance(func, ast.Attribute) and func.attr in ADD_ROUTE:
            qualname = dispatcher(func)
        if qualname is not None and self.scope.keeps(qualname):
            self.calls.append(self._site(node, qualname, nested))

    def _merge_update(self, name: str, node: ast.Call) -> None:
        items: list[tuple[str, Sym]] = [
            (k.arg, self.scope.sym(k.value)) for k in node.keywords if k.arg
        ]
        if node.args and isinstance(node.args[0], ast.Dict):
            d = node.args[0]
            for key, value in zip(d.keys, d.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    items.append((key.value, self.scope.sym(value)))
        if items:
            self.scope.merge_local(name, tuple(items))

    def _site(self, node: ast.Call, qualname: str, nested: list[str]) -> CallSite:
        scope = self.scope
        return CallSite(
            qualname=qualname,
            name=_written(node.func),
            function=self._function,
            args=tuple(scope.sym(a) for a in node.args if not isinstance(a, ast.Starred)),
            kwargs=kwargs_of(scope, node),
            arg_calls=tuple(sorted(set(nested))),
            arg_refs=tuple(
                scope.qualify(a) if isinstance(a, ast.Name | ast.Attribute) else None
                for a in node.args
                if not isinstance(a, ast.Starred)
            ),
            kwarg_refs=tuple(
                (k.arg, q)
                for k in node.keywords
                if k.arg
                and isinstance(k.value, ast.Name | ast.Attribute)
                and (q := scope.qualify(k.value))
            ),
            awaited=id(node) in self._awaited,
            main_guard=self._main,
            pos=_pos(node),
            mount=mount(scope, node),
            end=Pos(node.end_lineno, (node.end_col_offset or 0) + 1) if node.end_lineno else None,
        )


def _written(node: ast.expr) -> str:
    """A callee as written, for dotted names (``sa.create_engine``); ``...`` for the rest."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    head = node.id if isinstance(node, ast.Name) else "..."
    return ".".join([head, *reversed(parts)])


def _is_main_guard(test: ast.expr) -> bool:
    if not (isinstance(test, ast.Compare) and len(test.comparators) == 1):
        return False
    sides = (test.left, test.comparators[0])
    names = {s.id for s in sides if isinstance(s, ast.Name)}
    texts = {s.value for s in sides if isinstance(s, ast.Constant)}
    return names == {"__name__"} and texts == {"__main__"}
