"""Server programs as data: which programs start a server, of which kind, on which default port,
and how their command lines name a port. The bundled table is ``rules/data/servers.yaml``
(``archlint.servers_data`` loads it, config extends it); parsers of command lines are built with
one, and its digest is part of their version, so a changed table is a changed parse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class ServerSpec:
    """One server program (``uvicorn``, ``vite``...).

    ``subcommands``: the sub-commands that start the server (None: any command line does; ``""``
    in it: the bare program does). ``preview``: sub-commands that serve a production build
    (``vite preview``), each with its own default port or None for the program's.
    ``options_before_subcommand``: global options that come before the sub-command and take a
    value (``celery -A proj worker``); None when the first non-option word is the sub-command.
    ``env_ports``: variables the program reads its port from when no flag names one.
    """

    program: str
    kind: str
    port: int | None = None
    port_flags: tuple[str, ...] = ()
    bind_flags: tuple[str, ...] = ()
    subcommands: frozenset[str] | None = None
    preview: Mapping[str, int | None] = field(default_factory=lambda: MappingProxyType({}))
    options_before_subcommand: frozenset[str] | None = None
    env_ports: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServerTable:
    """Every server program by name, and images whose ENTRYPOINT is one of them."""

    servers: Mapping[str, ServerSpec]
    image_entrypoints: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def changed(self, specs: Mapping[str, ServerSpec]) -> ServerTable:
        """The table with ``specs`` added, or replacing the programs of the same name."""
        if not specs:
            return self
        merged = {**self.servers, **specs}
        return ServerTable(MappingProxyType(merged), self.image_entrypoints)

    @property
    def digest(self) -> str:
        """A short, stable digest of the table's content (part of parser versions)."""
        parts = [repr(_canonical(self.servers[name])) for name in sorted(self.servers)]
        parts += [f"{k}={v}" for k, v in sorted(self.image_entrypoints.items())]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _canonical(spec: ServerSpec) -> tuple[object, ...]:
    return (
        spec.program,
        spec.kind,
        spec.port,
        spec.port_flags,
        spec.bind_flags,
        None if spec.subcommands is None else sorted(spec.subcommands),
        sorted(spec.preview.items()),
        None if spec.options_before_subcommand is None else sorted(spec.options_before_subcommand),
        spec.env_ports,
    )
