"""Ports a JVM or Ruby server reads from its configuration file: Spring Boot's server.port,
Puma's config/puma.rb; each at its line, placeholders by their default, profiles left out."""

from __future__ import annotations

import pytest

from archlint.domain.facts import NodeKind, ParseResult
from archlint.domain.limits import Limits
from archlint.parsers.base import SourceFile
from archlint.parsers.ecosystems.server_config import ServerConfigParser


def parse(path: str, text: str) -> ParseResult:
    return ServerConfigParser().parse(SourceFile(path, text))


def ports(result: ParseResult) -> list[tuple[int, int, int, str, str]]:
    return [
        (
            int(f.get("number")),
            f.location.line,
            f.location.column,
            str(f.get("source")),
            str(f.get("server_kind")),
        )
        for f in result.facts
        if f.kind is NodeKind.PORT
    ]


PROPS = "src/main/resources/application.properties"
YML = "src/main/resources/application.yml"


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (PROPS, "spring.application.name=x\nserver.port=8081\n", [(8081, 2, 13)]),
        (PROPS, "server.port = ${PORT:9090}\n", [(9090, 1, 15)]),
        (PROPS, "server.port: 8082\n", [(8082, 1, 14)]),
        (PROPS, "server.port=${PORT}\n", []),  # set by the environment only: no port known
        (PROPS, "# server.port=9000\nserver.servlet.context-path=/api\n", []),
        (PROPS, "! a comment\nspring.application.name=x\n", []),
        # YAML: at the key, as every YAML fact
        (YML, "server:\n  port: 8083\n  shutdown: graceful\n", [(8083, 2, 3)]),
        (YML, "server.port: '8084'\n", [(8084, 1, 1)]),
        (YML, "server:\n  port: ${SERVER_PORT:8085}\n", [(8085, 2, 3)]),
        # the default document counts, a profile's document does not
        (
            YML,
            "server:\n  port: 8086\n---\nspring:\n  config:\n    activate:\n"
            "      on-profile: tls\nserver:\n  port: 8443\n",
            [(8086, 2, 3)],
        ),
        (YML, "spring:\n  profiles: prod\nserver:\n  port: 9443\n", []),
        (YML, "", []),
        (YML, "- a\n- b\n", []),
    ],
)
def test_spring_boot_server_port(
    path: str, text: str, expected: list[tuple[int, int, int]]
) -> None:
    found = ports(parse(path, text))
    assert [p[:3] for p in found] == expected
    assert all(p[3:] == ("spring-config", "jvm-http") for p in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('port ENV.fetch("PORT") { 3000 }\n', [(3000, 1, 26)]),
        ('threads 3, 3\n  port ENV.fetch("PORT", 3001)\n', [(3001, 2, 26)]),
        ("port ENV['PORT'] || 4002\n", [(4002, 1, 21)]),
        ("port 3002\n", [(3002, 1, 6)]),
        ('bind "tcp://0.0.0.0:3003"\n', [(3003, 1, 21)]),
        ("# port 3004\nplugin :tmp_restart\n", []),
        ('port ENV.fetch("PORT")\n', []),
        ('bind "unix:///tmp/puma.sock"\n', []),
    ],
)
def test_puma_config_port(text: str, expected: list[tuple[int, int, int]]) -> None:
    found = ports(parse("config/puma.rb", text))
    assert [p[:3] for p in found] == expected
    assert all(p[3:] == ("puma-config", "ruby-http") for p in found)


def test_invalid_yaml_is_a_diagnostic_at_its_line() -> None:
    result = parse(YML, "server:\n  port: [8080\n")
    assert result.facts == ()
    [diag] = result.diagnostics
    assert diag.location.path == YML and diag.location.line == 2
    assert diag.message.startswith("invalid YAML")


def test_the_selector_and_the_limits_tag() -> None:
    parser = ServerConfigParser()
    assert parser.selector.matches("svc/src/main/resources/application.yaml")
    assert parser.selector.matches("web/config/puma.rb")
    assert not parser.selector.matches("svc/src/main/resources/application-prod.yml")
    assert not parser.selector.matches("config/puma.rb.example")
    assert ServerConfigParser(Limits(max_nesting=10)).version != parser.version
