"""Turns a schema-valid condition (plain data) into a predicate tree, resolving ``$param``
references and checking what the schema cannot: regexes compile, operands have the right type,
message placeholders name something that exists."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.kinds import attribute_names, has_attribute
from archlint.engine import schema
from archlint.engine.predicates import (
    Agree,
    AllOf,
    AnyOf,
    AttrTest,
    Concept,
    Count,
    Hop,
    Is,
    Join,
    KindIs,
    Not,
    Predicate,
    Related,
    Repeat,
    Traversal,
    Unique,
)
from archlint.engine.regexes import UnsafePattern, compile_bounded
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
    """Compiles the conditions of one rule (or concept) file.

    Each condition is compiled against its *subject*, the node kind it tests (the selected kind,
    or the kind a hop reaches; None when that is open), so an attribute the subject does not have
    is an error with a did-you-mean rather than a condition that silently never holds.
    """

    def __init__(
        self,
        name: str,
        doc: YamlDoc,
        params: Mapping[str, Any],
        problems: ProblemCollector,
        concepts: Mapping[str, Concept] | None = None,
    ):
        self.name = name
        self.doc = doc
        self.params = params
        self.problems = problems
        self.concepts = concepts or {}
        self.failed = False
        self.bindings: dict[str, NodeKind | None] = {}
        self.used_concepts: dict[str, Concept] = {}

    def error(self, path: Path, message: str) -> None:
        self.failed = True
        self.problems.add(
            self.name, message, line=self.doc.line(*path), key=schema.format_path(path)
        )

    # -- conditions ---------------------------------------------------------------------------
    def predicate(self, data: Any, path: Path, subject: NodeKind | None = None) -> Predicate | None:
        if data is None:
            return None
        if "all" in data:
            return AllOf(tuple(self._each(data["all"], (*path, "all"), subject)))
        if "any" in data:
            return AnyOf(tuple(self._each(data["any"], (*path, "any"), subject)))
        if "not" in data:
            inner = self.predicate(data["not"], (*path, "not"), subject)
            return Not(inner) if inner is not None else None
        if "kind" in data:
            return KindIs(NodeKind(data["kind"]))
        if "is" in data:
            return self._is(data["is"], (*path, "is"))
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
            traversal, reached = self._traversal(spec, p)
            if "as" in spec:
                self.bindings[spec["as"]] = reached
            return Related(traversal, spec.get("quantifier", "any"), count, spec.get("as"))
        if "agree" in data:
            spec = data["agree"]
            p = (*path, "agree")
            traversal, reached = self._traversal(spec, p)
            by = spec["group_by"]
            group_by = (by,) if isinstance(by, str) else tuple(by)
            for i, name in enumerate(group_by):
                self._attribute(
                    name, (*p, "group_by", *(() if isinstance(by, str) else (i,))), reached
                )
            self._attribute(spec["value"], (*p, "value"), reached)
            trust = self.predicate(spec.get("trust"), (*p, "trust"), reached)
            return Agree(traversal, group_by, spec["value"], trust)
        if "unique" in data:
            spec = data["unique"]
            p = (*path, "unique")
            traversal, reached = self._traversal(spec, p)
            for i, attr in enumerate(spec["by"]):
                self._attribute(attr, (*p, "by", i), reached)
            for key in ("across", "order_by", "together"):
                if key in spec:
                    self._attribute(spec[key], (*p, key), reached)
            return Unique(
                traversal,
                tuple(spec["by"]),
                spec.get("across"),
                spec.get("order_by"),
                spec.get("together"),
            )
        if "join" in data:
            return self._join(data["join"], (*path, "join"))
        return self._attr(data, path, subject)

    def chain(self, spec: Any, path: Path) -> tuple[Traversal, ...]:
        """A check's or requirement's ``chain``: the walks (one, or a list) whose nodes its
        findings list."""
        if isinstance(spec, Mapping):
            return (self._traversal(spec, path)[0],)
        if isinstance(spec, list):
            return tuple(
                self._traversal(item, (*path, i))[0]
                for i, item in enumerate(spec)
                if isinstance(item, Mapping)
            )
        return ()

    def _each(self, items: list[Any], path: Path, subject: NodeKind | None) -> list[Predicate]:
        out = [self.predicate(item, (*path, i), subject) for i, item in enumerate(items)]
        return [p for p in out if p is not None]

    def _is(self, name: str, path: Path) -> Predicate | None:
        concept = self.concepts.get(name)
        if concept is None:
            hint = _closest(name, self.concepts) or (
                f" (concepts: {', '.join(sorted(self.concepts)) or 'none'})"
            )
            self.error(path, f"unknown concept {name!r}{hint}")
            return None
        self.used_concepts[name] = concept
        return Is(concept)

    def _join(self, spec: Mapping[str, Any], path: Path) -> Predicate:
        left, left_kind = self._traversal(spec["left"], (*path, "left"))
        right, right_kind = self._traversal(spec["right"], (*path, "right"))
        on = spec["match"]
        self._attribute(on["left"], (*path, "match", "left"), left_kind)
        self._attribute(on["right"], (*path, "match", "right"), right_kind)
        if "as" in spec:
            self.bindings[spec["as"]] = right_kind
        return Join(
            left, right, on["left"], on["right"], spec.get("quantifier", "any"), spec.get("as")
        )

    def _traversal(self, spec: Mapping[str, Any], path: Path) -> tuple[Traversal, NodeKind | None]:
        """The walk, and the kind it ends at (None when the last hop names none)."""
        steps: list[Hop | Repeat] = []
        reached: NodeKind | None = None
        items = (
            [(h, (*path, "path", i)) for i, h in enumerate(spec["path"])]
            if "path" in spec
            else [(spec, path)]
        )
        for item, at in items:
            step, reached = self._step(item, at)
            steps.append(step)
        return Traversal(tuple(steps)), reached

    def _step(self, spec: Mapping[str, Any], path: Path) -> tuple[Hop | Repeat, NodeKind | None]:
        if "repeat" in spec and isinstance(spec["repeat"], dict):  # a repeated sub-path
            rep = spec["repeat"]
            inner, reached = self._traversal(rep, (*path, "repeat"))
            low, high = self._bounds(rep, (*path, "repeat"))
            return Repeat(inner, low, high), reached
        kind = NodeKind(spec["kind"]) if "kind" in spec else None
        where = self.predicate(spec.get("where"), (*path, "where"), kind)
        edge, direction = EdgeKind(spec["edge"]), spec.get("direction", "out")
        if "repeat" in spec:  # one hop followed up to N times; `where` picks what it reaches
            high = self._count(spec["repeat"], (*path, "repeat"))
            return Repeat(Traversal((Hop(edge, direction, kind, None),)), 1, high, where), kind
        return Hop(edge, direction, kind, where), kind

    def _bounds(self, spec: Mapping[str, Any], path: Path) -> tuple[int, int]:
        high = self._count(spec["max"], (*path, "max"))
        low = self._count(spec.get("min", 1), (*path, "min"), minimum=0)
        if low > high:
            self.error((*path, "min"), f"`min` ({low}) is more than `max` ({high})")
        return low, high

    def _count(self, value: Any, path: Path, minimum: int = 1) -> int:
        resolved = self._resolve(value, path)
        if resolved is _BAD:
            return minimum
        if (
            not isinstance(resolved, int)
            or isinstance(resolved, bool)
            or not (minimum <= resolved <= MAX_REPEAT)
        ):
            self.error(
                path,
                f"expected a whole number from {minimum} to {MAX_REPEAT}, "
                f"got {_shown(value, resolved)}",
            )
            return minimum
        return resolved

    def _attribute(self, name: str, path: Path, subject: NodeKind | None) -> bool:
        """Whether ``subject`` has the attribute ``name``; reports the typo if not."""
        if has_attribute(subject, name):
            return True
        self.error(path, f"unknown attribute {name!r}: {_no_such(subject, name)}")
        return False

    def _attr(
        self, data: Mapping[str, Any], path: Path, subject: NodeKind | None = None
    ) -> Predicate | None:
        op = next(k for k in data if k != "attr")
        if op not in _OPS:  # pragma: no cover - the schema rejects it first
            self.error((*path, op), f"unknown operator {op!r}")
            return None
        if not self._attribute(data["attr"], (*path, "attr"), subject):
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
                operand = compile_bounded(str(operand))
            except re.error as exc:
                self.error(p, f"invalid regular expression {operand!r}: {exc}")
                return None
            except UnsafePattern as exc:
                self.error(p, f"unsafe regular expression {operand!r}: {exc}")
                return None
        elif op == "satisfies" and not valid_specifier(str(operand)):
            self.error(p, f"invalid version specifier {operand!r} (use PEP 440, e.g. '>=4')")
            return None
        return AttrTest(data["attr"], op, operand)

    def resolve(self, value: Any, path: Path) -> Any:
        """``value`` with ``$param`` references replaced (an unknown one is reported)."""
        resolved = self._resolve(value, path)
        return None if resolved is _BAD else resolved

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
    def check_message(
        self, template: str, where: Path = ("message",), subject: NodeKind | None = None
    ) -> None:
        for space, attr in placeholders(template):
            if space in ("evidence", "others"):
                continue
            if space in ("node", "primary") or space in self.bindings:
                # {primary} is the anchor or a piece of evidence: any kind
                kind = subject if space == "node" else self.bindings.get(space)
                if attr is not None and not has_attribute(kind, attr):
                    self.error(
                        where, f"message placeholder {{{space}.{attr}}}: {_no_such(kind, attr)}"
                    )
                continue
            if space == "params":
                if attr is None:
                    self.error(where, "message placeholder {params} needs a name: {params.NAME}")
                elif attr not in self.params:
                    hint = _closest(attr, self.params)
                    self.error(where, f"message names unknown parameter {{params.{attr}}}{hint}")
                continue
            builtin = ["node", "primary", "params", "evidence", "others"]
            known_spaces = [*builtin, *sorted(self.bindings)]
            hint = _closest(space, known_spaces) or f" (known: {', '.join(known_spaces)})"
            self.error(where, f"message placeholder {{{space}}} is unknown{hint}")


MAX_REPEAT = 20  # a repeated hop is bounded: rules stay linear in the size of the graph


def _no_such(kind: NodeKind | None, name: str) -> str:
    """Why ``name`` is no attribute of ``kind``, with the closest one (docs/facts.md lists all)."""
    known = attribute_names(kind)
    if kind is None:
        return f"no node kind has it{_closest(name, known) or ' (docs/facts.md lists them)'}"
    hint = _closest(name, known) or f" (it has: {', '.join(known)})"
    return f"a {kind.value} node has no such attribute{hint}"


def _closest(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(options), n=1)
    return f"; did you mean {match[0]!r}?" if match else ""


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
