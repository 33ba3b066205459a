"""The AKS platform sample: compose + Dockerfiles + an umbrella chart (helpers, a vendored
subchart, values overlays) + Terraform split over several files give exactly the planted
findings with their chains, and one graph path per service from compose to the registry."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest


def test_findings_are_exactly_the_planted_ones_with_their_chains(run: Any, samples: Path) -> None:
    expected = json.loads((samples / "aks-platform.expected.json").read_text(encoding="utf-8"))
    result = run("check", samples / "aks-platform", "--format", "json")
    found = [
        (
            f["rule_id"],
            f["location"]["path"],
            f["location"]["line"],
            sorted([r["location"]["path"], r["location"]["line"]] for r in f["related"]),
        )
        for f in result.json()["findings"]
    ]
    assert found == [
        (f["rule_id"], f["path"], f["line"], sorted(f["related"])) for f in expected["findings"]
    ]
    assert result.err == ""


@pytest.mark.parametrize(
    ("service", "component", "chart"),
    [
        ("orders", "component:services/orders", "helm:deploy/helm/platform"),
        ("catalog", "component:services/catalog", "helm:deploy/helm/platform/charts/catalog"),
    ],
)
def test_each_service_is_one_path_from_compose_to_the_registry_terraform_creates(
    run: Any, samples: Path, service: str, component: str, chart: str
) -> None:
    graph = json.loads(run("graph", samples / "aks-platform").out)
    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    attrs = {n["id"]: n["attrs"] for n in graph["nodes"]}
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    into: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for edge in graph["edges"]:
        out[edge["source"]].append((edge["kind"], edge["target"]))
        into[edge["target"]].append((edge["kind"], edge["source"]))

    def step(node: str, edge: str, kind: str, table: dict[str, list[tuple[str, str]]]) -> list[str]:
        return sorted({t for k, t in table[node] if k == edge and kinds[t] == kind})

    compose = f"compose:docker-compose.yml/services/{service}"
    [dockerfile] = step(compose, "builds", "dockerfile", out)
    assert f"services/{service}/Dockerfile" in dockerfile
    assert step(dockerfile, "runs", "component", out) == [component]
    assert step(component, "deploys", "helm_chart", out) == [chart]
    # the default render's workload (overlay variants are ids with @values-...)
    [workload] = [w for w in step(chart, "has", "k8s_workload", out) if "@" not in w]
    assert workload.endswith(f"Deployment/release-name-{service}")
    [container] = step(workload, "has", "k8s_container", out)
    [image] = step(container, "uses_image", "image", out)
    assert attrs[image]["registry"] == "platformacr.azurecr.io"
    assert attrs[image]["name"] == f"platform/{service}"
    [registry] = step(image, "hosts_image", "tf_resource", into)
    assert registry == "tf:infra#azurerm_container_registry.platform"
    assert registry in [t for _, t in out["component:infra"]]


def test_overlays_are_variants_of_the_chart(run: Any, samples: Path) -> None:
    graph = json.loads(run("graph", samples / "aks-platform").out)
    variants = {
        n["attrs"]["variant"] for n in graph["nodes"] if n["attrs"].get("variant") is not None
    }
    assert variants == {
        "deploy/helm/platform/values-prod.yaml",
        "deploy/helm/platform/values.staging.yaml",
    }
    tags = {
        n["attrs"].get("variant"): n["attrs"]["tag"]
        for n in graph["nodes"]
        if n["kind"] == "image" and "container/orders" in n["id"]
    }
    assert tags == {
        None: "1.5.0",
        "deploy/helm/platform/values-prod.yaml": "1.5.0",
        "deploy/helm/platform/values.staging.yaml": "1.5.0-rc.2",
    }
