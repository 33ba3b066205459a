"""The server-program table (``rules/data/servers.yaml``) -> a validated :class:`ServerTable`.

A server spec is a mapping of the keys in :data:`SERVER_KEYS`; the same mapping in
``[tool.archlint.servers.PROGRAM]`` adds a program or replaces the bundled one.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from archlint.domain.servers import ServerSpec, ServerTable
from archlint.errors import Problem, ProblemCollector, RuleError
from archlint.knowledge.bundled import data_text

if TYPE_CHECKING:  # imported when a file is parsed: `archlint rules` needs no YAML
    from archlint.formats import yamlpos

SERVERS_FILE = "bundled:data/servers.yaml"
SERVER_KEYS = (
    "kind",
    "port",
    "port-flags",
    "bind-flags",
    "subcommands",
    "preview",
    "options-before-subcommand",
    "env-ports",
)
_TOP_KEYS = ("version", "servers", "image-entrypoints")


@lru_cache(maxsize=1)
def load_servers() -> ServerTable:
    """The bundled table: the wheel's ``archlint/rules/data/servers.yaml``, or the source tree's."""
    return parse_servers(SERVERS_FILE, data_text("servers.yaml"))


def parse_servers(name: str, text: str) -> ServerTable:
    """Validate a servers file; raise :class:`RuleError` listing every problem with its line."""
    from archlint.formats import yamlpos

    try:
        doc = yamlpos.load(text)
    except yamlpos.YamlError as exc:
        raise RuleError(Problem(path=name, message=str(exc), line=exc.line)) from None
    problems = ProblemCollector()

    def add(path: yamlpos.Path, message: str) -> None:
        key = ".".join(str(p) for p in path) or None
        problems.add(name, message, line=doc.line(*path), key=key)

    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        add((), f"expected a mapping with {', '.join(_TOP_KEYS)}")
    _unknown(data, (), _TOP_KEYS, add)
    if isinstance(doc.data, dict) and data.get("version") != 1:
        add(("version",), f"expected version: 1, got {data.get('version')!r}")
    raw = data.get("servers", {})
    specs = server_specs(raw if isinstance(raw, dict) else {}, ("servers",), add)
    images = data.get("image-entrypoints", {})
    entrypoints: dict[str, str] = {}
    if not isinstance(images, dict) or not all(isinstance(v, str) for v in images.values()):
        add(("image-entrypoints",), "expected a mapping of image names to server programs")
    else:
        entrypoints = {str(k): v for k, v in images.items()}
    problems.raise_if_any(RuleError)
    return ServerTable(MappingProxyType(specs), MappingProxyType(entrypoints))


Add = Any  # (path, message) -> None: where a problem is reported (a data file or config)


def server_specs(
    raw: Mapping[str, Any], at: tuple[str | int, ...], add: Add
) -> dict[str, ServerSpec]:
    """Server specs by program from plain data, every problem given to ``add``."""
    specs: dict[str, ServerSpec] = {}
    for program, body in raw.items():
        path = (*at, str(program))
        if not isinstance(body, dict):
            add(path, f"expected a mapping with any of {', '.join(SERVER_KEYS)}")
            continue
        _unknown(body, path, SERVER_KEYS, add)
        spec = _spec(str(program), body, path, add)
        if spec is not None:
            specs[str(program)] = spec
    return specs


def _spec(
    program: str, body: dict[str, Any], path: tuple[str | int, ...], add: Add
) -> ServerSpec | None:
    kind = body.get("kind")
    if not isinstance(kind, str) or not kind:
        add((*path, "kind"), "expected the kind of server (python-http, frontend-dev, docs, ...)")
        return None
    port = body.get("port")
    if port is not None and not _is_port(port):
        add((*path, "port"), f"expected a port number from 1 to 65535, got {port!r}")
        port = None

    def strings(key: str) -> tuple[str, ...]:
        value = body.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            add((*path, key), f"expected a list of strings, got {value!r}")
            return ()
        return tuple(value)

    preview_raw = body.get("preview", {})
    preview: dict[str, int | None] = {}
    if not isinstance(preview_raw, dict):
        add((*path, "preview"), "expected a mapping of sub-commands to a default port or null")
    else:
        for sub, value in preview_raw.items():
            if value is not None and not _is_port(value):
                add((*path, "preview", str(sub)), f"expected a port or null, got {value!r}")
            else:
                preview[str(sub)] = value
    subcommands = frozenset(strings("subcommands")) if "subcommands" in body else None
    before = "options-before-subcommand"
    options = frozenset(strings(before)) if before in body else None
    return ServerSpec(
        program,
        kind,
        port,
        strings("port-flags"),
        strings("bind-flags"),
        subcommands,
        MappingProxyType(preview),
        options,
        strings("env-ports"),
    )


def _is_port(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 65536


def _unknown(
    table: Mapping[Any, Any], path: tuple[str | int, ...], keys: tuple[str, ...], add: Add
) -> None:
    for key in sorted(str(k) for k in table if k not in keys):
        hint = difflib.get_close_matches(key, keys, n=1)
        tip = f"; did you mean {hint[0]!r}?" if hint else f" (keys: {', '.join(keys)})"
        add((*path, key), f"unknown key {key!r}{tip}")
