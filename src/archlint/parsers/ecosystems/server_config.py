"""The port a JVM or Ruby server reads from its own configuration file, read as text or YAML.

Spring Boot takes ``server.port`` from ``application.properties`` / ``application.yml``; only
the default profile is read (profile files ``application-<profile>.*`` and YAML documents
activated ``on-profile`` describe other environments, and ports that differ there would read as
disagreements); Puma takes ``port`` / ``bind`` from
``config/puma.rb``, the file a Rails application generates. Each gives a ``port`` fact (scope
``listen``; source ``spring-config`` or ``puma-config``) at the line that sets it, owned by the
component around it like any other fact. A value that names a variable with a default
(``${PORT:8080}``, ``ENV.fetch("PORT") { 3000 }``) is that default; one without a default
says no port a file can tell, so no fact. Nothing is evaluated.
"""

from __future__ import annotations

import re

from archlint.domain.facts import Fact, NodeKind, ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.formats.yamlpos import YamlDoc
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common.yaml_doc import load_all_docs

# `server.port=8080`, `server.port: 8080`, `server.port = ${PORT:8080}` (Spring's placeholder
# default follows a colon)
_PROPERTY = re.compile(r"^\s*server\.port\s*[=:]\s*(?P<value>\S.*?)\s*$")
_PLACEHOLDER = re.compile(r"^\$\{[A-Za-z0-9_.\-]+(?::(?P<default>[^}]*))?\}$")
# config/puma.rb: `port 3000`, `port ENV.fetch("PORT") { 3000 }`, `port ENV.fetch("PORT", 3000)`,
# `port ENV["PORT"] || 3000`, `bind "tcp://0.0.0.0:3000"`
_PUMA_PORT = re.compile(
    r"""^\s*port\s*\(?\s*(?:(?P<number>\d+)|ENV\.fetch\(\s*["'][A-Z0-9_]+["']\s*"""
    r"""(?:,\s*["']?(?P<default>\d+)["']?\s*)?\)\s*(?:\{\s*["']?(?P<block>\d+)["']?\s*\})?"""
    r"""|ENV\[\s*["'][A-Z0-9_]+["']\s*\]\s*\|\|\s*(?P<or_default>\d+))"""
)
_PUMA_BIND = re.compile(r"""^\s*bind\s*\(?\s*["']tcp://[^"':]*:(?P<number>\d+)["']""")


class ServerConfigParser:
    name = "server-config"
    selector = Selector(
        names=frozenset({"application.properties", "application.yml", "application.yaml"}),
        paths=(r"(?:.*/)?config/puma\.rb",),
    )

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.version = "1" + limits.tag("max_nesting", "max_yaml_values")

    def parse(self, source: SourceFile) -> ParseResult:
        name = source.path.rpartition("/")[2]
        if name == "puma.rb":
            return _result(source, _puma(source), "puma-config", "puma", "ruby-http")
        if name.endswith(".properties"):
            found = _properties(source)
        else:
            docs = load_all_docs(source, self.limits)
            if isinstance(docs, ParseResult):
                return docs
            found = [hit for doc in docs for hit in _yaml(doc)]
        return _result(source, found, "spring-config", "spring-boot", "jvm-http")


def _properties(source: SourceFile) -> list[tuple[int, int, int]]:
    found = []
    for number, line in enumerate(source.text.splitlines(), 1):
        if (m := _PROPERTY.match(line)) is not None and (port := _port(m["value"])) is not None:
            found.append((port, number, m.start("value") + 1))
    return found


def _yaml(doc: YamlDoc) -> list[tuple[int, int, int]]:
    data = doc.data if isinstance(doc.data, dict) else {}
    if _profiled(data):
        return []
    server = data.get("server")
    for path, value in (
        (("server", "port"), server.get("port") if isinstance(server, dict) else None),
        (("server.port",), data.get("server.port")),
    ):
        if value is not None and (port := _port(str(value))) is not None:
            line, column = doc.pos(*path)
            return [(port, line, column)]
    return []


def _profiled(data: dict[object, object]) -> bool:
    """A document for a profile: ``spring.config.activate.on-profile`` (or the older
    ``spring.profiles``), nested or written as a dotted key."""
    spring = data.get("spring")
    spring = spring if isinstance(spring, dict) else {}
    config = spring.get("config")
    activate = config.get("activate") if isinstance(config, dict) else None
    return bool(
        (isinstance(activate, dict) and activate.get("on-profile"))
        or spring.get("profiles")
        or data.get("spring.config.activate.on-profile")
        or data.get("spring.profiles")
    )


def _puma(source: SourceFile) -> list[tuple[int, int, int]]:
    found = []
    for number, line in enumerate(source.text.splitlines(), 1):
        code = line.split("#", 1)[0]
        m = _PUMA_PORT.match(code) or _PUMA_BIND.match(code)
        if m is None:
            continue
        groups = m.groupdict()
        group = next(
            (g for g in ("number", "block", "default", "or_default") if groups.get(g)), None
        )
        if group is not None and (port := _port(m[group])) is not None:
            found.append((port, number, m.start(group) + 1))  # at the number a user edits
    return found


def _port(value: str) -> int | None:
    value = value.strip().strip("\"'")
    if (m := _PLACEHOLDER.match(value)) is not None:
        value = (m["default"] or "").strip()
    if value.isascii() and value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    return None


def _result(
    source: SourceFile, found: list[tuple[int, int, int]], origin: str, server: str, kind: str
) -> ParseResult:
    facts = [
        Fact(
            f"{source.path}#port/{origin}[{i}]",
            NodeKind.PORT,
            source.loc(line, column),
            {
                "number": port,
                "protocol": "tcp",
                "scope": "listen",
                "source": origin,
                "server": server,
                "server_kind": kind,
                "implicit": False,
                "artifact": source.path,
            },
        )
        for i, (port, line, column) in enumerate(found)
    ]
    return ParseResult(tuple(facts))
