"""Turns a schema-valid condition (plain data) into a predicate tree, resolving ``$param``
references and checking what the schema cannot: regexes compile, operands have the right type,
message placeholders name something that exists."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.engine import schema
from archlint.engine.predicates import (
    Agree,
    AllOf,
    AnyOf,
    AttrTest,
    Count,
    Hop,
    KindIs,
    Not,
    Predicate,
    Related,
    Traversal,
    Unique,
)
from archlint.engine.templates import placeholders
from archlint.engine.versions import valid_specifier
from archlint.errors import ProblemCollector
from archlint.formats.yamlpos import YamlDoc

Path = tuple[str | int, ...]
_NUMERIC = {"gt", "gte", "lt", "lte"}
_PAIRS = {"between", "outside"}
_LISTS = {"in", "not_in"}
_OPS = (
    _NUMERIC
    | _PAIRS
    | _LISTS
    | {"equals", "not_equals", "regex", "not_regex", "exists", "glob", "contains", "satisfies"}
)


class Compiler:
    def __init__(
        self, name: str, doc: YamlDoc, params: Mapping[str, Any], problems: ProblemCollector
    ):
        self.name = name
        self.doc = doc
        self.params = params
        self.problems = problems
        self.failed = False
        self.bindings: set[str] = set()

    def error(self, path: Path, message: str) -> None:
        self.failed = True
        self.problems.add(
            self.name, message, line=self.doc.line(*path), key=schema.format_path(path)
        )

    # -- conditions ---------------------------------------------------------------------------
    def predicate(self, data: Any, path: Path) -> Predicate | None:
        if data is None:
            return None
        if "all" in data:
            return AllOf(tuple(self._each(data["all"], (*path, "all"))))
        if "any" in data:
            return AnyOf(tuple(self._each(data["any"], (*path, "any"))))
        if "not" in data:
            inner = self.predicate(data["not"], (*path, "not"))
            return Not(inner) if inner is not None else None
        if "kind" in data:
            return KindIs(NodeKind(data["kind"]))
        if "related" in data:
            spec = data["related"]
            p = (*path, "related")
            count = None
            if "count" in spec:
                ops = []
                for op, v in sorted(spec["count"].items()):
                    at = (*p, "count", op)
                    ops.append((op, self._number(v, self._resolve(v, at), at)))
                count = Count(tuple(ops))
            if "as" in spec:
                self.bindings.add(spec["as"])
            return Related(
                self._traversal(spec, p), spec.get("quantifier", "any"), count, spec.get("as")
            )
        if "agree" in data:
            spec = data["agree"]
            trust = self.predicate(spec.get("trust"), (*path, "agree", "trust"))
            return Agree(
                self._traversal(spec, (*path, "agree")), spec["group_by"], spec["value"], trust
            )
        if "unique" in data:
            spec = data["unique"]
            return Unique(
                self._traversal(spec, (*path, "unique")),
                tuple(spec["by"]),
                spec.get("across"),
                spec.get("order_by"),
                spec.get("together"),
            )
        return self._attr(data, path)

    def _each(self, items: list[Any], path: Path) -> list[Predicate]:
        out = [self.predicate(item, (*path, i)) for i, item in enumerate(items)]
        return [p for p in out if p is not None]

    def _traversal(self, spec: Mapping[str, Any], path: Path) -> Traversal:
        if "path" in spec:
            hops = [self._hop(h, (*path, "path", i)) for i, h in enumerate(spec["path"])]
        else:
            hops = [self._hop(spec, path)]
        return Traversal(tuple(hops))

    def _hop(self, spec: Mapping[str, Any], path: Path) -> Hop:
        kind = NodeKind(spec["kind"]) if "kind" in spec else None
        where = self.predicate(spec.get("where"), (*path, "where"))
        return Hop(EdgeKind(spec["edge"]), spec.get("direction", "out"), kind, where)

    def _attr(self, data: Mapping[str, Any], path: Path) -> Predicate | None:
        op = next(k for k in data if k != "attr")
        if op not in _OPS:  # pragma: no cover - the schema rejects it first
            self.error((*path, op), f"unknown operator {op!r}")
            return None
        p = (*path, op)
        operand = self._resolve(data[op], p)
        if operand is _BAD:
            return None
        if op in _NUMERIC:
            operand = self._number(data[op], operand, p)
        elif op in _PAIRS:
            if not _is_pair(operand):
                self.error(
                    p, f"`{op}` needs two numbers [low, high], got {_shown(data[op], operand)}"
                )
                return None
            operand = (float(operand[0]), float(operand[1]))
        elif op in _LISTS:
            if not isinstance(operand, list | tuple):
                self.error(p, f"`{op}` needs a list, got {_shown(data[op], operand)}")
                return None
            operand = (
                frozenset(operand)
                if all(isinstance(x, str | int) for x in operand)
                else tuple(operand)
            )
        elif op in ("regex", "not_regex"):
            try:
                operand = re.compile(str(operand))
            except re.error as exc:
                self.error(p, f"invalid regular expression {operand!r}: {exc}")
                return None
        elif op == "satisfies" and not valid_specifier(str(operand)):
            self.error(p, f"invalid version specifier {operand!r} (use PEP 440, e.g. '>=4')")
            return None
        return AttrTest(data["attr"], op, operand)

    def _resolve(self, value: Any, path: Path) -> Any:
        if isinstance(value, str) and value.startswith("$"):
            name = value[1:]
            if name not in self.params:
                known = ", ".join(sorted(self.params)) or "none"
                self.error(path, f"unknown parameter {value!r} (parameters: {known})")
                return _BAD
            return self.params[name]
        if isinstance(value, list):
            items = [self._resolve(v, path) for v in value]
            return _BAD if any(v is _BAD for v in items) else items
        return value

    def _number(self, value: Any, resolved: Any, path: Path) -> float:
        if resolved is _BAD:
            return 0.0
        if not _is_number(resolved):
            self.error(path, f"expected a number, got {_shown(value, resolved)}")
            return 0.0
        return float(resolved)

    # -- message ------------------------------------------------------------------------------
    def check_message(self, template: str, where: Path = ("message",)) -> None:
        for space, attr in placeholders(template):
            if space in ("node", "primary", "evidence", "others") or space in self.bindings:
                continue
            if space == "params":
                if attr is None:
                    self.error(where, "message placeholder {params} needs a name: {params.NAME}")
                elif attr not in self.params:
                    self.error(where, f"message names unknown parameter {{params.{attr}}}")
                continue
            builtin = ["node", "primary", "params", "evidence", "others"]
            known = ", ".join([*builtin, *sorted(self.bindings)])
            self.error(where, f"message placeholder {{{space}}} is unknown (known: {known})")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_pair(value: Any) -> bool:
    return isinstance(value, list | tuple) and len(value) == 2 and all(map(_is_number, value))


def _shown(written: Any, resolved: Any) -> str:
    """The operand as resolved, naming the parameter it came from."""
    if isinstance(written, str) and written.startswith("$"):
        return f"{resolved!r} (from {written})"
    return repr(resolved)


class _Bad:
    pass


_BAD: Any = _Bad()
