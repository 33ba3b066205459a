"""Knowledge: the decisions archlint ships as data (``rules/data/``), loaded and validated once,
that config can extend: which packages make a role (roles.py, ``roles.yaml``) and which
programs start a server on which port (servers.py, ``servers.yaml``). docs/roles.md describes
both formats."""

from __future__ import annotations

from archlint.knowledge.roles import (
    MANIFEST_TYPES,
    MARKER_KEYS,
    ROLES_FILE,
    Knowledge,
    Markers,
    Role,
    RoleChange,
    load_knowledge,
    parse_knowledge,
)
from archlint.knowledge.servers import (
    SERVER_KEYS,
    SERVERS_FILE,
    load_servers,
    parse_servers,
    server_specs,
)

__all__ = [
    "MANIFEST_TYPES",
    "MARKER_KEYS",
    "ROLES_FILE",
    "SERVERS_FILE",
    "SERVER_KEYS",
    "Knowledge",
    "Markers",
    "Role",
    "RoleChange",
    "load_knowledge",
    "load_servers",
    "parse_knowledge",
    "parse_servers",
    "server_specs",
]
