"""Go sources: the package, its imports, the servers its code starts and the literal addresses
they listen on, each at its line; what is not a server address gives nothing."""

from __future__ import annotations

import pytest

from archlint.domain.facts import NodeKind, ParseResult
from archlint.parsers.base import SourceFile
from archlint.parsers.common import treesitter
from archlint.parsers.go import grammar
from archlint.parsers.go.source import GoSourceParser


def parse(text: str, path: str = "svc/cmd/api/main.go") -> ParseResult:
    return GoSourceParser().parse(SourceFile(path, text))


def module(result: ParseResult) -> dict[str, object]:
    [fact] = [f for f in result.facts if f.kind is NodeKind.SOURCE_MODULE]
    return dict(fact.attrs)


def ports(result: ParseResult) -> list[tuple[int, int, int, str]]:
    return [
        (int(f.get("number")), f.location.line, f.location.column, str(f.get("server")))
        for f in result.facts
        if f.kind is NodeKind.PORT
    ]


SERVER = """package main

import (
\t"log"
\t"net"
\tnethttp "net/http"

\t"github.com/gin-gonic/gin"
\t"google.golang.org/grpc"
)

func main() {
\tsrv := &nethttp.Server{Addr: ":9001", Handler: nil}
\tgo srv.ListenAndServe()
\tlog.Fatal(nethttp.ListenAndServe(":9000", nil))
\tr := gin.Default()
\tr.Run("0.0.0.0:8080")
\tlis, _ := net.Listen("tcp", "[::]:7000")
\tgrpc.NewServer().Serve(lis)
}
"""


def test_the_module_its_imports_and_the_servers_it_starts() -> None:
    result = parse(SERVER)
    attrs = module(result)
    assert attrs["module"] == "go:svc/cmd/api" and attrs["package"] == "main"
    assert attrs["language"] == "go" and attrs["syntax_errors"] == 0
    assert attrs["server_kinds"] == ["go-grpc", "go-http"]
    imports = [
        (f.get("module"), f.get("alias"), f.location.line)
        for f in result.facts
        if f.kind is NodeKind.IMPORT
    ]
    assert sorted(imports) == [
        ("github.com/gin-gonic/gin", None, 8),
        ("google.golang.org/grpc", None, 9),
        ("log", None, 4),
        ("net", None, 5),
        ("net/http", "nethttp", 6),
    ]
    assert ports(result) == [
        (9001, 13, 25, "net/http"),
        (9000, 15, 12, "net/http"),
        (8080, 17, 2, "router.Run"),
        (7000, 18, 12, "net"),
    ]
    assert {f.get("source") for f in result.facts if f.kind is NodeKind.PORT} == {"code-listen"}


@pytest.mark.parametrize(
    "code",
    [
        # an address from the environment or a variable: no port is known
        'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(addr, nil) }\n',
        # an HTTP client, a string that is no address, a method that takes no address
        'package main\n\nimport "net/http"\n\nfunc main() { http.Get("http://x:80/") }\n',
        "package main\n\nfunc main() { cmd.Run(ctx) }\n",
        'package main\n\nfunc main() { job.Start("nightly") }\n',
        # a package of the same name that is not net/http
        'package main\n\nimport http "example.com/fake"\n\nfunc main() { http.ListenAndServe(":9") }\n',
        'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":99999", nil) }\n',
    ],
)
def test_no_port_where_no_literal_address_is_listened_on(code: str) -> None:
    assert ports(parse(code)) == []


def test_a_client_starts_no_server_and_a_library_has_its_package() -> None:
    attrs = module(parse('package fetch\n\nimport "net/http"\n\nvar c = http.Client{}\n'))
    assert attrs["package"] == "fetch" and attrs["server_kinds"] == []


def test_raw_strings_and_tls() -> None:
    code = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServeTLS(`:8443`, "c", "k", nil)\n}\n'
    assert ports(parse(code)) == [(8443, 6, 2, "net/http")]


def test_syntax_errors_are_counted_and_the_rest_is_read() -> None:
    result = parse(
        'package main\n\nimport "net/http"\n\nfunc main() {\n\tx := )\n\thttp.ListenAndServe(":9002", nil)\n}\n'
    )
    assert int(module(result)["syntax_errors"] or 0) >= 1
    assert [p[0] for p in ports(result)] == [9002]


def test_a_missing_grammar_is_a_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> object:
        raise ImportError(f"No module named {name!r}")

    grammar.go_parser.cache_clear()
    monkeypatch.setattr(treesitter.importlib, "import_module", missing)
    try:
        result = parse("package main\n")
    finally:
        grammar.go_parser.cache_clear()
    [diagnostic] = result.diagnostics
    assert "tree-sitter-go" in diagnostic.message and result.facts == ()
