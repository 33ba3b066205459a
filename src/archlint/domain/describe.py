"""Short human descriptions of facts, for messages and related locations."""

from __future__ import annotations

from archlint.domain.facts import Fact, NodeKind


def describe(fact: Fact) -> str:
    """``port 8080 (compose-target)``, ``dependency flask``, ``component api``..."""
    a = fact.attrs
    if fact.kind is NodeKind.PORT:
        owner = f" of {a['service']}" if a.get("service") else ""
        return f"port {a.get('number')} ({a.get('source', 'unknown source')}{owner})"
    if fact.kind is NodeKind.DEPENDENCY:
        spec = a.get("spec") or ""
        return f"dependency {a.get('name')}{(' ' + spec) if spec else ''}"
    if fact.kind is NodeKind.COMMAND:
        return f"command `{a.get('text', '')}`"
    if fact.kind is NodeKind.IMAGE:
        return f"image {a.get('ref')}"
    if fact.kind is NodeKind.ENV_VAR:
        return f"env {a.get('name')}"
    if fact.kind is NodeKind.ROUTE:
        return f"route {a.get('method')} {a.get('route_path')}"
    if fact.kind is NodeKind.TOKEN_ISSUE:
        kind = f"{a['token_type']} " if a.get("token_type") else ""
        article = "an " if kind.startswith(("a", "e", "i", "o", "u")) else "a "
        return f"signs {article}{kind}token ({a.get('library')})"
    name = a.get("name")
    return f"{fact.kind.value} {name}" if name else fact.kind.value


def describe_at(fact: Fact) -> str:
    """``port 8080 (compose-target) at docker-compose.yml:7``."""
    return f"{describe(fact)} at {fact.location.path}:{fact.location.line}"
