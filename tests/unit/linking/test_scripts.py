"""Commands are linked to the source files their arguments name, from the command's folder."""

from __future__ import annotations

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.knowledge import load_knowledge
from archlint.linking.base import LinkContext
from archlint.linking.scripts import link_scripts


def _module(path: str) -> Fact:
    return Fact(f"{path}#module", NodeKind.SOURCE_MODULE, Location(path), {"module": path})


def _command(fid: str, path: str, argv: list[str]) -> Fact:
    attrs = {"argv": argv, "origin": "package-script", "text": " ".join(argv)}
    return Fact(fid, NodeKind.COMMAND, Location(path, 4), attrs)


def _executed(graph: FactGraph, command: str) -> list[str]:
    return [f.id for f in graph.neighbours(command, EdgeKind.EXECUTES)]


def test_a_file_argument_is_read_from_the_commands_folder() -> None:
    graph = FactGraph()
    graph.add_facts(
        [
            _module("apps/api/admin/backfill.ts"),
            _module("apps/api/src/main.ts"),
            _module("admin/backfill.ts"),  # another folder's file of the same name
            _command("backfill", "apps/api/package.json", ["ts-node", "./admin/backfill.ts"]),
            _command("start", "apps/api/package.json", ["node", "dist/main.js"]),
            _command("up", "apps/api/package.json", ["tsx", "../../scripts/missing.ts"]),
        ]
    )
    link_scripts(graph, LinkContext(load_knowledge(), "repo"))
    assert _executed(graph, "backfill") == ["apps/api/admin/backfill.ts#module"]
    assert _executed(graph, "start") == []  # dist/main.js is built output, not a source file
    assert _executed(graph, "up") == []


def test_nothing_to_link_without_source_modules() -> None:
    graph = FactGraph()
    graph.add_fact(_command("c", "package.json", ["tsx", "x.ts"]))
    link_scripts(graph, LinkContext(load_knowledge(), "repo"))
    assert _executed(graph, "c") == []
