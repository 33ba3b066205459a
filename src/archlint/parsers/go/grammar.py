"""The tree-sitter Go grammar (``tree-sitter-go``, a prebuilt wheel), loaded the first time a run
meets a ``.go`` file; a missing grammar is a named problem, never an exception."""

from __future__ import annotations

from functools import cache
from typing import Any

from archlint.parsers.common.treesitter import load_parser


@cache
def go_parser() -> Any:
    """A tree-sitter ``Parser`` for Go, or :class:`Missing` (cached: loaded once a run)."""
    return load_parser("go", "tree_sitter_go", "language", "tree-sitter-go", "Go sources")
