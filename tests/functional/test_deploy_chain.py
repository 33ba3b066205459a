"""One graph across artifacts: for one service, `archlint graph` shows the path compose ->
Dockerfile -> component -> chart -> workload -> container -> image -> ACR <- Terraform."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

SERVICE = "compose:docker-compose.yml+docker-compose.override.yml/services/api"


def test_the_api_service_is_one_path_from_compose_to_the_registry_terraform_creates(
    run: Any, samples: Path
) -> None:
    result = run("graph", samples / "clean")
    assert result.code == 0
    graph = json.loads(result.out)
    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    attrs = {n["id"]: n["attrs"] for n in graph["nodes"]}
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    into: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for edge in graph["edges"]:
        out[edge["source"]].append((edge["kind"], edge["target"]))
        into[edge["target"]].append((edge["kind"], edge["source"]))

    def step(node: str, edge: str, kind: str, table: dict[str, list[tuple[str, str]]]) -> list[str]:
        return [t for k, t in table[node] if k == edge and kinds[t] == kind]

    [dockerfile] = step(SERVICE, "builds", "dockerfile", out)
    [component] = step(dockerfile, "runs", "component", out)
    assert component == "component:services/api"
    assert SERVICE in step(component, "runs", "compose_service", into)
    [chart] = step(component, "deploys", "helm_chart", out)
    workloads = [
        w
        for w in step(chart, "has", "k8s_workload", out)
        if w.endswith("Deployment/release-name-api")
    ]
    [workload] = workloads
    [container] = step(workload, "has", "k8s_container", out)
    [image] = step(container, "uses_image", "image", out)
    assert attrs[image]["registry"] == "shopacr.azurecr.io"
    [registry] = step(image, "hosts_image", "tf_resource", into)
    assert attrs[registry]["type"] == "azurerm_container_registry"
    assert registry.startswith("tf:infra#")
    # and the registry is in the Terraform root the repository's infra component is made of
    assert registry in [t for _, t in out["component:infra"]]
