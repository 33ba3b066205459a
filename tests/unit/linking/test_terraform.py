from __future__ import annotations

from pathlib import Path

from archlint.app import build_graph
from archlint.config import Config
from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.graph import FactGraph

ROOT = """\
resource "azurerm_container_registry" "acr" {
  name = var.registry
}

variable "registry" {
  default = "ContosoAcr"
}

locals {
  registry_id = azurerm_container_registry.acr.id
}

module "aks" {
  source = "../../modules/aks"
  acr_id = local.registry_id
}

module "aks_dr" {
  source = "../../modules/aks"
  acr_id = data.azurerm_container_registry.shared.id
}

data "azurerm_container_registry" "shared" {
  name = "shared"
}

module "law" {
  source = "Azure/avm-res-operationalinsights-workspace/azurerm"
  name   = "law"
}

module "vnet" {
  source = "Azure/vnet/azurerm"
}

output "cluster" {
  value = module.aks.cluster_id
}

output "workspace" {
  value = module.law.resource_id
}

output "nothing" {
  value = module.vnet.vnet_id
}
"""

AKS = """\
variable "acr_id" {}

resource "azurerm_kubernetes_cluster" "this" {
  name = "aks"
}

resource "azurerm_role_assignment" "pull" {
  scope                = var.acr_id
  principal_id         = azurerm_kubernetes_cluster.this.kubelet_identity[0].object_id
  role_definition_name = "AcrPull"
}

output "cluster_id" {
  value = azurerm_kubernetes_cluster.this.id
}

module "loop" {
  source = "./"
}
"""


def graph_of(tmp_path: Path, files: dict[str, str]) -> FactGraph:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return build_graph(tmp_path, Config()).graph


def resolved(graph: FactGraph) -> dict[str, list[str]]:
    return {
        r.id.partition("#")[2]: [t.id for t in graph.neighbours(r.id, EdgeKind.RESOLVES_TO)]
        for r in graph.facts(NodeKind.TF_REFERENCE)
    }


FILES = {
    "envs/prod/main.tf": ROOT,
    "modules/aks/main.tf": AKS,
    "docker-compose.yml": "services:\n  api:\n    image: contosoacr.azurecr.io/shop/api:1.4\n  db:\n    image: postgres:16\n",
}


def test_references_resolve_through_locals_variables_outputs_and_registry_modules(
    tmp_path: Path,
) -> None:
    graph = graph_of(tmp_path, FILES)
    found = resolved(graph)
    acr = "tf:envs/prod#azurerm_container_registry.acr"
    shared = "tf:envs/prod#data.azurerm_container_registry.shared"
    assert found["azurerm_role_assignment.pull/ref/scope/var.acr_id"] == [acr, shared]
    assert found["output.cluster/ref/value/module.aks.cluster_id"] == [
        "tf:modules/aks#azurerm_kubernetes_cluster.this"
    ]
    assert found["output.workspace/ref/value/module.law.resource_id"] == [
        "tf:envs/prod#module.law/azurerm_log_analytics_workspace"
    ]
    assert found["output.nothing/ref/value/module.vnet.vnet_id"] == []
    assert found["azurerm_container_registry.acr/ref/name/var.registry"] == []
    calls = graph.neighbours("tf:envs/prod#module.aks", EdgeKind.CALLS_MODULE)
    assert [m.id for m in calls] == ["tf:modules/aks"]


def test_a_root_module_is_an_infra_component_that_owns_the_modules_it_calls(
    tmp_path: Path,
) -> None:
    graph = graph_of(tmp_path, FILES)
    components = {c.id: c for c in graph.facts(NodeKind.COMPONENT)}
    infra = components["component:envs/prod"]
    assert (infra.get("role"), infra.get("origin"), infra.get("name")) == (
        "infra",
        "terraform",
        "prod",
    )
    assert (infra.location.path, infra.location.line) == ("envs/prod/main.tf", 1)
    assert "component:modules/aks" not in components
    owned = {f.id for f in graph.neighbours(infra.id, EdgeKind.OWNS)}
    assert "tf:modules/aks#azurerm_kubernetes_cluster.this" in owned
    assert "tf:modules/aks" in owned


def test_a_registry_hosts_the_images_pulled_from_its_login_server(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, FILES)
    hosted = graph.neighbours("tf:envs/prod#azurerm_container_registry.acr", EdgeKind.HOSTS_IMAGE)
    assert [(i.get("name"), i.get("registry")) for i in hosted] == [
        ("shop/api", "contosoacr.azurecr.io")
    ]


def test_without_terraform_nothing_is_linked(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, {"docker-compose.yml": FILES["docker-compose.yml"]})
    assert graph.facts(NodeKind.TF_MODULE) == []
    assert all(c.get("role") != "infra" for c in graph.facts(NodeKind.COMPONENT))
