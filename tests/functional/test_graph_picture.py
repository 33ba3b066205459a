"""``archlint graph --format mermaid|dot|graphml [--component NAME] [--findings]``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest


def node_labels(text: str) -> dict[str, str]:
    """mermaid node id -> label text (the <br/>-joined lines)."""
    found = re.findall(r'^  (n\d+)[(\[/]+"(.*?)"[)\]/]+$', text, flags=re.M)
    return {node: label for node, label in found}


def test_mermaid_shows_components_roles_artifacts_and_links(run: Any, samples: Path) -> None:
    result = run("graph", samples / "shop", "--format", "mermaid")
    assert result.code == 0
    text = result.out
    assert text.startswith("flowchart LR\n")
    labels = node_labels(text)
    by_label = {label.split("<br/>")[0]: node for node, label in labels.items()}
    assert labels[by_label["shop-api"]] == "shop-api<br/>python-backend"
    assert labels[by_label["shop-web"]] == "shop-web<br/>frontend"
    api, dockerfile = by_label["service api"], by_label["services/api/Dockerfile"]
    assert f"  {api} -->|builds| {dockerfile}\n" in text
    assert f"  {api} -->|runs| {by_label['shop-api']}\n" in text
    assert f"  {api} -->|depends on| {by_label['service db']}\n" in text
    assert "finding" not in text  # findings only with --findings
    # every edge joins declared nodes
    for source, target in re.findall(r"^  (n\d+) -->\|[^|]*\| (n\d+)$", text, flags=re.M):
        assert source in labels and target in labels


def test_findings_are_placed_on_their_component(run: Any, samples: Path) -> None:
    text = run("graph", samples / "shop", "--format", "mermaid", "--findings").out
    labels = {label.split("<br/>")[0]: label for label in node_labels(text).values()}
    assert labels["shop-admin"].endswith("<br/>2 findings: PRT002 x2")
    assert labels["shop-web"].endswith("<br/>1 finding: PRT001")
    assert labels["compose shop"].endswith("1 finding: PRT005")
    assert re.search(r"^  class [n0-9,]+ findings$", text, flags=re.M)


def test_component_narrows_the_picture(run: Any, samples: Path) -> None:
    text = run("graph", samples / "shop", "--format", "mermaid", "--component", "shop-api").out
    names = {label.split("<br/>")[0] for label in node_labels(text).values()}
    assert names == {
        "shop-api",
        "service api",
        "services/api/Dockerfile",
        "services/api/pyproject.toml",
        "process web",
        "process release",
        "service db",  # api depends on them: shown, not followed
        "service redis",
        "compose shop",  # a hub: shown, not followed
    }


def test_unknown_component_is_a_usage_error(run: Any, samples: Path) -> None:
    result = run("graph", samples / "shop", "--format", "dot", "--component", "shop-apii")
    assert result.code == 2
    assert "no component named 'shop-apii'; did you mean 'shop-api'?" in result.err


def test_json_has_no_picture_options(run: Any, samples: Path) -> None:
    result = run("graph", samples / "shop", "--findings")
    assert result.code == 2
    assert "--format mermaid" in result.err


def test_graphml_reads_back_with_networkx(run: Any, samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "shop.graphml"
    assert run("graph", samples / "shop", "--format", "graphml", "--findings", "-o", out).code == 0
    graph = nx.read_graphml(out)
    labels = {data["label"]: node for node, data in graph.nodes(data=True)}
    admin = graph.nodes[labels["shop-admin"]]
    assert (admin["kind"], admin["findings"], admin["rules"]) == ("component", 2, "PRT002")
    assert graph.edges[labels["service api"], labels["services/api/Dockerfile"]]["edge"] == "builds"


def test_dot_is_a_digraph(run: Any, samples: Path, tmp_path: Path) -> None:
    text = run("graph", samples / "shop", "--format", "dot", "--findings").out
    assert text.startswith("digraph archlint {\n") and text.endswith("}\n")
    assert re.search(r'label="shop-admin\\npython-backend\\n2 findings: PRT002 x2"', text)
    binary = shutil.which("dot")
    if binary is None:
        pytest.skip("Graphviz `dot` is not installed: the syntax was checked by pattern only")
    done = subprocess.run(
        [binary, "-Tsvg"], input=text, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "2 findings: PRT002 x2" in done.stdout


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "graphml"])
def test_pictures_are_deterministic(run: Any, samples: Path, fmt: str) -> None:
    first = run("graph", samples / "shop", "--format", fmt, "--findings").out
    assert first == run("graph", samples / "shop", "--format", fmt, "--findings").out
