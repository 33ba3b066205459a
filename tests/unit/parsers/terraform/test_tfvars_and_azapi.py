"""Variable values from .tfvars files, literal resource arguments and azapi resource types."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archlint.domain.facts import Fact, NodeKind, ParseResult
from archlint.parsers.base import SourceFile
from archlint.parsers.terraform.module import TerraformParser

MAIN = """\
variable "sku" {
  default = "Basic"
}

variable "db_password" {
  sensitive = true
}

resource "azurerm_container_registry" "acr" {
  name                = "shop${var.sku}"
  sku                 = var.sku
  admin_enabled       = false
  resource_group_name = "rg-shop"
  lifecycle {
    ignore_changes = ["tags"]
  }
}

data "azurerm_client_config" "current" {
  tenant_id = "8d2e4f60-1c3b-4a5e-9f7d-6b0a2c4e8f13"
}

resource "azapi_resource" "aks" {
  type      = var.preview ? "Microsoft.ContainerService/managedClusters@2024-09-02-preview" : "Microsoft.ContainerService/managedClusters@2024-09-01"
  name      = "aks"
  parent_id = azurerm_container_registry.acr.id
}

resource "azapi_resource" "mixed" {
  type = var.x ? "Microsoft.KeyVault/vaults@2023-07-01" : "Microsoft.Storage/storageAccounts@2023-01-01"
}
"""


def results(files: dict[str, str]) -> dict[str, ParseResult]:
    parser = TerraformParser()
    return {
        unit.id: parser.parse_unit(unit, {p: SourceFile(p, files[p]) for p in unit.inputs})
        for unit in parser.units(sorted(files))
    }


def run(files: dict[str, str]) -> dict[str, list[Fact]]:
    return {unit: list(result.facts) for unit, result in results(files).items()}


def by_id(facts: list[Fact]) -> dict[str, Fact]:
    return {f.id: f for f in facts}


def test_auto_loaded_tfvars_override_defaults_and_every_value_is_an_argument() -> None:
    files = {
        "infra/main.tf": MAIN,
        "infra/terraform.tfvars": 'sku = "Standard"\ndb_password = "hunter2"\n',
        "infra/zz.auto.tfvars": 'sku = "Premium"\n',
        "infra/prod.tfvars": 'sku = "Basic"\n',
    }
    facts = by_id(run(files)["infra"])
    sku = facts["tf:infra#var.sku"]
    # terraform.tfvars, then *.auto.tfvars in order: the last wins; prod.tfvars is -var-file only
    assert (sku.get("default"), sku.get("value"), sku.get("set_in")) == (
        "Basic",
        "Premium",
        "infra/zz.auto.tfvars",
    )
    assert facts["tf:infra#azurerm_container_registry.acr"].get("login_server") == (
        "shoppremium.azurecr.io"
    )
    values = sorted(
        (f.get("block"), f.get("name"), f.get("value"), f.location.path, f.location.line)
        for f in facts.values()
        if f.id.startswith("tf:infra#tfvars:")
    )
    assert values == [
        ("prod.tfvars", "sku", "Basic", "infra/prod.tfvars", 1),
        ("terraform.tfvars", "db_password", "hunter2", "infra/terraform.tfvars", 2),
        ("terraform.tfvars", "sku", "Standard", "infra/terraform.tfvars", 1),
        ("zz.auto.tfvars", "sku", "Premium", "infra/zz.auto.tfvars", 1),
    ]


def test_a_folder_of_tfvars_only_gives_values_and_no_module() -> None:
    [(unit, result)] = results(
        {"envs/prod.tfvars": 'api_token = "abc"\nresource "x" "y" {}\n'}
    ).items()
    assert unit == "envs"
    assert [(f.kind, f.get("name")) for f in result.facts] == [(NodeKind.TF_ARGUMENT, "api_token")]
    [problem] = result.diagnostics
    assert "sets variable values only" in problem.message and problem.location.line == 2
    [broken] = results({"prod.tfvars": "a = [\n"})["."].diagnostics
    assert broken.location.path == "prod.tfvars"


def test_literal_string_arguments_of_managed_resources_are_arguments() -> None:
    facts = by_id(run({"main.tf": MAIN})["."])
    args = sorted(
        (f.get("block"), f.get("name"), f.location.line)
        for f in facts.values()
        if f.kind is NodeKind.TF_ARGUMENT
    )
    # references, booleans, meta-arguments (lifecycle) and data sources give none
    assert args == [
        ("azapi_resource.aks", "name", 25),
        ("azurerm_container_registry.acr", "resource_group_name", 13),
    ]


def test_an_azapi_resource_names_its_azure_type_when_every_branch_agrees() -> None:
    facts = by_id(run({"main.tf": MAIN})["."])
    assert facts["tf:.#azapi_resource.aks"].get("arm_type") == (
        "Microsoft.ContainerService/managedClusters"
    )
    assert facts["tf:.#azapi_resource.mixed"].get("arm_type") is None
    assert facts["tf:.#azurerm_container_registry.acr"].get("arm_type") is None


TF_JSON = """\
{
  "resource": {
    "azurerm_kubernetes_cluster": {
      "aks": {
        "name": "aks-${lookup(var.names, \\"aks\\", \\"x\\")}-$${literal}",
        "default_node_pool": {"name": "system"},
        "oms_agent": [{"log_analytics_workspace_id": "${azurerm_log_analytics_workspace.logs.id}"}],
        "tags": {"team": "platform"},
        "dynamic": {"linux_profile": {"for_each": "${var.profiles}", "content": {"admin_username": "ops"}}},
        "lifecycle": {"ignore_changes": ["tags"]}
      }
    },
    "azurerm_log_analytics_workspace": {"logs": [{"name": "log"}]}
  },
  "variable": {"names": {"default": {"aks": "shop"}, "validation": {"condition": "${true}", "error_message": "x"}}, "profiles": {}},
  "provider": {"azurerm": [{"features": {}}, {"alias": "hub", "features": {}}]},
  "locals": {"env": "prod"},
  "terraform": {"backend": {"azurerm": {"key": "shop.tfstate"}}, "required_providers": {"azurerm": {"source": "hashicorp/azurerm"}}, "required_version": ">= 1.6"}
}
"""


def test_tf_json_is_read_as_the_hcl_it_stands_for_at_its_json_lines() -> None:
    result = results({"infra/main.tf.json": TF_JSON, "infra/vars.tf": 'variable "x" {}\n'})["infra"]
    assert not result.diagnostics
    facts = by_id(list(result.facts))
    aks = facts["tf:infra#azurerm_kubernetes_cluster.aks"]
    assert aks.location.path == "infra/main.tf.json" and aks.location.line == 4
    assert "oms_agent.log_analytics_workspace_id" in aks.get("attributes")
    assert {"default_node_pool", "oms_agent", "linux_profile"} <= set(aks.get("blocks"))
    assert aks.get("values")["tags"] == {"team": "platform"}
    refs = {
        f.get("text"): f.location.line for f in facts.values() if f.kind is NodeKind.TF_REFERENCE
    }
    assert refs == {
        "var.names": 5,
        "azurerm_log_analytics_workspace.logs.id": 7,
        "var.profiles": 9,
    }
    assert facts["tf:infra#var.names"].get("default") == {"aks": "shop"}
    assert facts["tf:infra#local.env"].get("value") == "prod"
    assert facts["tf:infra"].get("backend") == "azurerm"
    assert {f.id for f in facts.values() if f.kind is NodeKind.TF_PROVIDER} == {
        "tf:infra#provider.azurerm",
        "tf:infra#provider.azurerm.hub",
    }
    assert "tf:infra#azurerm_log_analytics_workspace.logs" in facts


def test_tf_json_that_is_no_object_is_a_diagnostic() -> None:
    [broken] = results({"a.tf.json": '{"resource": [\n'})["."].diagnostics
    assert broken.message.startswith("invalid JSON") and broken.location.path == "a.tf.json"
    [listed] = results({"a.tf.json": "[]\n"})["."].diagnostics
    assert "JSON object" in listed.message


def test_arguments_of_repeated_nested_blocks_are_told_apart() -> None:
    text = """\
resource "azurerm_monitor_alert_prometheus_rule_group" "node" {
  name = "node-rules"
  rule {
    record     = "instance:node_cpu:ratio"
    expression = "sum(rate(node_cpu_seconds_total[5m]))"
  }
  rule {
    record     = "instance:node_memory:ratio"
    expression = "sum(node_memory_MemTotal_bytes)"
  }
}
"""
    result = results({"main.tf": text})["."]
    assert not result.diagnostics
    owner = "tf:.#azurerm_monitor_alert_prometheus_rule_group.node/arg/"
    ids = sorted(f.id[len(owner) :] for f in result.facts if f.id.startswith(owner))
    assert ids == ["name", "rule.expression", "rule.expression#2", "rule.record", "rule.record#2"]


def test_tfvars_json_values_are_read_like_tfvars() -> None:
    files = {
        "infra/main.tf": MAIN,
        "infra/terraform.tfvars.json": '{\n  "sku": "Premium",\n  "db_password": "hunter2"\n}\n',
        "infra/main.tfvars.json": '{"sku": "Basic"}\n',
        "infra/bad.auto.tfvars.json": "[1]\n",
    }
    result = results(files)["infra"]
    facts = by_id(list(result.facts))
    assert facts["tf:infra#var.sku"].get("value") == "Premium"
    assert facts["tf:infra#var.sku"].get("set_in") == "infra/terraform.tfvars.json"
    secret = facts["tf:infra#tfvars:terraform.tfvars.json/db_password"]
    assert (secret.get("value"), secret.location.line) == ("hunter2", 3)
    assert facts["tf:infra#tfvars:main.tfvars.json/sku"].get("value") == "Basic"
    [problem] = result.diagnostics
    assert problem.location.path == "infra/bad.auto.tfvars.json"
    [broken] = results({"x.tfvars.json": "{\n"})["."].diagnostics
    assert broken.message.startswith("invalid JSON")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "resource",
                "data",
                "variable",
                "output",
                "locals",
                "module",
                "provider",
                "terraform",
                "x",
            ]
        ),
        _JSON,
        max_size=4,
    ),
    values=st.dictionaries(st.text(max_size=8), _JSON, max_size=3),
)
def test_any_json_gives_facts_or_diagnostics_never_an_exception(
    data: dict[str, object], values: dict[str, object]
) -> None:
    files = {"m/main.tf.json": json.dumps(data), "m/terraform.tfvars.json": json.dumps(values)}
    result = results(files)["m"]
    places = [f.location for f in result.facts] + [d.location for d in result.diagnostics]
    assert all(p.path.startswith("m/") and p.line >= 1 for p in places)
