"""TS/JS/TSX/JSX/MJS/CJS sources: one tree-sitter parse a file, facts out, the tree dropped.

Facts (each at its path, line and column; kinds in docs/facts.md, evidence in
docs/typescript-facts.md): the ``source_module``, its ``import`` s, ``function`` s, qualified
``call`` s, module-level ``setting`` s, and what the extractors find in the calls: token issuing
(:mod:`.tokens`), servers' ``listen`` ports (:mod:`.servers`), Express and NestJS routes
(:mod:`.routes`), dev-server ports of vite/nuxt/astro configs (:mod:`.configs`) and ESLint flat
and legacy JS configs (:mod:`.eslint_js`).

Syntax errors are not PARSE001 diagnostics: tree-sitter recovers around them and the rest of
the file is read. The grammars lag the language (``f<typeof import('x')>()`` and
``styled.div<{ a: T }>`x``` are valid TypeScript they cannot read; 153 of 17,826 files of seven
real monorepos), so an error there says as often that the grammar is behind as that the file is
wrong, and the compiler already rejects real ones. ``source_module.syntax_errors`` counts the
places and ``syntax_error*`` locate the first one; the run reports each such file as *partly
read* (text, JSON, SARIF tool notifications), as Semgrep reports partial parses, without a
finding or a change of the exit code.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archlint.domain.facts import EdgeKind, NodeKind, ParseResult, Relation
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common.echo import echoes_name, name_words_in_value
from archlint.parsers.common.treesitter import Missing, unreadable_places
from archlint.parsers.javascript import configs, datastores, eslint_js, routes, servers, tokens
from archlint.parsers.javascript.facts import FactSink
from archlint.parsers.javascript.grammar import DIALECTS, dialect_of, parser_for
from archlint.parsers.javascript.imports import Bindings, module_name
from archlint.parsers.javascript.syntax import (
    Module,
    object_pairs,
    top_level_declarators,
    unwrap,
)
from archlint.parsers.javascript.walker import Walker

if TYPE_CHECKING:
    from tree_sitter import Node

_VERSION = "4"
_ENV = re.compile(
    r"(?:process\.env|import\.meta\.env)(?:\.([A-Za-z_]\w*)|\[\s*['\"]([^'\"]+)['\"]\s*\])"
)
# custom header names in string literals (`'x-request-id'`), as the Python parser collects them
_HEADERS = re.compile(r"""(?<=['"`])([Xx]-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)(?=['"`])""")
_MAX_SETTING_CHARS = 500  # longer strings are SQL, markup or queries, not settings


class JsSourceParser:
    name = "js-source"
    version = _VERSION
    selector = Selector(suffixes=tuple(DIALECTS))

    def parse(self, source: SourceFile) -> ParseResult:
        dialect = dialect_of(source.path)
        if dialect is None:
            return ParseResult()
        parser = parser_for(dialect)
        if isinstance(parser, Missing):
            return source.error(parser.message)
        data = source.text.encode("utf-8", "surrogatepass")
        tree = parser.parse(data)
        module = Module(data, tree.root_node)
        sink = FactSink(source, module, "javascript" if dialect == "javascript" else "typescript")
        name = module_name(source.path)
        bindings = Bindings(source.path)
        walker = Walker(module, bindings, name)
        walker.run()
        module_id = sink.add(
            NodeKind.SOURCE_MODULE,
            "module",
            module.root,
            {
                "module": name,
                "lines": source.text.count("\n") + (not source.text.endswith("\n")),
                "entrypoint": source.text.startswith("#!")
                or "require.main === module" in source.text,
                "default_export": _default_export(module),
                **unreadable_places(module.root, module.data),
                "http_headers": sorted(set(_HEADERS.findall(source.text))),
            },
            unique=True,
        )
        for record in bindings.imports:
            sink.add(
                NodeKind.IMPORT,
                f"import/{record.module}",
                record.node,
                {
                    "module": record.module,
                    "names": list(record.names),
                    "alias": record.alias,
                    "style": record.style,
                    "resolved": record.qualified if record.qualified != record.module else None,
                    "type_only": record.type_only,
                },
                parent=module_id,
            )
        function_ids = {}
        for function in walker.functions:
            local = function.qualname.removeprefix(name + ".")
            function_ids[function.qualname] = sink.add(
                NodeKind.FUNCTION,
                f"function/{local}",
                function.node,
                {
                    "name": function.name,
                    "qualname": function.qualname,
                    "decorators": function.decorators,
                    "class_decorators": function.class_decorators,
                    "is_async": function.is_async,
                    "class_name": function.class_name,
                    "callees": sorted(walker.callees.get(function.qualname, ())),
                },
                parent=module_id,
            )
        sink.scopes = {"": module_id, **function_ids}
        for call in walker.calls:
            scope = (
                (call.function or name).removeprefix(name + ".") if call.function else "<module>"
            )
            call_id = sink.add(
                NodeKind.CALL,
                f"call/{scope}/{call.qualname}",
                call.node,
                {
                    "qualname": call.qualname,
                    "name": call.name,
                    "function": call.function,
                    "args": call.args,
                    "kwargs": call.kwargs,
                    "arg_calls": call.arg_calls,
                    "awaited": call.awaited,
                    "construct": call.construct,
                    "assigned_to": call.assigned_to,
                },
                parent=function_ids.get(call.function or "", module_id),
            )
            target = function_ids.get(call.qualname)
            if target is not None:
                sink.relations.append(Relation(call_id, target, EdgeKind.CALLS))
        _settings(sink, module, module_id, walker.first_args)
        tokens.extract(sink, walker)
        servers.extract(sink, walker)
        routes.extract(sink, walker, function_ids)
        configs.extract(sink, walker)
        datastores.extract(sink, walker)
        eslint_js.extract(sink, walker)
        return sink.result([])


def _settings(
    sink: FactSink, module: Module, module_id: str, first_args: dict[str, set[str]]
) -> None:
    """Module-level constants with a static value (or an environment read with a default), and
    the static keys of module-level object literals (``jwtConstants.secret``)."""
    for declarator in top_level_declarators(module.root):
        name_node = declarator.child_by_field_name("name")
        value_node = declarator.child_by_field_name("value")
        if name_node is None or value_node is None or name_node.type != "identifier":
            continue
        _setting(sink, module, module.text(name_node), value_node, module_id, first_args, 0)


def _setting(
    sink: FactSink,
    module: Module,
    name: str,
    node: Node,
    module_id: str,
    first_args: dict[str, set[str]],
    depth: int,
) -> None:
    inner = unwrap(node)
    if inner is not None and inner.type == "object" and depth < 3:
        for key, value in object_pairs(module, inner):
            _setting(sink, module, f"{name}.{key}", value, module_id, first_args, depth + 1)
        return
    text = module.text(node)
    env = _env_name(text)
    value = module.value(node)
    scalar = isinstance(value, str | int | float | bool)
    if isinstance(value, str) and len(value) > _MAX_SETTING_CHARS:
        return
    if not scalar and env is None:
        return
    sink.add(
        NodeKind.SETTING,
        f"setting/{name}",
        node,
        {
            "name": name,
            "value": value if scalar else None,
            "value_known": scalar,
            "literal": scalar and env is None,
            "origin": "constant" if depth == 0 else "config-object",
            "owner": None,
            "annotation": None,
            "env": env,
            "passed_to": sorted(first_args.get(name, ())),
            "echoes_name": echoes_name(name, value),
            "name_words_in_value": name_words_in_value(name, value),
        },
        parent=module_id,
    )


def _env_name(text: str) -> str | None:
    found = _ENV.search(text)
    return (found.group(1) or found.group(2)) if found else None


def _default_export(module: Module) -> str | None:
    """``export default router`` / ``module.exports = router`` / ``export default function
    handler() {}``: the local name exported."""
    for statement in module.root.named_children:
        value: Node | None = None
        if statement.type == "export_statement" and any(
            c.type == "default" for c in statement.children
        ):
            value = statement.child_by_field_name("value")
        elif statement.type == "expression_statement" and statement.named_children:
            expr = statement.named_children[0]
            left = (
                expr.child_by_field_name("left") if expr.type == "assignment_expression" else None
            )
            if left is not None and module.text(left) == "module.exports":
                value = expr.child_by_field_name("right")
        value = unwrap(value)
        if value is not None and value.type == "identifier":
            return module.text(value)
        declaration = statement.child_by_field_name("declaration")
        name = declaration.child_by_field_name("name") if declaration is not None else None
        default = any(c.type == "default" for c in statement.children)
        if name is not None and statement.type == "export_statement" and default:
            return module.text(name)  # `export default function handler() {}`
    return None
