"""Linking: the ordered steps that turn parsed facts into one connected graph.

The order is the contract: components are built from what the parsers found; workspaces link
components to each other; code links calls and imports across modules (preferring the
caller's component, so it runs after components); javascript resolves what TS/JS calls
name through index files, tsconfig aliases and re-exports; scripts links commands to the
source files they run; deploys links components to the
charts and manifests that deploy them; Terraform references are resolved across modules (and
registries to the images they host); the repository fact comes last so it ``has`` every component.
"""

from __future__ import annotations

from archlint.domain.graph import FactGraph
from archlint.linking.base import LinkContext, Linker
from archlint.linking.code import link_code
from archlint.linking.components import link_components
from archlint.linking.deploy import link_deploys
from archlint.linking.javascript import link_javascript
from archlint.linking.repository import link_repository
from archlint.linking.scripts import link_scripts
from archlint.linking.terraform import link_terraform
from archlint.linking.workspaces import link_workspaces

LINKERS: tuple[Linker, ...] = (
    link_components,
    link_workspaces,
    link_code,
    link_javascript,
    link_scripts,
    link_deploys,
    link_terraform,
    link_repository,
)


def link(graph: FactGraph, context: LinkContext) -> None:
    """Run every linker of :data:`LINKERS` over ``graph``, in order."""
    for linker in LINKERS:
        linker(graph, context)
