"""Registry modules recognised as the resources they create.

A module block whose source is one of these creates that resource type; the Terraform parser
adds it as a ``tf_resource`` at the module block, with the module's inputs as its values, so a
rule about AKS clusters sees a cluster made by the Azure Verified Module the same as an
``azurerm_kubernetes_cluster`` block. A source is compared without its host, ``//sub-folder``
and ``?ref=``; a GitHub source ``github.com/Azure/terraform-azurerm-<name>`` counts as the
registry module ``Azure/<name>/azurerm``.
"""

from __future__ import annotations

import re

CREATES: dict[str, str] = {
    "azure/aks/azurerm": "azurerm_kubernetes_cluster",
    "azure/avm-ptn-aks-production/azurerm": "azurerm_kubernetes_cluster",
    "azure/avm-res-containerservice-managedcluster/azurerm": "azurerm_kubernetes_cluster",
    "azure/avm-res-containerregistry-registry/azurerm": "azurerm_container_registry",
    "azure/avm-res-keyvault-vault/azurerm": "azurerm_key_vault",
    "azure/avm-res-operationalinsights-workspace/azurerm": "azurerm_log_analytics_workspace",
}

_GITHUB = re.compile(r"github\.com[/:]([\w.-]+)/terraform-([a-z0-9]+)-([\w.-]+?)(?:\.git)?$")


def created_by(source: str) -> str | None:
    """The resource type the registry module at ``source`` creates, if it is recognised."""
    return CREATES.get(normalized(source))


def normalized(source: str) -> str:
    text = source.strip().lower().split("?", 1)[0]
    text = re.sub(r"^(git::)?(https?://|ssh://|git@)?", "", text)
    head, sep, _sub = text.partition("//")
    text = head if sep and not head.endswith(":") else text
    text = text.removeprefix("registry.terraform.io/").removeprefix("registry.opentofu.org/")
    found = _GITHUB.search(text)
    if found:
        return f"{found.group(1)}/{found.group(3)}/{found.group(2)}"
    return text.rstrip("/")
