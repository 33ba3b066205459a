"""Terraform addresses and names: the block a reference names, indexing static values, local
module sources, and what a resource's arguments say about it (a registry's login server, the
Azure type an azapi resource creates). Pure functions of one block or reference.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from archlint.parsers.terraform.hcl import UNKNOWN, Block, Ref

MODULE_ARGS = frozenset({"source", "version"})


def block_address(block: Block) -> str | None:
    labels = block.labels
    if block.type == "resource" and len(labels) >= 2:
        return f"{labels[0]}.{labels[1]}"
    if block.type == "data" and len(labels) >= 2:
        return f"data.{labels[0]}.{labels[1]}"
    if block.type in ("module", "variable", "output") and labels:
        prefix = {"module": "module", "variable": "var", "output": "output"}[block.type]
        return f"{prefix}.{labels[0]}"
    return None


def ref_target(ref: Ref) -> tuple[str, str, str] | None:
    """(address, kind, the steps after it) of a reference, or None when it names no block."""
    parts = ref.parts
    if ref.root in ("var", "local", "module"):
        kind = ref.root
        return f"{ref.root}.{parts[0]}", kind, steps(parts[1:])
    if ref.root == "data":
        if len(parts) < 2 or parts[1].startswith("["):
            return None
        return f"data.{parts[0]}.{parts[1]}", "data", steps(parts[2:])
    if parts[0].startswith("["):
        return None
    return f"{ref.root}.{parts[0]}", "resource", steps(parts[1:])


def steps(parts: tuple[str, ...]) -> str:
    return "".join(p if p.startswith("[") else f".{p}" for p in parts).lstrip(".")


def index_value(value: Any, steps: tuple[str, ...]) -> Any:
    for step in steps:
        if value is UNKNOWN:
            return UNKNOWN
        if isinstance(value, dict) and not step.startswith("["):
            value = value.get(step, UNKNOWN)
        elif isinstance(value, list) and step.startswith("[") and step[1:-1].isdigit():
            i = int(step[1:-1])
            value = value[i] if i < len(value) else UNKNOWN
        else:
            return UNKNOWN
    return value


def local_target(folder: str, source: Any) -> str | None:
    if not isinstance(source, str) or not source.startswith(("./", "../")):
        return None
    target = posixpath.normpath(posixpath.join(folder, source))
    return None if target.startswith("..") else ("" if target == "." else target)


ARM_TYPE = re.compile(r"([A-Za-z][\w.]*/[\w/.-]+?)@")


def is_azapi(rtype: str) -> bool:
    return rtype.startswith("azapi_")


def arm_type(written: str | None) -> str | None:
    """The Azure resource type an azapi ``type`` names (``Microsoft.ContainerService/
    managedClusters``, the part before ``@``), when every branch of it names the same."""
    found = {m.group(1) for m in ARM_TYPE.finditer(written or "")}
    return found.pop() if len(found) == 1 else None


def login_server(rtype: str, values: dict[str, Any]) -> str | None:
    name = values.get("name")
    if rtype != "azurerm_container_registry" or not isinstance(name, str) or not name:
        return None
    return f"{name.lower()}.azurecr.io"
