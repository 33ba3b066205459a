"""Go sources: one tree-sitter parse a file, facts out, the tree dropped.

Facts (kinds in docs/facts.md): the ``source_module`` (``module`` ``go:<folder>``, its
``package``, the ``server_kinds`` its code starts: ``go-http`` for ``http.ListenAndServe`` or
an ``http.Server``, ``go-grpc`` for ``grpc.NewServer``, whatever address they get), its
``import`` s, and a ``port`` (scope ``listen``, source ``code-listen``, server kind
``go-http``) for each server address written as a literal: ``http.ListenAndServe(":8080",
h)`` and ``ListenAndServeTLS``, an ``http.Server{Addr: ":8080"}`` literal, ``net.Listen("tcp",
":8080")``, and the ``Run`` / ``Start`` / ``Listen`` / ``Serve`` methods of the router
frameworks (gin ``r.Run(":8080")``, echo ``e.Start``, fiber ``app.Listen``) when their argument
is an address. An address from a variable or the environment gives no port: nothing is
evaluated. Places the grammar cannot read are counted and the first located
(``syntax_error*``), and the file is listed as partly read; the rest of it is read, as for TS/JS.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.location import Location
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common.treesitter import Missing, position, unreadable_places
from archlint.parsers.go.grammar import go_parser

if TYPE_CHECKING:
    from tree_sitter import Node

# a listen address: `:8080`, `0.0.0.0:8080`, `localhost:8080`, `[::]:8080`
_ADDRESS = re.compile(r"^(?:[\w.\-]*|\[[0-9a-fA-F:]*\]):(?P<port>\d{1,5})$")
# package functions and methods whose first argument is the address a server listens on
_LISTEN_FUNCTIONS = {"ListenAndServe", "ListenAndServeTLS"}
_LISTEN_METHODS = {"Run", "Start", "Listen", "Serve", "RunTLS", "StartTLS", "ListenTLS"}
_NET_LISTEN = {"Listen"}  # net.Listen("tcp", ":8080"): the address is the second argument
# what starts a server whatever its address: (import path, name) -> server kind
_SERVER_CALLS = {
    ("net/http", "ListenAndServe"): "go-http",
    ("net/http", "ListenAndServeTLS"): "go-http",
    ("net/http", "Serve"): "go-http",
    ("google.golang.org/grpc", "NewServer"): "go-grpc",
}


class GoSourceParser:
    name = "go-source"
    version = "1"
    selector = Selector(suffixes=(".go",))

    def parse(self, source: SourceFile) -> ParseResult:
        parser = go_parser()
        if isinstance(parser, Missing):
            return source.error(parser.message)
        data = source.text.encode("utf-8", "surrogatepass")
        root = parser.parse(data).root_node
        reader = _Reader(source, data)
        package = next((c for c in root.named_children if c.type == "package_clause"), None)
        name = reader.text(package.named_children[0]) if package and package.named_children else ""
        module_id = f"{source.path}#module"
        folder = posixpath.dirname(source.path)
        specs = _import_specs(root, reader)
        # local name -> import path: the alias, else the path's last element
        imports = {alias or path.rsplit("/", 1)[-1]: path for path, alias, _ in specs}
        kinds, listens = _servers(root, reader, imports)
        facts = [
            Fact(
                module_id,
                NodeKind.SOURCE_MODULE,
                source.loc(),
                {
                    "module": f"go:{folder}" if folder else "go:.",
                    "language": "go",
                    "lines": source.text.count("\n") + (not source.text.endswith("\n")),
                    "package": name or None,
                    "server_kinds": kinds,
                    **unreadable_places(root, data),
                },
            )
        ]
        relations: list[Relation] = []
        seen: set[str] = set()
        for path, alias, node in specs:
            fact_id = f"{source.path}#import/{path}"
            if fact_id in seen:  # the same path imported twice (under two names)
                fact_id = f"{fact_id}[{alias}]"
            seen.add(fact_id)
            facts.append(
                Fact(
                    fact_id,
                    NodeKind.IMPORT,
                    reader.loc(node),
                    {"module": path, "names": [], "alias": alias, "language": "go"},
                )
            )
            relations.append(Relation(module_id, fact_id, EdgeKind.HAS))
        for i, (port, server, node) in enumerate(listens):
            port_id = f"{source.path}#port/code-listen[{i}]"
            facts.append(
                Fact(
                    port_id,
                    NodeKind.PORT,
                    reader.loc(node),
                    {
                        "number": port,
                        "protocol": "tcp",
                        "scope": "listen",
                        "source": "code-listen",
                        "server": server,
                        "server_kind": "go-http",
                        "implicit": False,
                        "artifact": source.path,
                    },
                )
            )
            relations.append(Relation(module_id, port_id, EdgeKind.HAS))
        unique = {f.id: f for f in facts}
        return ParseResult(tuple(sorted(unique.values(), key=Fact.sort_key)), tuple(relations))


class _Reader:
    def __init__(self, source: SourceFile, data: bytes) -> None:
        self.source = source
        self.data = data

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def loc(self, node: Node) -> Location:
        return self.source.loc(*position(node, self.data))


def _import_specs(root: Node, reader: _Reader) -> list[tuple[str, str | None, Node]]:
    specs = []
    stack = [c for c in root.named_children if c.type == "import_declaration"]
    while stack:
        node = stack.pop(0)
        if node.type == "import_spec":
            path = node.child_by_field_name("path")
            alias = node.child_by_field_name("name")
            if path is not None:
                specs.append(
                    (_string(path, reader) or "", reader.text(alias) if alias else None, node)
                )
        else:
            stack[:0] = node.named_children
    return specs


def _servers(
    root: Node, reader: _Reader, imports: dict[str, str]
) -> tuple[list[str], list[tuple[int, str, Node]]]:
    """One walk of the tree: the kinds of server the code starts whatever address it is given
    (``go-http``: ``http.ListenAndServe``, an ``http.Server``; ``go-grpc``: ``grpc.NewServer``),
    and the literal addresses servers listen on, in file order."""
    kinds: set[str] = set()
    found: list[tuple[int, str, Node]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        kind = node.type
        hit = None
        if kind == "selector_expression":
            operand = node.child_by_field_name("operand")
            field = node.child_by_field_name("field")
            if operand is not None and field is not None and operand.type == "identifier":
                package = imports.get(reader.text(operand), "")
                if (started := _SERVER_CALLS.get((package, reader.text(field)))) is not None:
                    kinds.add(started)
        elif kind == "qualified_type" and reader.text(node).endswith(".Server"):
            if imports.get(reader.text(node).rsplit(".", 1)[0]) == "net/http":
                kinds.add("go-http")
        elif kind == "call_expression":
            hit = _listen_call(node, reader, imports)
        elif kind == "composite_literal":
            hit = _server_literal(node, reader, imports)
        if hit is not None:
            found.append(hit)
        stack.extend(node.named_children)
    return sorted(kinds), sorted(found, key=lambda h: (h[2].start_byte, h[0]))


def _listen_call(
    node: Node, reader: _Reader, imports: dict[str, str]
) -> tuple[int, str, Node] | None:
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or function.type != "selector_expression":
        return None
    operand = function.child_by_field_name("operand")
    field = function.child_by_field_name("field")
    if operand is None or field is None:
        return None
    method, args = reader.text(field), arguments.named_children
    package = imports.get(reader.text(operand)) if operand.type == "identifier" else None
    if package == "net" and method in _NET_LISTEN and len(args) >= 2:
        address, server = args[1], "net"
    elif package == "net/http" and method in _LISTEN_FUNCTIONS and args:
        address, server = args[0], "net/http"
    elif package is None and method in _LISTEN_METHODS | _LISTEN_FUNCTIONS and args:
        address, server = args[0], f"router.{method}"  # gin r.Run, echo e.Start, fiber app.Listen
    else:
        return None
    port = _port(address, reader)
    return (port, server, node) if port is not None else None


def _server_literal(
    node: Node, reader: _Reader, imports: dict[str, str]
) -> tuple[int, str, Node] | None:
    """``http.Server{Addr: ":8080", ...}``."""
    kind = node.child_by_field_name("type")
    body = node.child_by_field_name("body")
    if kind is None or body is None or not reader.text(kind).endswith(".Server"):
        return None
    if imports.get(reader.text(kind).rsplit(".", 1)[0]) != "net/http":
        return None
    for element in body.named_children:
        if element.type != "keyed_element" or len(element.named_children) < 2:
            continue
        key, value = element.named_children[0], element.named_children[1]
        if reader.text(key).strip() == "Addr":
            port = _port(value, reader)
            if port is not None:
                return port, "net/http", element
    return None


def _port(node: Node, reader: _Reader) -> int | None:
    if node.type == "literal_element" and node.named_children:
        node = node.named_children[0]
    text = _string(node, reader)
    if text is None or (m := _ADDRESS.match(text)) is None:
        return None
    port = int(m["port"])
    return port if 0 < port < 65536 else None


def _string(node: Node, reader: _Reader) -> str | None:
    if node.type == "interpreted_string_literal":
        return reader.text(node)[1:-1]
    if node.type == "raw_string_literal":
        return reader.text(node).strip("`")
    return None
