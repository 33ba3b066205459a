"""Tree-sitter grammars for TypeScript, TSX and JavaScript, loaded the first time a run needs one.

``tree-sitter``, ``tree-sitter-typescript`` and ``tree-sitter-javascript`` are prebuilt wheels
on PyPI; importing them costs a few milliseconds, so it happens only when a repository has TS/JS
sources (parsers/common/treesitter.py). A missing or broken grammar is a named problem (the
caller turns it into a diagnostic of the file), never an exception.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from archlint.parsers.common.treesitter import load_parser

# the file endings each grammar reads (a .d.ts declares types and holds no code of interest)
DIALECTS = {
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".js": "javascript",
    ".jsx": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
}
# which package provides which grammar, and the function of it that returns the language
_GRAMMARS = {
    "typescript": ("tree_sitter_typescript", "language_typescript", "tree-sitter-typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx", "tree-sitter-typescript"),
    "javascript": ("tree_sitter_javascript", "language", "tree-sitter-javascript"),
}


def dialect_of(path: str) -> str | None:
    """The grammar a path is parsed with, or None (not a TS/JS source)."""
    name = path.rpartition("/")[2]
    if name.endswith((".d.ts", ".d.mts", ".d.cts")):
        return None
    dot = name.rfind(".")
    return DIALECTS.get(name[dot:]) if dot > 0 else None


@cache
def parser_for(dialect: str) -> Any:
    """A tree-sitter ``Parser`` for ``dialect``, or :class:`Missing` (cached: loaded once a run)."""
    module_name, function, package = _GRAMMARS[dialect]
    return load_parser(dialect, module_name, function, package, "TS/JS sources")
