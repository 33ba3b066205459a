"""Ports servers of other stacks read from their own config: Spring Boot's ``server.port``
(``application.properties`` / ``application.yml``), Puma's ``port`` / ``bind``
(``config/puma.rb``, read as text: nothing runs), and the literal address a Go server listens
on (``http.ListenAndServe(":8080", r)``, gin's ``r.Run(":8080")``, echo's ``e.Start``, fiber's
``app.Listen``, ``http.Server{Addr: ":8080"}`` without a host; a ``.go`` file read as text,
line by line).

Facts: a ``port`` (scope ``listen``) located at the value, source ``spring-config``,
``puma-config`` or ``go-listen``. A placeholder's default counts (``${PORT:8081}``,
``ENV.fetch("PORT") { 3000 }``); a port only the environment sets gives none. Profile documents
and profile files (``application-dev.yml``, ``on-profile: dev``) are not the default and are not
read. Invalid YAML is a diagnostic.
"""

from __future__ import annotations

import re
from typing import Any

from archlint.domain.facts import Diagnostic, Fact, NodeKind, ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.domain.location import Location
from archlint.formats.yamlpos import YamlDoc, YamlError, load_all
from archlint.parsers.base import Selector, SourceFile

_PROPERTY = re.compile(r"^\s*server\.port\s*[=:\s]\s*(?P<value>\S+)")
_PLACEHOLDER = re.compile(r"^\$\{[A-Za-z0-9_.-]+:(?P<default>\d+)\}$")
_PUMA_PORT = re.compile(
    r"""^\s*port\s*\(?\s*(?:(?P<literal>\d+)|ENV\.fetch\(\s*["'][A-Z0-9_]+["']\s*"""
    r"""(?:,\s*(?P<fetch_default>\d+)\s*)?\)\s*(?:\{\s*(?P<block_default>\d+)\s*\})?"""
    r"""|ENV\[\s*["'][A-Z0-9_]+["']\s*\]\s*\|\|\s*(?P<or_default>\d+))"""
)
_PUMA_BIND = re.compile(r"""^\s*bind\s*\(?\s*["']tcp://[^"':]*:(?P<port>\d+)["']""")
_GO_LISTEN = re.compile(
    r"(?:\bListenAndServe(?:TLS)?|\.(?:Run|RunTLS|Start|StartTLS|Listen|ListenTLS))\(\s*"
    r'"[A-Za-z0-9.\-]*:(?P<port>\d+)"'
    # a struct's `Addr: ":8080"` (http.Server) listens; `Addr: "localhost:6379"` (a redis
    # client's options) connects: only an address without a host is read
    r'|\bAddr\s*:\s*"(?:0\.0\.0\.0)?:(?P<addr>\d+)"'
)
# server -> (port source, server kind)
_ORIGINS = {
    "spring-boot": ("spring-config", "jvm-http"),
    "puma": ("puma-config", "ruby-http"),
    "go": ("go-listen", "go-http"),
}


class ServerPortsParser:
    name = "server-ports"
    version = "1"
    selector = Selector(
        names=frozenset({"application.properties", "application.yml", "application.yaml"}),
        suffixes=(".go",),
        paths=(r"(.*/)?config/puma\.rb",),
    )

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits

    def parse(self, source: SourceFile) -> ParseResult:
        name = source.path.rpartition("/")[2]
        if name == "puma.rb":
            return _puma(source)
        if name.endswith(".go"):
            return _go(source)
        if name.endswith(".properties"):
            return _properties(source)
        try:
            docs = load_all(
                source.text,
                max_values=self.limits.max_yaml_values,
                max_depth=self.limits.max_nesting,
            )
        except YamlError as exc:
            return ParseResult(
                diagnostics=(Diagnostic(source.loc(exc.line, exc.column), f"invalid YAML: {exc}"),)
            )
        facts = [f for i, doc in enumerate(docs) for f in _spring_yaml(source, doc, i)]
        return ParseResult(facts=tuple(facts))


def _properties(source: SourceFile) -> ParseResult:
    for number, line in enumerate(source.text.splitlines(), 1):
        if line.lstrip().startswith(("#", "!")):
            continue
        found = _PROPERTY.match(line)
        port = _number(found["value"]) if found else None
        if found and port is not None:
            where = source.loc(number, found.start("value") + 1)
            return ParseResult(facts=(_port(source, "server.port", where, port, "spring-boot"),))
    return ParseResult()


def _spring_yaml(source: SourceFile, doc: YamlDoc, index: int) -> list[Fact]:
    data = doc.data
    if not isinstance(data, dict) or _profile(data):
        return []
    server = data.get("server")
    if isinstance(server, dict) and "port" in server:
        path: tuple[str, ...] = ("server", "port")
        value: Any = server["port"]
    elif "server.port" in data:
        path, value = ("server.port",), data["server.port"]
    else:
        return []
    port = _number(str(value))
    if port is None:
        return []
    line, column = doc.pos(*path)
    key = "server.port" if index == 0 else f"server.port[{index}]"
    return [_port(source, key, source.loc(line, column), port, "spring-boot")]


def _profile(data: dict[str, Any]) -> bool:
    """A document that applies to a profile only (`spring.config.activate.on-profile`)."""
    spring = data.get("spring")
    if not isinstance(spring, dict):
        return "spring.config.activate.on-profile" in data or "spring.profiles" in data
    config = spring.get("config")
    activate = config.get("activate") if isinstance(config, dict) else None
    return "profiles" in spring or (isinstance(activate, dict) and "on-profile" in activate)


def _puma(source: SourceFile) -> ParseResult:
    for number, line in enumerate(source.text.splitlines(), 1):
        code = line.split("#", 1)[0]
        port_match = _PUMA_PORT.match(code)
        bind_match = _PUMA_BIND.match(code)
        if port_match:
            groups = ("literal", "fetch_default", "block_default", "or_default")
            value = next((port_match[g] for g in groups if port_match[g]), None)
            start = port_match.start(next(g for g in groups if port_match[g])) if value else 0
        elif bind_match:
            value, start = bind_match["port"], bind_match.start("port")
        else:
            continue
        port = _number(value) if value else None
        if port is not None:
            where = source.loc(number, start + 1)
            return ParseResult(facts=(_port(source, "port", where, port, "puma"),))
    return ParseResult()


def _go(source: SourceFile) -> ParseResult:
    facts: list[Fact] = []
    for number, line in enumerate(source.text.splitlines(), 1):
        code = line.split("//", 1)[0]
        for found in _GO_LISTEN.finditer(code):
            group = "port" if found["port"] else "addr"
            port = _number(found[group])
            if port is not None:
                where = source.loc(number, found.start(group) + 1)
                facts.append(_port(source, f"listen[{len(facts)}]", where, port, "go"))
    return ParseResult(facts=tuple(facts))


def _number(value: str) -> int | None:
    value = value.strip().strip("\"'")
    placeholder = _PLACEHOLDER.match(value)
    if placeholder:
        value = placeholder["default"]
    if value.isascii() and value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    return None


def _port(source: SourceFile, key: str, where: Location, number: int, server: str) -> Fact:
    origin, kind = _ORIGINS[server]
    return Fact(
        f"{source.path}#port/{key}",
        NodeKind.PORT,
        where,
        {
            "number": number,
            "protocol": "tcp",
            "scope": "listen",
            "source": origin,
            "server": server,
            "server_kind": kind,
            "implicit": False,
            "artifact": source.path,
        },
    )
