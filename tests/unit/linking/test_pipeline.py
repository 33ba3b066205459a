"""The linkers run from one ordered list, the repository fact last."""

from __future__ import annotations

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.knowledge import load_knowledge
from archlint.linking.base import LinkContext
from archlint.linking.code import link_code
from archlint.linking.components import link_components
from archlint.linking.deploy import link_deploys
from archlint.linking.javascript import link_javascript
from archlint.linking.pipeline import LINKERS, link
from archlint.linking.repository import REPOSITORY_ID, link_repository
from archlint.linking.scripts import link_scripts
from archlint.linking.terraform import link_terraform
from archlint.linking.workspaces import link_workspaces


def test_linkers_are_one_ordered_list() -> None:
    assert (
        link_components,
        link_workspaces,
        link_code,
        link_javascript,
        link_scripts,
        link_deploys,
        link_terraform,
        link_repository,
    ) == LINKERS


def test_link_builds_components_then_the_repository_over_them() -> None:
    graph = FactGraph()
    manifest = Fact(
        "api/pyproject.toml#manifest",
        NodeKind.MANIFEST,
        Location("api/pyproject.toml"),
        {"type": "pyproject", "name": "api", "has_project_table": True},
    )
    graph.add_fact(manifest)
    link(graph, LinkContext(load_knowledge(), "shop"))
    repository = graph.fact(REPOSITORY_ID)
    assert repository.get("name") == "shop"
    assert [f.id for f in graph.neighbours(REPOSITORY_ID, EdgeKind.HAS)] == ["component:api"]
    assert [f.id for f in graph.neighbours("component:api", EdgeKind.OWNS)] == [manifest.id]
