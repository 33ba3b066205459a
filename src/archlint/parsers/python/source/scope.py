"""Names in one module: imports, module-level objects, function locals, and the symbolic value
(:mod:`.values`) of an expression read through them."""

from __future__ import annotations

import ast
import builtins

from archlint.parsers.python.source.summary import ImportInfo, Pos
from archlint.parsers.python.source.values import (
    BinOp,
    Const,
    Dict,
    Env,
    FStr,
    Now,
    Opaque,
    Ref,
    Seq,
    Sym,
    Timedelta,
)

_BUILTINS = frozenset(dir(builtins))
_KEPT_BUILTINS = frozenset({"print"})  # builtin calls that are facts (OBS002)
_OPS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}
_TIMEDELTA_ORDER = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")
_NOW = frozenset(
    {
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "time.time",
        "pendulum.now",
        "arrow.utcnow",
        "django.utils.timezone.now",
    }
)
_ENV = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault", "environ.get"})
_PASS_THROUGH = frozenset({"int", "float", "str", "round"})


def package_of(module: str, is_package: bool) -> str:
    return module if is_package else module.rpartition(".")[0]


class Scope:
    def __init__(self, module: str, package: str) -> None:
        self.module = module
        self.package = package
        self.imports: list[ImportInfo] = []
        self.aliases: dict[str, str] = {}
        self._module_names: set[str] = set()
        self._types: dict[str, str] = {}  # module-level name -> the class it was made from
        self._locals: list[dict[str, Sym]] = []
        self._local_types: list[dict[str, str]] = []

    # -- set up -------------------------------------------------------------------------------
    def prepare(self, tree: ast.Module) -> None:
        """Imports in any statement of the module, and the names its top level defines."""
        for node in _statements(tree.body):
            if isinstance(node, ast.Import):
                for a in node.names:
                    local = a.asname or a.name.partition(".")[0]
                    self.aliases.setdefault(local, a.name if a.asname else local)
                    self.imports.append(ImportInfo(a.name, (), a.asname, _pos(node)))
            elif isinstance(node, ast.ImportFrom):
                base = self._absolute(node.module, node.level)
                names = tuple(a.name for a in node.names)
                self.imports.append(ImportInfo(base, names, None, _pos(node)))
                for a in node.names:
                    if a.name != "*":
                        self.aliases.setdefault(a.asname or a.name, f"{base}.{a.name}".lstrip("."))
        for stmt in tree.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                self._module_names.add(stmt.name)
                self.aliases.pop(stmt.name, None)

    def _absolute(self, module: str | None, level: int) -> str:
        if level == 0:
            return module or ""
        parts = self.package.split(".") if self.package else []
        base = parts[: len(parts) - (level - 1)] if level > 1 else parts
        return ".".join([*base, *([module] if module else [])])

    # -- bindings -----------------------------------------------------------------------------
    def bind_module(self, name: str, made_from: str | None) -> None:
        self._module_names.add(name)
        self.aliases.pop(name, None)
        if made_from and _class_like(made_from):
            self._types[name] = made_from

    def enter_function(self, params: frozenset[str]) -> None:
        self._locals.append({p: Opaque() for p in params})
        self._local_types.append({})

    def leave_function(self) -> None:
        self._locals.pop()
        self._local_types.pop()

    def set_local(self, name: str, sym: Sym, made_from: str | None = None) -> None:
        if not self._locals:
            return
        scope = self._locals[-1]
        before = scope.get(name)
        # a name bound twice to different values is not known (branches, loops): say nothing
        scope[name] = sym if before is None or before == sym else Opaque()
        if made_from and _class_like(made_from):
            self._local_types[-1][name] = made_from

    def merge_local(self, name: str, items: tuple[tuple[str, Sym], ...]) -> None:
        """``d.update({...})`` / ``d["k"] = v`` on a local: the keys now known."""
        if not self._locals:
            return
        before = self._locals[-1].get(name)
        kept = dict(before.items) if isinstance(before, Dict) else {}
        kept.update(items)
        self._locals[-1][name] = Dict(tuple(kept.items()))

    # -- names --------------------------------------------------------------------------------
    def qualify(self, node: ast.expr) -> str | None:
        """The dotted qualified name a Name/Attribute chain stands for, None when unknown."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        head = self._head(node.id)
        if head is None:
            return None
        return ".".join([head, *reversed(parts)])

    def binding_or_qualify(self, node: ast.expr) -> str | None:
        """A module-level object by its own name (``app.main.router``), else its qualified name."""
        if isinstance(node, ast.Name) and node.id in self._types and not self._is_local(node.id):
            return f"{self.module}.{node.id}"
        return self.qualify(node)

    def keeps(self, qualname: str) -> bool:
        head = qualname.partition(".")[0]
        return qualname in _KEPT_BUILTINS or head not in _BUILTINS or head in self.aliases

    def _is_local(self, name: str) -> bool:
        return bool(self._locals) and name in self._locals[-1]

    def _head(self, name: str) -> str | None:
        if self._locals:
            if name in self._local_types[-1]:
                return self._local_types[-1][name]
            if name in self._locals[-1]:
                return None
        if name in self._types:
            return self._types[name]
        if name in self.aliases:
            return self.aliases[name]
        if name in self._module_names:
            return f"{self.module}.{name}"
        if name in _BUILTINS:
            return name
        return None

    # -- values -------------------------------------------------------------------------------
    def sym(self, node: ast.expr) -> Sym:
        if isinstance(node, ast.Constant):
            value = node.value
            return (
                Const(value)
                if isinstance(value, str | int | float | bool) or value is None
                else Opaque()
            )
        if isinstance(node, ast.Name):
            if self._locals and node.id in self._locals[-1]:
                return self._locals[-1][node.id]
            if node.id in self._module_names:
                return Ref(f"{self.module}.{node.id}")
            if node.id in self.aliases:
                return Ref(self.aliases[node.id])
            return Opaque()
        if isinstance(node, ast.Attribute):
            qualname = self.qualify(node)
            return Ref(qualname) if qualname else Opaque()
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return BinOp(_OPS[type(node.op)], self.sym(node.left), self.sym(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.sym(node.operand)
            if isinstance(inner, Const) and isinstance(inner.value, int | float):
                return Const(-inner.value)
            return Opaque()
        if isinstance(node, ast.JoinedStr):
            return FStr(tuple(self._fpart(v) for v in node.values))
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return Seq(tuple(self.sym(e) for e in node.elts))
        if isinstance(node, ast.Dict):
            items = []
            for key, item in zip(node.keys, node.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    return Opaque()
                items.append((key.value, self.sym(item)))
            return Dict(tuple(items))
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Subscript):
            if self.qualify(node.value) == "os.environ":
                return Env(self.sym(node.slice), None)
            return Opaque()
        if isinstance(node, ast.Await):
            return self.sym(node.value)
        return Opaque()

    def _fpart(self, node: ast.expr) -> Sym:
        return self.sym(node.value) if isinstance(node, ast.FormattedValue) else self.sym(node)

    def _call(self, node: ast.Call) -> Sym:
        func = node.func
        qualname = self.qualify(func)
        if qualname == "datetime.timedelta":
            parts = [(u, self.sym(a)) for u, a in zip(_TIMEDELTA_ORDER, node.args, strict=False)]
            parts += [(k.arg, self.sym(k.value)) for k in node.keywords if k.arg]
            return Timedelta(tuple(parts))
        if qualname in _NOW:
            return Now()
        if qualname in _ENV:
            given: ast.expr | None = node.args[1] if len(node.args) > 1 else None
            default = next((k.value for k in node.keywords if k.arg == "default"), given)
            name = self.sym(node.args[0]) if node.args else Opaque()
            return Env(name, self.sym(default) if default is not None else None)
        if qualname in _PASS_THROUGH and len(node.args) == 1 and not node.keywords:
            return self.sym(node.args[0])
        if isinstance(func, ast.Attribute) and func.attr == "timestamp" and not node.args:
            return self.sym(func.value)
        return Opaque(qualname)


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Every statement, nested ones included, without descending into expressions (imports
    are statements; walking every expression node would cost as much as the parse)."""
    out: list[ast.stmt] = []
    todo = list(reversed(body))
    while todo:
        stmt = todo.pop()
        out.append(stmt)
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(stmt, field, None)
            if children:
                todo.extend(reversed(children))
    return out


def _class_like(qualname: str) -> bool:
    """``fastapi.FastAPI``, ``celery.Celery``: an object made from a class (by its name)."""
    last = qualname.rpartition(".")[2]
    return bool(last) and last[0].isupper()


def _pos(node: ast.stmt) -> Pos:
    return Pos(node.lineno, node.col_offset + 1)
