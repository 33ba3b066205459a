"""The linker contract: a step that adds cross-artifact facts and edges to the fact graph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from archlint.domain.graph import FactGraph
from archlint.knowledge import Knowledge


@dataclass(frozen=True)
class LinkContext:
    """What linkers are given besides the graph: the decisions (roles) and the repository."""

    knowledge: Knowledge
    repository_name: str


class Linker(Protocol):
    """One linking step. Steps run in the order of :data:`archlint.linking.pipeline.LINKERS`;
    each may read what earlier ones added."""

    def __call__(self, graph: FactGraph, context: LinkContext, /) -> None: ...
