"""Tree-sitter grammars for TypeScript, TSX and JavaScript, loaded the first time a run needs one.

``tree-sitter``, ``tree-sitter-typescript`` and ``tree-sitter-javascript`` are prebuilt wheels
on PyPI; importing them costs a few milliseconds, so it happens only when a repository has TS/JS
sources. A missing or broken grammar is a named problem (the caller turns it into a diagnostic
of the file), never an exception.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Missing:
    """Why a grammar could not be loaded (the message names the package to install)."""

    message: str


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
    try:
        tree_sitter = importlib.import_module("tree_sitter")
        grammar = importlib.import_module(module_name)
        language = tree_sitter.Language(getattr(grammar, function)())
        return tree_sitter.Parser(language)
    except (ImportError, AttributeError, TypeError, ValueError) as exc:
        return Missing(
            f"the {dialect} grammar is not available ({type(exc).__name__}: {exc}); "
            f"install `tree-sitter` and `{package}` from PyPI to check TS/JS sources"
        )
