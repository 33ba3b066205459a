"""Ports from Spring Boot and Puma configs: a port fact at the value, the default profile only."""

from __future__ import annotations

import pytest

from archlint.domain.facts import NodeKind
from archlint.parsers.base import SourceFile
from archlint.parsers.ecosystems.server_ports import ServerPortsParser


def ports(path: str, text: str) -> list[tuple[int, int, int, str]]:
    result = ServerPortsParser().parse(SourceFile(path, text))
    assert not result.diagnostics
    return [
        (f.get("number"), f.location.line, f.location.column, f.get("source"))
        for f in result.facts
        if f.kind is NodeKind.PORT
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# server.port=1\nserver.port=8081\n", [(8081, 2, 13, "spring-config")]),
        ("server.port: ${PORT:9090}\n", [(9090, 1, 14, "spring-config")]),
        ("server.port = ${PORT}\n", []),
        ("! comment\nspring.application.name=x\n", []),
    ],
)
def test_properties(text: str, expected: list[tuple[int, int, int, str]]) -> None:
    assert ports("svc/src/main/resources/application.properties", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("server:\n  port: 8082\n", [(8082, 2, 3, "spring-config")]),
        ("server.port: '${SERVER_PORT:7070}'\n", [(7070, 1, 1, "spring-config")]),
        ("spring:\n  profiles: dev\nserver:\n  port: 1\n", []),
        ("spring.config.activate.on-profile: dev\nserver.port: 1\n", []),
        ("server:\n  address: 0.0.0.0\n", []),
        ("server:\n  port: ${PORT}\n", []),
        ("- a\n", []),
        (
            "spring:\n  main: {banner-mode: off}\n---\nserver:\n  port: 8083\n",
            [(8083, 5, 3, "spring-config")],
        ),
    ],
)
def test_yaml(text: str, expected: list[tuple[int, int, int, str]]) -> None:
    assert ports("svc/src/main/resources/application.yml", text) == expected


def test_invalid_yaml_is_a_diagnostic() -> None:
    result = ServerPortsParser().parse(SourceFile("application.yaml", "server: [\n"))
    assert result.facts == () and "invalid YAML" in result.diagnostics[0].message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('port ENV.fetch("PORT") { 3000 }', [(3000, 1, 26, "puma-config")]),
        ('port ENV.fetch("PORT", 4001)', [(4001, 1, 24, "puma-config")]),
        ("port ENV['PORT'] || 4002", [(4002, 1, 21, "puma-config")]),
        ("port 4003", [(4003, 1, 6, "puma-config")]),
        ('bind "tcp://0.0.0.0:4004"', [(4004, 1, 21, "puma-config")]),
        ('bind "unix:///tmp/puma.sock"', []),
        ('port ENV.fetch("PORT")', []),
        ("# port 3000", []),
    ],
)
def test_puma(line: str, expected: list[tuple[int, int, int, str]]) -> None:
    assert ports("web/config/puma.rb", line + "\n") == expected


def test_selector() -> None:
    selector = ServerPortsParser().selector
    assert selector.matches("svc/src/main/resources/application.yml")
    assert selector.matches("config/puma.rb") and selector.matches("web/config/puma.rb")
    assert not selector.matches("svc/src/main/resources/application-dev.yml")
    assert not selector.matches("web/puma.rb")


def test_go_listen_addresses() -> None:
    code = """package main

func main() {
	cache := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	srv := &http.Server{Addr: ":8081", Handler: r}
	// log.Fatal(http.ListenAndServe(":1", r))
	go http.ListenAndServe(addr, nil)
	go e.Start("0.0.0.0:1323")
	log.Fatal(r.Run(":8080"))
}
"""
    assert ports("cmd/api/main.go", code) == [
        (8081, 5, 30, "go-listen"),
        (1323, 8, 22, "go-listen"),
        (8080, 9, 20, "go-listen"),
    ]
