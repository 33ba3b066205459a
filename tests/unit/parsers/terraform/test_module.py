from __future__ import annotations

from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult
from archlint.knowledge import load_servers
from archlint.parsers.base import SourceFile
from archlint.parsers.registry import builtin_parsers, parsers_for
from archlint.parsers.terraform.module import TerraformParser

AKS = """\
resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks-${var.env}"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  dns_prefix          = local.prefix

  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = var.node_count
  }

  oms_agent {
    log_analytics_workspace_id = azurerm_log_analytics_workspace.law.id
  }
}
"""

REGISTRY = """\
variable "env" {
  type    = string
  default = "prod"
}

variable "node_count" {
  default = 3
}

locals {
  prefix = "contoso-${var.env}"
  tags   = { env = var.env, owner = "platform" }
}

resource "azurerm_resource_group" "rg" {
  name     = "rg-${local.prefix}"
  location = "westeurope"
}

resource "azurerm_log_analytics_workspace" "law" {
  name                = "law-${local.prefix}"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
}

resource "azurerm_container_registry" "acr" {
  name                = "contoso${var.env}acr"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  sku                 = "Premium"
  tags                = local.tags

  dynamic "georeplications" {
    for_each = ["northeurope"]
    content {
      location = georeplications.value
    }
  }
}

resource "azurerm_role_assignment" "acr_pull" {
  principal_id                     = azurerm_kubernetes_cluster.aks.kubelet_identity[0].object_id
  role_definition_name             = "AcrPull"
  scope                            = azurerm_container_registry.acr.id
  skip_service_principal_aad_check = true
}
"""


def parse(files: dict[str, str]) -> list[ParseResult]:
    parser = TerraformParser()
    units = parser.units(sorted(files))
    return [parser.parse_unit(u, {p: SourceFile(p, files[p]) for p in u.inputs}) for u in units]


def facts(files: dict[str, str]) -> dict[str, Fact]:
    return {f.id: f for r in parse(files) for f in r.facts}


def test_a_folder_of_tf_files_is_one_unit() -> None:
    units = TerraformParser().units(
        ["README.md", "infra/main.tf", "infra/aks.tf", "infra/modules/aks/main.tf", "main.tf"]
    )
    assert [(u.id, u.anchor, u.inputs) for u in units] == [
        (".", "main.tf", ("main.tf",)),
        ("infra", "infra/aks.tf", ("infra/aks.tf", "infra/main.tf")),
        ("infra/modules/aks", "infra/modules/aks/main.tf", ("infra/modules/aks/main.tf",)),
    ]
    assert [p.name for p in parsers_for("infra/main.tf", builtin_parsers(load_servers()))] == [
        "terraform"
    ]
    assert [
        p.name for p in parsers_for("infra/terraform.tfvars", builtin_parsers(load_servers()))
    ] == ["terraform"]


def test_blocks_across_files_at_their_lines() -> None:
    found = facts({"infra/aks.tf": AKS, "infra/main.tf": REGISTRY})
    module = found["tf:infra"]
    assert module.kind is NodeKind.TF_MODULE
    assert module.attrs["files"] == ["infra/aks.tf", "infra/main.tf"]
    aks = found["tf:infra#azurerm_kubernetes_cluster.aks"]
    assert (aks.location.path, aks.location.line) == ("infra/aks.tf", 1)
    assert aks.attrs["values"]["name"] == "aks-prod"
    assert aks.attrs["values"]["dns_prefix"] == "contoso-prod"
    assert aks.attrs["values"]["default_node_pool"] == {
        "name": "system",
        "vm_size": "Standard_D4s_v5",
        "node_count": 3,
    }
    assert "oms_agent.log_analytics_workspace_id" in aks.attrs["attributes"]
    assert aks.attrs["blocks"] == ["default_node_pool", "oms_agent"]
    acr = found["tf:infra#azurerm_container_registry.acr"]
    assert acr.attrs["login_server"] == "contosoprodacr.azurecr.io"
    assert acr.attrs["values"]["tags"] == {"env": "prod", "owner": "platform"}
    assert acr.attrs["dynamic"] == ["georeplications"]
    assert found["tf:infra#var.node_count"].attrs["default"] == 3
    assert found["tf:infra#local.prefix"].attrs["value"] == "contoso-prod"


def refs(found: dict[str, Fact]) -> dict[tuple[str, str], Fact]:
    return {
        (f.attrs["owner"].partition("#")[2], f.attrs["attribute"]): f
        for f in found.values()
        if f.kind is NodeKind.TF_REFERENCE
    }


def test_references_are_facts_at_the_attribute_line() -> None:
    found = facts({"infra/aks.tf": AKS, "infra/main.tf": REGISTRY})
    by = refs(found)
    principal = by[("azurerm_role_assignment.acr_pull", "principal_id")]
    assert (principal.location.path, principal.location.line, principal.location.column) == (
        "infra/main.tf",
        42,
        38,
    )
    assert principal.attrs["target"] == "azurerm_kubernetes_cluster.aks"
    assert principal.attrs["target_type"] == "azurerm_kubernetes_cluster"
    assert principal.attrs["steps"] == "kubelet_identity[0].object_id"
    oms = by[("azurerm_kubernetes_cluster.aks", "oms_agent.log_analytics_workspace_id")]
    assert oms.attrs["target"] == "azurerm_log_analytics_workspace.law"
    node_count = by[("azurerm_kubernetes_cluster.aks", "default_node_pool.node_count")]
    assert (node_count.attrs["target_kind"], node_count.attrs["value"]) == ("var", 3)
    tags = by[("local.tags", "tags.env")]
    assert tags.attrs["value"] == "prod"
    # a dynamic block's iterator names no block
    assert not any("georeplications" in key[1] for key in by)


def test_reference_edges() -> None:
    (result,) = parse({"main.tf": REGISTRY + AKS})
    edges = {
        (r.source.partition("#")[2], r.target.partition("#")[2], r.kind) for r in result.relations
    }
    scope = "azurerm_role_assignment.acr_pull/ref/scope/azurerm_container_registry.acr.id"
    assert ("azurerm_role_assignment.acr_pull", scope, EdgeKind.HAS) in edges
    assert (scope, "azurerm_container_registry.acr", EdgeKind.REFERS_TO) in edges
    assert ("", "azurerm_role_assignment.acr_pull", EdgeKind.HAS) in edges


MODULES = """\
terraform {
  required_version = ">= 1.5"
  backend "azurerm" {
    resource_group_name = "tfstate"
    access_key          = "not-a-real-key"
  }
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 3.100"
    }
    random = "~> 3.0"
  }
}

provider "azurerm" {
  features {}
  tenant_id     = "72f988bf-86f1-41af-91ab-2d7cd011db47"
  client_secret = var.client_secret
}

provider "azurerm" {
  alias           = "hub"
  subscription_id = "00000000-0000-0000-0000-000000000000"
  features {}
}

variable "client_secret" {
  type      = string
  sensitive = true
}

module "aks" {
  source  = "Azure/avm-res-containerservice-managedcluster/azurerm"
  version = "0.1.3"

  name      = "aks-prod"
  oms_agent = {
    log_analytics_workspace_id = module.law.resource_id
  }
}

module "law" {
  source = "registry.terraform.io/Azure/avm-res-operationalinsights-workspace/azurerm"
  name   = "law-prod"
}

module "network" {
  source   = "../modules/network"
  for_each = toset(["a", "b"])
  cidr     = "10.0.0.0/16"
}

output "kube_config" {
  value     = module.aks.kube_config
  sensitive = true
}
"""


def test_modules_providers_and_outputs() -> None:
    found = facts({"envs/prod/main.tf": MODULES})
    module = found["tf:envs/prod"]
    assert module.attrs["calls"] == ["envs/modules/network"]
    assert module.attrs["backend"] == "azurerm"
    assert module.attrs["providers"] == ["azurerm"]
    assert module.attrs["required_providers"] == {
        "azurerm": "hashicorp/azurerm",
        "random": "~> 3.0",
    }
    aks = found["tf:envs/prod#module.aks"]
    assert aks.attrs["creates"] == "azurerm_kubernetes_cluster"
    assert aks.attrs["version"] == "0.1.3"
    assert aks.attrs["input_names"] == ["name", "oms_agent", "oms_agent.log_analytics_workspace_id"]
    made = found["tf:envs/prod#module.aks/azurerm_kubernetes_cluster"]
    assert made.kind is NodeKind.TF_RESOURCE
    assert (made.location.line, made.attrs["address"]) == (33, "module.aks")
    assert made.attrs["via_module"] == "Azure/avm-res-containerservice-managedcluster/azurerm"
    assert found["tf:envs/prod#module.law/azurerm_log_analytics_workspace"]
    network = found["tf:envs/prod#module.network"]
    assert (network.attrs["local"], network.attrs["target"]) == (True, "envs/modules/network")
    assert network.attrs["for_each"] == 'toset(["a", "b"])'
    assert network.attrs["inputs"] == {"cidr": "10.0.0.0/16"}
    assert found["tf:envs/prod#provider.azurerm.hub"].attrs["alias"] == "hub"
    secret = found["tf:envs/prod#provider.azurerm/client_secret"]
    assert (secret.kind, secret.location.line, secret.attrs["value"]) == (
        NodeKind.TF_ARGUMENT,
        19,
        None,
    )
    tenant = found["tf:envs/prod#provider.azurerm/tenant_id"]
    assert tenant.attrs["value"] == "72f988bf-86f1-41af-91ab-2d7cd011db47"
    backend = found["tf:envs/prod#backend/access_key"]
    assert (backend.attrs["block"], backend.attrs["value"]) == ("backend.azurerm", "not-a-real-key")
    assert found["tf:envs/prod#var.client_secret"].attrs["sensitive"] is True
    assert found["tf:envs/prod#output.kube_config"].attrs["expression"] == "module.aks.kube_config"
    by = refs(found)
    oms = by[("module.aks", "oms_agent.log_analytics_workspace_id")]
    assert (oms.attrs["target"], oms.attrs["steps"]) == ("module.law", "resource_id")
    (result,) = parse({"envs/prod/main.tf": MODULES})
    holders = {r.source for r in result.relations if r.target == oms.id}
    assert holders == {
        "tf:envs/prod#module.aks",
        "tf:envs/prod#module.aks/azurerm_kubernetes_cluster",
    }


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('resource "a" "b" {\n  x = \n}\n', 2, "invalid HCL: unexpected '}'"),
        ('resource "a" "b" {\n  x = "1"\n', 3, "invalid HCL"),
        ("locals {\n  a = 1 +* 2\n}\n", 2, "invalid HCL"),
    ],
)
def test_syntax_errors_are_diagnostics(text: str, line: int, message: str) -> None:
    (result,) = parse({"main.tf": text, "other.tf": 'variable "x" {}\n'})
    (diagnostic,) = result.diagnostics
    assert diagnostic.location.path == "main.tf"
    assert diagnostic.location.line == line
    assert diagnostic.message.startswith(message)
    # the rest of the module is still read
    assert {f.id for f in result.facts} >= {"tf:.", "tf:.#var.x"}


def test_a_block_declared_twice_is_a_diagnostic() -> None:
    (result,) = parse(
        {
            "a.tf": 'variable "x" {\n  default = 1\n}\n',
            "b.tf": '\nvariable "x" {\n  default = 2\n}\n',
        }
    )
    (diagnostic,) = result.diagnostics
    assert (diagnostic.location.path, diagnostic.location.line) == ("b.tf", 2)
    assert "var.x is declared twice (first in a.tf:1)" in diagnostic.message
    (var,) = [f for f in result.facts if f.kind is NodeKind.TF_VARIABLE]
    assert var.attrs["default"] == 1


HEREDOC = """\
locals {
  name = "app"
  loop = local.loop
}

resource "azurerm_linux_web_app" "web" {
  name = local.name
  site_config {
    app_command_line = <<-EOT
      echo ${azurerm_container_registry.acr.login_server}
      run ${local.name}
    EOT
  }
  app_settings = {
    for k, v in var.settings : k => v if v != ""
  }
  count = var.enabled ? 1 : 0
  startup = <<EOF
plain
EOF
}

resource "azurerm_container_registry" "acr" {
  name = upper("x")
}

variable "settings" {
  default = {}
}

variable "enabled" {
  default = true
}
"""


def test_heredocs_for_expressions_and_cycles() -> None:
    found = facts({"main.tf": HEREDOC})
    web = found["tf:.#azurerm_linux_web_app.web"]
    assert web.attrs["values"]["startup"] == "plain\n"
    assert "app_command_line" not in web.attrs["values"]["site_config"]
    assert web.attrs["count"] == "var.enabled ? 1 : 0"
    by = refs(found)
    login = found[
        "tf:.#azurerm_linux_web_app.web/ref/site_config.app_command_line/"
        "azurerm_container_registry.acr.login_server"
    ]
    assert (login.location.line, login.location.column) == (10, 14)
    assert login.attrs["target"] == "azurerm_container_registry.acr"
    name = by[("azurerm_linux_web_app.web", "site_config.app_command_line")]
    assert (name.attrs["text"], name.location.line, name.location.column) == ("local.name", 11, 13)
    assert found["tf:.#local.loop"].attrs["value"] is None
    assert found["tf:.#azurerm_container_registry.acr"].attrs["login_server"] is None
    names = {f.attrs["text"] for f in found.values() if f.kind is NodeKind.TF_REFERENCE}
    assert "k" not in names and "v" not in names
    assert {"var.settings", "var.enabled", "local.name"} <= names


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ('"a\\"b\\n"', 'a"b\n'),
        ('"$${literal}"', "${literal}"),
        ("[1, 2.5, true, null]", [1, 2.5, True, None]),
        ('{ "k" = 1, other: 2 }', {"k": 1, "other": 2}),
        ("-1", None),
        ('"%{ if true }x%{ endif }"', None),
        ("<<-EOT\n    a\n      b\n    EOT", "a\n  b\n"),
        ("var.list[1]", "y"),
        ("var.list[5]", None),
        ('var.map["k"]', None),
        ("var.map.k", "v"),
        ('"${var.map}"', None),
        ("(1)", 1),
    ],
)
def test_static_values(expr: str, value: Any) -> None:
    text = (
        'variable "list" {\n  default = ["x", "y"]\n}\n'
        'variable "map" {\n  default = { k = "v" }\n}\n'
        f"locals {{\n  it = {expr}\n}}\n"
    )
    found = facts({"main.tf": text})
    assert found["tf:.#local.it"].attrs["value"] == value
