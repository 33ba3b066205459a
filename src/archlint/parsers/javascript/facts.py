"""Collects the facts of one TS/JS file: stable ids (path + local key, a counter for repeats,
never a line number), locations from tree-sitter nodes, ``has`` edges to their parent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.parsers.base import SourceFile
from archlint.parsers.javascript.syntax import Module

if TYPE_CHECKING:
    from tree_sitter import Node


class FactSink:
    def __init__(self, source: SourceFile, module: Module, language: str) -> None:
        self.source = source
        self.module = module
        self.language = language
        self.facts: list[Fact] = []
        self.relations: list[Relation] = []
        self._seen: dict[str, int] = {}
        # function qualname ("" for the module) -> the id of the fact that `has` what it holds
        self.scopes: dict[str, str] = {}

    def scope_of(self, function: str | None) -> str | None:
        """The id of the function fact (or else the module) a fact of ``function`` belongs to."""
        return self.scopes.get(function or "") or self.scopes.get("")

    @property
    def path(self) -> str:
        return self.source.path

    def add(
        self,
        kind: NodeKind,
        key: str,
        node: Node,
        attrs: dict[str, Any],
        *,
        parent: str | None = None,
        unique: bool = False,
        language: bool = True,
    ) -> str:
        """Add a fact located at ``node``; its id is ``<path>#<key>`` (``[n]`` from the second
        fact with one key on). Returns the id."""
        base = f"{self.path}#{key}"
        count = self._seen.get(base, 0)
        self._seen[base] = count + 1
        fact_id = base if count == 0 or unique else f"{base}[{count}]"
        line, column = self.module.position(node)
        if language:
            attrs = {**attrs, "language": self.language}
        self.facts.append(Fact(fact_id, kind, self.source.loc(line, column), attrs))
        if parent is not None:
            self.relations.append(Relation(parent, fact_id, EdgeKind.HAS))
        return fact_id

    def result(self, diagnostics: list[Diagnostic]) -> ParseResult:
        return ParseResult(
            tuple(sorted(self.facts, key=Fact.sort_key)),
            tuple(self.relations),
            tuple(sorted(diagnostics)),
        )
