"""The compose merge rules for located values: one file's services put in a mergeable shape
(:func:`normalize`), then a later file merged into an earlier one (:func:`merge_top`), as
``docker compose`` does for a base file plus its override or variant.

Every :class:`~archlint.parsers.common.interpolation.Node` keeps the file and line it was
written at, so
a merged value still points at the file that set it.
"""

from __future__ import annotations

from typing import Any

from archlint.parsers.common.interpolation import Node

_BY_KEY = ("environment", "labels", "extra_hosts", "annotations", "sysctls", "depends_on")
_REPLACED = frozenset({"command", "entrypoint"})


def normalize(top: Node) -> list[Node]:
    """Put one file's services in the shape merging expects (list forms of ``environment``,
    ``labels``, ``extra_hosts`` and ``depends_on`` become maps; ``build: dir`` becomes
    ``{context: dir}``). Returns the nodes that should have been mappings and were not."""
    bad: list[Node] = []
    services = top.value.get("services")
    if services is None or services.value is None:
        return bad
    if not isinstance(services.value, dict):
        del top.value["services"]
        return [services]
    for name, svc in list(services.value.items()):
        if svc.value is None:
            svc.value = {}
        if not isinstance(svc.value, dict):
            bad.append(svc)
            del services.value[name]
            continue
        for key in _BY_KEY:
            if key in svc.value and isinstance(svc.value[key].value, list):
                svc.value[key] = _as_map(svc.value[key], key)
        build = svc.value.get("build")
        if build is not None and isinstance(build.value, str):
            svc.value["build"] = Node({"context": build}, build.loc, build.path)
    return bad


def merge_top(base: Node, over: Node) -> Node:
    """``over`` (a later file) merged into ``base``; services by the service merge rules."""
    result = dict(base.value)
    for key, value in over.value.items():
        if key == "services" and value.value is None:
            continue  # ``services:`` with nothing under it adds nothing
        if key == "services" and key in result and isinstance(result[key].value, dict):
            services = dict(result[key].value)
            for name, svc in value.value.items():
                services[name] = _merge_service(services[name], svc) if name in services else svc
            result[key] = Node(services, result[key].loc, result[key].path)
        else:
            result[key] = _merge(result[key], value) if key in result else value
    return Node(result, base.loc, base.path)


# -- private helpers ------------------------------------------------------------------------------
def _merge_service(base: Node, over: Node) -> Node:
    result = dict(base.value)
    for key, value in over.value.items():
        old = result.get(key)
        if old is None or key in _REPLACED:
            result[key] = value
        elif key == "ports":
            result[key] = _unique(old, value, lambda n: repr(n.plain()))
        elif key in {"volumes", "secrets", "configs"}:
            result[key] = _unique(old, value, _mount_target)
        elif key == "healthcheck":
            merged = _merge(old, value)
            if isinstance(merged.value, dict) and "test" in (value.value or {}):
                merged.value["test"] = value.value["test"]
            result[key] = merged
        else:
            result[key] = _merge(old, value)
    return Node(result, base.loc, base.path)


def _merge(base: Node, over: Node) -> Node:
    """Mappings merge recursively, sequences append, anything else is replaced."""
    if isinstance(base.value, dict) and isinstance(over.value, dict):
        result = dict(base.value)
        for key, value in over.value.items():
            result[key] = _merge(result[key], value) if key in result else value
        return Node(result, base.loc, base.path)
    if isinstance(base.value, list) and isinstance(over.value, list):
        return Node(base.value + over.value, base.loc, base.path)
    return over


def _unique(base: Node, over: Node, key: Any) -> Node:
    """Sequences whose items are unique by ``key``: a later item replaces an equal earlier one."""
    if not (isinstance(base.value, list) and isinstance(over.value, list)):
        return over
    items: list[Node] = list(base.value)
    index = {key(item): i for i, item in enumerate(items)}
    for item in over.value:
        k = key(item)
        if k in index:
            items[index[k]] = item
        else:
            index[k] = len(items)
            items.append(item)
    return Node(items, base.loc, base.path)


def _mount_target(node: Node) -> str:
    value = node.plain()
    if isinstance(value, dict):
        return str(value.get("target") or value.get("source"))
    parts = str(value).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def _as_map(node: Node, key: str) -> Node:
    result: dict[str, Node] = {}
    for item in node.value:
        if key == "depends_on":
            result[str(item.value)] = Node({}, item.loc, item.path)
            continue
        text = str(item.value)
        sep = "=" if key != "extra_hosts" or "=" in text else ":"
        name, has_value, value = text.partition(sep)
        result[name.strip()] = Node(value if has_value else None, item.loc, item.path, item.missing)
    return Node(result, node.loc, node.path)
