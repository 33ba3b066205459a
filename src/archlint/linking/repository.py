"""The repository fact: the root of the graph."""

from __future__ import annotations

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.linking.base import LinkContext

REPOSITORY_ID = "repository"


def link_repository(graph: FactGraph, context: LinkContext) -> None:
    """The root of the graph: it ``has`` every file, component and diagnostic, so a rule can ask
    about the repository as a whole ("no compose file at all", "a compose file failed to parse")."""
    location = Location(".")
    graph.add_fact(
        Fact(REPOSITORY_ID, NodeKind.REPOSITORY, location, {"name": context.repository_name})
    )
    for kind in (NodeKind.FILE, NodeKind.COMPONENT, NodeKind.DIAGNOSTIC):
        for fact in graph.facts(kind):
            graph.relate(REPOSITORY_ID, fact.id, EdgeKind.HAS)
