"""Docs sites: which config files root one, and which site a docs command serves."""

from __future__ import annotations

import pytest

from archlint.domain.facts import Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.linking.docs_sites import docs_site_roots, served_site


def graph_of(*paths: str) -> FactGraph:
    graph = FactGraph()
    for path in paths:
        graph.add_fact(Fact(f"file:{path}", NodeKind.FILE, Location(path), {"path": path}))
    return graph


def test_config_files_root_sites_and_a_sphinx_conf_needs_an_index() -> None:
    graph = graph_of(
        "mkdocs.yml",
        "website/docusaurus.config.ts",
        "docs/source/conf.py",
        "docs/source/index.rst",
        "scripts/conf.py",  # no index beside it: a script's settings, not Sphinx
    )
    assert docs_site_roots(graph) == {
        "": Location("mkdocs.yml", 1, 1),
        "docs/source": Location("docs/source/conf.py", 1, 1),
        "website": Location("website/docusaurus.config.ts", 1, 1),
    }


SITES = {"docs": Location("docs/mkdocs.yml"), "website": Location("website/x")}


@pytest.mark.parametrize(
    ("argv", "where", "site"),
    [
        (["mkdocs", "serve", "-f", "docs/mkdocs.yml"], "Procfile", "docs"),
        (["mkdocs", "serve", "--config-file=docs/mkdocs.yml"], "Procfile", "docs"),
        (["mkdocs", "serve", "-f", "mkdocs.yml"], "docs/Procfile", "docs"),
        (["docusaurus", "start", "website", "--port", "3001"], "package.json", "website"),
        (["mkdocs", "serve", "-f", "$DOCS_CONFIG"], "Procfile", None),
        (["mkdocs", "serve"], "Procfile", None),
        (["uvicorn", "docs:app"], "Procfile", None),  # not a docs server
    ],
)
def test_the_site_a_command_serves(argv: list[str], where: str, site: str | None) -> None:
    kinds = ["docs"] if argv[0] in ("mkdocs", "docusaurus") else ["python-http"]
    command = Fact("c", NodeKind.COMMAND, Location(where, 1), {"argv": argv, "server_kinds": kinds})
    assert served_site(command, SITES) == site
