"""Loading a tree-sitter grammar (the first time a run needs it, never an exception), and
locating the places a parse could not read.

``tree-sitter`` and each grammar are prebuilt wheels on PyPI; importing them costs a few
milliseconds, so a family loads its grammar only when a repository has such sources. A missing
or broken grammar is a named problem (the caller turns it into a diagnostic of the file).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Node

_COMPLETE = re.compile(r"(?:statement|declaration|comment)$")
_SNIPPET = 40  # characters of an unreadable place quoted in its message


@dataclass(frozen=True, slots=True)
class Missing:
    """Why a grammar could not be loaded (the message names the package to install)."""

    message: str


def load_parser(dialect: str, module_name: str, function: str, package: str, what: str) -> Any:
    """A tree-sitter ``Parser`` for the grammar ``module_name.function()``, or :class:`Missing`
    naming ``package`` (``what``: the sources it is needed for, for the message)."""
    try:
        tree_sitter = importlib.import_module("tree_sitter")
        grammar = importlib.import_module(module_name)
        language = tree_sitter.Language(getattr(grammar, function)())
        return tree_sitter.Parser(language)
    except (ImportError, AttributeError, TypeError, ValueError) as exc:
        return Missing(
            f"the {dialect} grammar is not available ({type(exc).__name__}: {exc}); "
            f"install `tree-sitter` and `{package}` from PyPI to check {what}"
        )


def position(node: Node, data: bytes) -> tuple[int, int]:
    """1-based line and column of ``node``'s start, the column in characters (tree-sitter
    counts bytes)."""
    row, byte_column = node.start_point
    line_start = data.rfind(b"\n", 0, node.start_byte) + 1
    return row + 1, len(data[line_start : line_start + byte_column].decode("utf-8", "replace")) + 1


def unreadable_places(root: Node, data: bytes) -> dict[str, object]:
    """How many places tree-sitter could not read (it recovers around them), and where the first
    is: ``syntax_errors``, and ``syntax_error`` (why), ``syntax_error_line``,
    ``syntax_error_column`` (in characters) when there is one."""
    if not root.has_error:
        return {"syntax_errors": 0}
    places: list[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            places.append(node)
        elif node.has_error:
            stack.extend(node.children)
    if not places:  # an error flag tree-sitter sets on a node with no error below (truncated input)
        return {"syntax_errors": 0}
    first = _where_it_breaks(min(places, key=lambda n: (n.start_byte, n.end_byte)))
    line, column = position(first, data)
    if first.is_missing:
        reason = f"expected `{first.type}`"
    else:
        text = data[first.start_byte :].split(b"\n", 1)[0].decode("utf-8", "replace").strip()
        snippet = text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"
        reason = f"cannot read `{snippet}`" if snippet else "cannot read this"
    return {
        "syntax_errors": len(places),
        "syntax_error": reason,
        "syntax_error_line": line,
        "syntax_error_column": column,
    }


def _where_it_breaks(error: Node) -> Node:
    """The place inside an unreadable region where reading stopped: tree-sitter folds whole
    statements that parsed into the ERROR node that follows them, so skip those and go down."""
    node = error
    while node.is_error:
        rest = [c for c in node.children if not (c.is_named and _COMPLETE.search(c.type))]
        broken = next((c for c in rest if c.has_error or c.is_missing or c.is_error), None)
        if not rest:
            return node
        if broken is not None and broken.start_byte <= rest[0].start_byte:
            node = broken
            continue
        return rest[0]
    return node
