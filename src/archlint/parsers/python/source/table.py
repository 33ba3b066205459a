"""The unit's module-level bindings, read across modules: what :func:`values.resolve` looks
names up in, and the class hierarchy (which classes are settings, models, Pydantic models)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from archlint.parsers.python.source.summary import ClassInfo, ModuleSummary, Param
from archlint.parsers.python.source.values import Opaque, Ref, Sym

_MAX_BASES = 16  # a class hierarchy this deep is walked no further


class UnitTable:
    def __init__(self, summaries: Sequence[ModuleSummary]) -> None:
        self.bindings: dict[str, Sym] = {}
        self.classes: dict[str, ClassInfo] = {}
        self.returns: dict[str, str] = {}
        self.annotated: dict[str, Param] = {}  # ``app.api.deps.CurrentUser`` -> its Depends
        self.modules = frozenset(s.module for s in summaries)
        for s in summaries:
            for local, target in s.aliases:
                key = f"{s.module}.{local}"
                if target != key:
                    self.bindings.setdefault(key, Ref(target))
            for b in s.bindings:
                self.bindings[f"{s.module}.{b.name}"] = b.value
            for c in s.classes:
                self.classes[c.qualname] = c
                for f in c.fields:
                    if f.default is not None:
                        self.bindings[f"{c.qualname}.{f.name}"] = f.default
            for alias in s.annotated:
                self.annotated[f"{s.module}.{alias.name}"] = alias
            for fn in s.functions:
                if fn.returns_call:
                    self.returns[fn.qualname] = fn.returns_call
        self._aliases = {
            key: sym.qualname for key, sym in self.bindings.items() if isinstance(sym, Ref)
        }

    def lookup(self, qualname: str) -> Sym | None:
        """The binding of ``qualname``: a name, an attribute of an object made from a class
        (``settings.X`` is the field default of ``Settings.X``), or an inherited field."""
        found = self.bindings.get(qualname)
        if found is not None:
            return found
        parts = qualname.split(".")
        for i in range(len(parts) - 1, 0, -1):
            prefix, rest = ".".join(parts[:i]), ".".join(parts[i:])
            bound = self.bindings.get(prefix)
            if isinstance(bound, Ref):
                return Ref(f"{bound.qualname}.{rest}")
            if isinstance(bound, Opaque) and bound.call:
                made = self.returns.get(bound.call, bound.call)
                return Ref(f"{made}.{rest}")
            if bound is not None:
                return None
            if prefix in self.classes and "." not in rest:
                for base in self.ancestors(prefix):
                    inherited = self.bindings.get(f"{base}.{rest}")
                    if inherited is not None:
                        return inherited
                return None
        return None

    def canonical(self, qualname: str) -> str:
        """``app.core.Settings`` re-exported from ``app.core.config``: the defining name."""
        seen: set[str] = set()
        while qualname in self._aliases and qualname not in seen:
            seen.add(qualname)
            qualname = self._aliases[qualname]
        return qualname

    def ancestors(self, qualname: str) -> list[str]:
        """Every base of a class, transitively, by canonical name (unit classes and outside
        ones such as ``pydantic_settings.BaseSettings``), nearest first."""
        out: list[str] = []
        todo = [self.canonical(b) for b in self._bases(qualname)]
        while todo and len(out) < _MAX_BASES:
            base = todo.pop(0)
            if base in out or base == qualname:
                continue
            out.append(base)
            todo.extend(self.canonical(b) for b in self._bases(base))
        return out

    def inherits(self, qualname: str, roots: Iterable[str]) -> bool:
        wanted = frozenset(roots)
        return any(b in wanted for b in self.ancestors(qualname))

    def _bases(self, qualname: str) -> tuple[str, ...]:
        info = self.classes.get(qualname)
        return info.bases if info is not None else ()
