"""The other sub-commands: rules, explain, schema, graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from archlint import __version__

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"


def test_rules_lists_every_bundled_rule(run: Any, samples: Path) -> None:
    result = run("rules", samples / "clean")
    assert result.code == 0
    listed = [line.split()[0] for line in result.out.splitlines()[1:] if line.strip()]
    on_disk = sorted(yaml.safe_load(p.read_text())["id"] for p in RULES_DIR.glob("*.yaml"))
    assert listed == on_disk
    assert "port-consistency" in result.out


def test_explain_prints_the_docs(run: Any) -> None:
    result = run("explain", "PRT004")
    assert result.code == 0
    assert result.out.startswith("## PRT004 port-consistency\n")
    meta = yaml.safe_load((RULES_DIR / "PRT004.yaml").read_text())
    assert meta["docs"]["summary"] in result.out
    assert "### How to fix" in result.out
    assert "`scopes`" in result.out  # parameters are documented


def test_explain_is_case_insensitive(run: Any) -> None:
    assert run("explain", "prt001").out == run("explain", "PRT001").out


def test_explain_unknown_rule_exits_2(run: Any) -> None:
    result = run("explain", "NOPE")
    assert result.code == 2
    assert "unknown rule id 'NOPE'" in result.err
    assert result.out == ""


def test_schema_is_a_json_schema(run: Any) -> None:
    result = run("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    jsonschema.validators.validator_for(schema).check_schema(schema)
    for path in sorted(RULES_DIR.glob("*.yaml")):  # the bundled rules follow it
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)


def test_version(run: Any) -> None:
    result = run("--version")
    assert result.code == 0
    assert __version__ in result.out


def test_graph_of_shop(run: Any, samples: Path) -> None:
    result = run("graph", samples / "shop")
    assert result.code == 0
    graph = json.loads(result.out)
    assert set(graph) >= {"nodes", "edges"}
    nodes = {n["id"]: n for n in graph["nodes"]}
    roles = {
        n["attrs"]["path"] or n["id"]: n["attrs"]["role"]
        for n in graph["nodes"]
        if n["kind"] == "component"
    }
    assert roles["services/api"] == "python-backend"
    assert roles["services/admin"] == "python-backend"
    assert roles["services/worker"] == "worker"
    assert roles["web"] == "frontend"
    assert roles["docs"] == "docs"
    edges = {(e["source"], e["kind"], e["target"]) for e in graph["edges"]}
    kinds = {kind for _, kind, _ in edges}
    assert {"runs", "builds", "owns"} <= kinds
    for source, _, target in edges:
        assert source in nodes and target in nodes
    service = next(
        n["id"]
        for n in graph["nodes"]
        if n["kind"] == "compose_service" and n["attrs"]["name"] == "api"
    )
    assert (service, "runs", "component:services/api") in edges
    dockerfile = next(
        n["id"]
        for n in graph["nodes"]
        if n["kind"] == "dockerfile" and n["location"]["path"] == "services/api/Dockerfile"
    )
    assert (service, "builds", dockerfile) in edges
    owned = {t for s, k, t in edges if s == "component:services/api" and k == "owns"}
    assert any(nodes[t]["kind"] == "port" for t in owned)


def test_graph_is_deterministic_and_writes_a_file(run: Any, samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    assert run("graph", samples / "shop", "--output", out).code == 0
    assert out.read_text() == run("graph", samples / "shop").out
