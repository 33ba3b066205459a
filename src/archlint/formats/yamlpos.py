"""YAML with positions: plain Python values plus the line/column of every key and item.

Uses PyYAML's C composer when available (about 10x the pure-Python one) and builds values from the
node tree, so anchors and merge keys (``<<``) resolve the way YAML defines them while each value
keeps the position it was written at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from archlint.formats import nesting

try:  # pragma: no cover - which branch runs depends on how PyYAML was built
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]


class YamlError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class YamlDoc:
    """One YAML document: ``data`` and ``positions[path] = (line, column)`` (1-based)."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def pos(self, *path: str | int) -> tuple[int, int]:
        """Position of ``path``, falling back to the closest ancestor that has one."""
        p: Path = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def line(self, *path: str | int) -> int:
        return self.pos(*path)[0]


# bounds on what one file may expand to (docs/limits.md)
MAX_VALUES = 250_000
MAX_DEPTH = 200  # each level is two Python frames: well inside the default recursion limit


def load_all(
    text: str, *, max_values: int = MAX_VALUES, max_depth: int = MAX_DEPTH
) -> list[YamlDoc]:
    """Every document in ``text``; raises :class:`YamlError` with the line of the problem."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        raise _error(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), 1, 1) from None
    except RecursionError:  # the pure-Python composer on absurd nesting
        raise YamlError(
            f"nested more than {max_depth} levels deep (limits: max-nesting)", 1, 1
        ) from None
    docs = []
    builder = _Builder(yaml.SafeLoader(""), max_values, max_depth)  # scalar resolution only
    for node in nodes:
        if node is None:
            continue
        doc = YamlDoc(data=None)
        try:
            with nesting.headroom(3 * max_depth + 100):
                doc.data = builder.build(node, (), doc.positions)
        except RecursionError:  # a lowered recursion limit: still an input problem, not a crash
            raise YamlError(
                f"nested more than {max_depth} levels deep (limits: max-nesting)", 1, 1
            ) from None
        docs.append(doc)
    return docs


def load(text: str, *, max_values: int = MAX_VALUES, max_depth: int = MAX_DEPTH) -> YamlDoc:
    """The first document (an empty document gives ``data=None``)."""
    docs = load_all(text, max_values=max_values, max_depth=max_depth)
    return docs[0] if docs else YamlDoc(data=None)


def _error(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    """Point at what the user has to fix: an unclosed ``[``/``{`` is where it was opened, not
    where the parser gave up (often the next key, lines later)."""
    problem = str(exc.problem or exc)
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if "maximum nesting depth" in problem:
        pass  # PyYAML's own bound on nesting: the mark is where it stopped
    elif exc.context_mark is not None and ("flow sequence" in context or "flow mapping" in context):
        mark = exc.context_mark
        opened = exc.context_mark.line + 1
        what = context.removeprefix("while parsing a ").removeprefix("while parsing ")
        problem = f"{problem}: the {what} opened on line {opened} is not closed"
    elif exc.context_mark is not None and "flow node" in context and mark is not None:
        # the file ends inside a `[`/`{`: the parser's mark is the end, the defect the bracket
        opened_at = _unclosed(text, mark.index)
        if opened_at is not None:
            line, col = opened_at
            what = (
                "flow sequence" if text.splitlines()[line - 1][col - 1] == "[" else "flow mapping"
            )
            return YamlError(
                f"{problem}: the {what} opened on line {line} is not closed", line, col
            )
    elif exc.context_mark is not None and "quoted scalar" in context:
        # an unclosed quote is where it was opened, not at the end of the file
        mark = exc.context_mark
        problem = f"{problem}: the quoted string opened on line {mark.line + 1} is not closed"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return YamlError(problem, line, col)


def _unclosed(text: str, end: int) -> tuple[int, int] | None:
    """The ``(line, column)`` of the innermost ``[``/``{`` still open at offset ``end``, outside
    quotes and comments (a heuristic: block scalars are not tracked)."""
    opened: list[int] = []
    for match in _FLOW.finditer(text, 0, end):
        char = match.group()
        if char in "[{":
            opened.append(match.start())
        elif char in "]}" and opened:
            opened.pop()
    if not opened:
        return None
    at = opened[-1]
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


_FLOW = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\n]|'')*'|(?:^|(?<=\s))#[^\n]*|[\[\]{}]", re.M)


class _Builder:
    """Plain values from a node tree, within bounds: aliases share nodes, so a 1 kB document
    can stand for billions of values (the "billion laughs"), and nesting can be deep enough to
    exhaust the stack. Past ``max_values`` built values or ``max_depth`` levels it stops with
    a :class:`YamlError` at the node where it stopped."""

    def __init__(self, c: Any, max_values: int, max_depth: int) -> None:
        self.c, self.max_values, self.max_depth = c, max_values, max_depth
        self.values = 0

    def build(
        self, node: yaml.Node, path: Path, positions: dict[Path, tuple[int, int]], depth: int = 0
    ) -> Any:
        self.values += 1
        if self.values > self.max_values or depth > self.max_depth:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            if depth > self.max_depth:
                raise YamlError(
                    f"nested more than {self.max_depth} levels deep (limits: max-nesting)",
                    line,
                    col,
                )
            raise YamlError(
                f"more than {self.max_values:,} values once aliases are expanded "
                "(an alias bomb? limits: max-yaml-values)",
                line,
                col,
            )
        c = self.c
        positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            try:
                return c.construct_object(node, deep=True)
            except yaml.YAMLError:
                return node.value
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, i), positions, depth + 1)
                for i, item in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, positions, depth)
        return None  # pragma: no cover

    def _mapping(
        self, node: yaml.MappingNode, path: Path, positions: dict[Path, tuple[int, int]], depth: int
    ) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merges.append(value_node)
                continue
            key = self.build(key_node, (*path, "<key>"), {}, depth + 1)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            if isinstance(key, float | bool) or key is None:
                key = str(key) if key is not None else "null"
            positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*path, key), positions, depth + 1)
        for merge in merges:
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for src in sources:
                # merged keys keep the position they were written at (under the anchor)
                where: dict[Path, tuple[int, int]] = {}
                merged = self.build(src, path, where, depth + 1)
                if isinstance(merged, dict):
                    for k, v in merged.items():
                        if k not in result:
                            result[k] = v
                            for p, pos in where.items():
                                if p[: len(path) + 1] == (*path, k):
                                    positions.setdefault(p, pos)
        return result
