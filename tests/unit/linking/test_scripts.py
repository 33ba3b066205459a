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


def _owned(graph: FactGraph, component: str, fact: Fact) -> None:
    graph.add_fact(fact)
    if component not in graph:
        graph.add_fact(Fact(component, NodeKind.COMPONENT, Location(f"{component}/package.json")))
    graph.relate(component, fact.id, EdgeKind.OWNS)


def _setting(fid: str, path: str, value: object) -> Fact:
    return Fact(fid, NodeKind.SETTING, Location(path, 2), {"name": fid, "value": value})


def test_a_literal_naming_an_image_another_components_script_builds_names_that_component() -> None:
    graph = FactGraph()
    build = ["tsc", "&&", "docker", "build", ".", "-t", "acme-sandbox:latest", "&&", "touch", "x"]
    _owned(graph, "sandbox", _command("img", "sandbox/package.json", build))
    buildx = ["docker", "buildx", "build", "--tag=ghcr.io/acme/runner:1.2", "."]
    _owned(graph, "runner", _command("img2", "runner/package.json", buildx))
    _owned(graph, "sandbox", _setting("own", "sandbox/tests/e2e.ts", "acme-sandbox:e2e"))
    _owned(graph, "worker", _setting("image", "worker/src/config.ts", "acme-sandbox:latest"))
    _owned(graph, "worker", _setting("runner_ref", "worker/src/config.ts", "ghcr.io/acme/runner:2"))
    _owned(graph, "worker", _setting("word", "worker/src/config.ts", "acme-sandbox"))
    _owned(graph, "worker", _setting("port", "worker/src/config.ts", 8080))
    # a later `-t` after the build ended is another program's option
    _owned(
        graph,
        "other",
        _command("c", "other/package.json", ["docker", "build", "&&", "x", "-t", "y:1"]),
    )
    _owned(graph, "worker", _setting("y", "worker/src/config.ts", "y:1"))
    graph.add_fact(_module("worker/src/config.ts"))
    link_scripts(graph, LinkContext(load_knowledge(), "repo"))

    def named(setting: str) -> list[str]:
        return [f.id for f in graph.neighbours(setting, EdgeKind.NAMES_IMAGE)]

    assert named("image") == ["sandbox"]
    assert named("runner_ref") == ["runner"]
    assert named("own") == [] and named("word") == [] and named("port") == [] and named("y") == []
