"""Port facts found in TS/JS code: one shape for configs and ``listen`` calls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archlint.domain.facts import NodeKind
from archlint.parsers.javascript.facts import FactSink
from archlint.parsers.javascript.syntax import UNKNOWN

if TYPE_CHECKING:
    from tree_sitter import Node


def port_number(value: Any) -> int | None:
    """A static value as a TCP port (1-65535), else None (0 asks the OS for any port)."""
    if value is UNKNOWN or isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        value = int(value.strip())
    if isinstance(value, int) and 0 < value < 65536:
        return value
    return None


def add_port(
    sink: FactSink,
    key: str,
    node: Node,
    number: int,
    *,
    source: str,
    server: str,
    server_kind: str,
    parent: str | None = None,
) -> str:
    attrs = {
        "number": number,
        "protocol": "tcp",
        "scope": "listen",
        "source": source,
        "artifact": sink.path,
        "server": server,
        "server_kind": server_kind,
        "implicit": False,
    }
    return sink.add(NodeKind.PORT, f"port/{key}", node, attrs, parent=parent, language=False)
