"""Dev-server ports in frontend tool configs: ``server.port`` / ``preview.port`` of
``vite.config.*`` (and Astro's config, which is Vite's), ``devServer.port`` of ``nuxt.config.*``.

The config is the default export (``export default``, ``module.exports =``), unwrapped from
``defineConfig(...)`` and from its function form (``defineConfig(({ mode }) => ({...}))``, a
function returning an object). ``vitest.config.*`` configures tests and is not read.

``build.outDir`` of a Vite config is where the build goes (a ``build_output`` fact): a literal
(``"../backend/static"``) or ``path.resolve(__dirname, "...")`` / ``path.join(...)`` /
``fileURLToPath(new URL("...", import.meta.url))``, read from the config's folder.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from archlint.domain.facts import NodeKind
from archlint.parsers.javascript.facts import FactSink
from archlint.parsers.javascript.ports import add_port, port_number
from archlint.parsers.javascript.syntax import Module, object_arg, unwrap
from archlint.parsers.javascript.walker import Walker

if TYPE_CHECKING:
    from tree_sitter import Node

_CONFIG = re.compile(r"(vite|astro|nuxt)\.config\.[cm]?[jt]s")
# tool -> (section path, port source, server, server kind)
_SECTIONS = {
    "vite": (
        (("server",), "vite-config", "vite", "frontend-dev"),
        (("preview",), "vite-config", "vite", "frontend-preview"),
    ),
    "astro": ((("server",), "astro-config", "astro", "frontend-dev"),),
    "nuxt": ((("devServer",), "nuxt-config", "nuxt", "frontend-dev"),),
}
_FUNCTIONS = {"arrow_function", "function_expression", "function"}
# the config's own folder, as a path expression's first argument
_HERE = frozenset({"__dirname", "import.meta.dirname"})


def extract(sink: FactSink, walker: Walker) -> None:
    found = _CONFIG.fullmatch(sink.path.rpartition("/")[2])
    if found is None:
        return
    module = walker.module
    for config in config_objects(module):
        if found.group(1) == "vite":
            _build_output(sink, module, config)
        for section, source, server, kind in _SECTIONS[found.group(1)]:
            node: Node | None = config
            for key in section:
                node = object_arg(module, node).get(key)
            port_node = object_arg(module, node).get("port")
            if port_node is None:
                continue
            number = port_number(module.value(port_node))
            if number is not None:
                add_port(
                    sink,
                    f"{section[-1]}",
                    port_node,
                    number,
                    source=source,
                    server=server,
                    server_kind=kind,
                )


def _build_output(sink: FactSink, module: Module, config: Node) -> None:
    node = object_arg(module, object_arg(module, config).get("build")).get("outDir")
    if node is None:
        return
    written = _relative_path(module, node)
    folder = posixpath.dirname(sink.path)
    target = None
    if written is not None:
        joined = posixpath.normpath(posixpath.join(folder, written))
        target = None if written.startswith("/") or joined.startswith("..") else joined
    sink.add(
        NodeKind.BUILD_OUTPUT,
        "build-output",
        node,
        {
            "tool": "vite",
            "out_dir": written if written is not None else module.text(node),
            "target_dir": "" if target == "." else target,
        },
        language=False,
    )


def _relative_path(module: Module, expression: Node) -> str | None:
    """The path an outDir expression names relative to the config's folder, or None."""
    node = unwrap(expression)
    if node is None:
        return None
    value = module.value(node)
    if isinstance(value, str):
        return value
    if node.type == "new_expression":  # new URL("../backend/static", import.meta.url)
        args = node.child_by_field_name("arguments")
        parts = args.named_children if args is not None else []
        if len(parts) == 2 and module.text(parts[1]) == "import.meta.url":
            url = module.value(parts[0])
            return url if isinstance(url, str) else None
        return None
    if node.type != "call_expression":
        return None
    callee = module.text(node.child_by_field_name("function") or node)
    args = node.child_by_field_name("arguments")
    parts = list(args.named_children) if args is not None else []
    if callee.endswith("fileURLToPath") and len(parts) == 1:
        return _relative_path(module, parts[0])
    if not callee.endswith(("resolve", "join")) or not parts:
        return None
    if module.text(parts[0]) not in _HERE:
        return None
    words = [module.value(p) for p in parts[1:]]
    if not all(isinstance(w, str) for w in words):
        return None
    return posixpath.join(*(str(w) for w in words)) if words else "."


def config_objects(module: Module) -> Iterator[Node]:
    """The object literal(s) a config module exports by default."""
    for _, value in default_exports(module):
        yield from _objects(module, value, 0)


def default_exports(module: Module) -> Iterator[tuple[Node, Node]]:
    """``(statement, value)`` of ``export default value`` / ``module.exports = value``."""
    for statement in module.root.named_children:
        value: Node | None = None
        if statement.type == "export_statement":
            value = statement.child_by_field_name("value")
        elif statement.type == "expression_statement" and statement.named_children:
            assignment = statement.named_children[0]
            left = assignment.child_by_field_name("left")
            if (
                assignment.type == "assignment_expression"
                and left is not None
                and module.text(left) in ("module.exports", "exports.default")
            ):
                value = assignment.child_by_field_name("right")
        if value is not None:
            yield statement, value


def _objects(module: Module, node: Node | None, depth: int) -> Iterator[Node]:
    node = unwrap(node)
    if node is None or depth > 6:
        return
    if node.type == "object":
        yield node
    elif node.type == "identifier":
        yield from _objects(module, module.constants.get(module.text(node)), depth + 1)
    elif node.type == "call_expression":  # defineConfig(...), defineNuxtConfig(...)
        args = node.child_by_field_name("arguments")
        if args is not None and args.named_children:
            yield from _objects(module, args.named_children[0], depth + 1)
    elif node.type in _FUNCTIONS:
        body = node.child_by_field_name("body")
        if body is not None and body.type != "statement_block":
            yield from _objects(module, body, depth + 1)
        elif body is not None:
            for returned in _returns(body):
                yield from _objects(module, returned, depth + 1)


def _returns(body: Node) -> Iterator[Node]:
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type in _FUNCTIONS:
            continue
        if node.type == "return_statement" and node.named_children:
            yield node.named_children[0]
        stack.extend(node.named_children)
