"""HCL2 text -> blocks and attributes with positions; static values and references of
expressions.

The Lark tree of python-hcl2's grammar is read directly (hcl2's own transformer drops
positions and rewrites expressions as strings). Nothing is evaluated beyond literals: a value is
static when it is a literal, a string or heredoc without interpolation (or whose interpolations
resolve statically), a list or object of static values, or a reference the caller resolves
(``var.x`` to its default, ``local.y`` to its value). Everything else is :data:`UNKNOWN`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from archlint.domain.facts import Diagnostic
from archlint.domain.location import Location
from archlint.formats import nesting


class _Unknown:
    """The value of an expression that is not static."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()

# roots of a traversal that name no block of the module
_NOT_BLOCKS = frozenset({"count", "path", "self", "terraform", "true", "false", "null"})


@dataclass(frozen=True, slots=True)
class Ref:
    """A traversal written in an expression: ``azurerm_kubernetes_cluster.aks.kubelet_identity[0]``
    has root ``azurerm_kubernetes_cluster`` and parts ``aks``, ``kubelet_identity``, ``[0]``."""

    root: str
    parts: tuple[str, ...]
    text: str
    line: int
    column: int


@dataclass(slots=True)
class Attribute:
    name: str
    line: int
    column: int
    expr: Any  # the Lark tree, dropped with the file


@dataclass(slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    line: int
    column: int
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


Resolver = Callable[[Ref], Any]


def parse_hcl(path: str, text: str, max_depth: int = 200) -> tuple[list[Block], Diagnostic | None]:
    """The top-level blocks of one file, or a diagnostic naming where parsing stopped (text
    nested deeper than ``max_depth`` brackets is not parsed: the tree walks recurse)."""
    top, problem = parse_body(path, text, max_depth)
    return top.blocks, problem


def parse_body(path: str, text: str, max_depth: int = 200) -> tuple[Block, Diagnostic | None]:
    """The whole file as one block: its top-level attributes (a ``.tfvars`` file) and blocks."""
    from lark.exceptions import LarkError, UnexpectedInput

    from archlint.parsers.terraform.grammar import hcl_parser

    empty = Block("", (), 1, 1)
    deep = nesting.too_deep(text, max_depth)
    if deep is not None:
        return empty, Diagnostic(Location(path, *deep), nesting.message(max_depth))
    try:
        tree = hcl_parser().parse(text + "\n")
    except UnexpectedInput as exc:
        line, column = max(getattr(exc, "line", 1), 1), max(getattr(exc, "column", 1), 1)
        return empty, Diagnostic(Location(path, line, column), _syntax_message(exc))
    except (LarkError, RecursionError) as exc:
        return empty, Diagnostic(Location(path), f"cannot parse HCL: {type(exc).__name__}")
    return (_body(tree.children[0]) if tree.children else empty), None


def value_of(expr: Any, resolve: Resolver) -> Any:
    """The static value of ``expr`` (references through ``resolve``), else :data:`UNKNOWN`."""
    return _Evaluator(resolve).value(expr)


def refs_of(expr: Any, source: str) -> list[Ref]:
    """Every traversal of ``expr`` that can name a block, in written order. ``source`` is the
    file's text, for the traversal as written."""
    found: list[Ref] = []
    _collect(expr, source, frozenset(), found)
    return found


def walk_attributes(block: Block, prefix: str = "") -> Iterator[tuple[str, Attribute]]:
    """Every attribute of ``block`` and of its nested blocks, by dotted path (a ``dynamic
    "x"`` block's ``content`` counts as a block ``x``)."""
    for name, attribute in block.attributes.items():
        yield prefix + name, attribute
    for child in block.blocks:
        inner = prefix + nested_name(child) + "."
        if child.type == "dynamic":
            for name, attribute in child.attributes.items():
                yield inner + name, attribute
            child = content_of(child)
            if child.type == "dynamic":
                continue
        yield from walk_attributes(child, inner)


def nested_name(block: Block) -> str:
    return block.labels[0] if block.type == "dynamic" and block.labels else block.type


def content_of(block: Block) -> Block:
    """A ``dynamic`` block's ``content`` (what it generates); any other block itself."""
    if block.type != "dynamic":
        return block
    return next((b for b in block.blocks if b.type == "content"), block)


# -- the tree ---------------------------------------------------------------------------------
def _syntax_message(exc: Any) -> str:
    token = getattr(exc, "token", None)
    if token is not None and str(token).strip():
        return f"invalid HCL: unexpected {str(token).strip()[:40]!r}"
    char = getattr(exc, "char", None)
    if char is not None:
        return f"invalid HCL: unexpected character {char!r}"
    return "invalid HCL: unexpected end of file"


def _body(body: Any) -> Block:
    holder = Block("", (), 1, 1)
    for child in body.children:
        if isinstance(child, str):
            continue
        if child.data == "attribute":
            name = _name(child.children[0])
            expr = child.children[-1]
            holder.attributes[name] = Attribute(name, child.meta.line, child.meta.column, expr)
        elif child.data == "block":
            holder.blocks.append(_block(child))
    return holder


def _block(node: Any) -> Block:
    kids = [c for c in node.children if not isinstance(c, str)]
    names = [c for c in kids if c.data in ("identifier", "keyword", "literal_value", "string")]
    labels = tuple(_label(c) for c in names[1:])
    inner = _body(next(c for c in kids if c.data == "body"))
    return Block(
        _name(names[0]), labels, node.meta.line, node.meta.column, inner.attributes, inner.blocks
    )


def _name(node: Any) -> str:
    return str(node.children[0]) if node.children else ""


def _label(node: Any) -> str:
    if node.data != "string":
        return _name(node)
    value = _Evaluator(lambda _ref: UNKNOWN).value(node)
    return value if isinstance(value, str) else ""


def _skip(node: Any) -> bool:
    return isinstance(node, str) or node.data == "new_line_or_comment"


def _trees(node: Any) -> list[Any]:
    return [c for c in node.children if not _skip(c)]


_TRAVERSALS = frozenset(
    {"get_attr_expr_term", "index_expr_term", "attr_splat_expr_term", "full_splat_expr_term"}
)
_HEREDOC = re.compile(r"\A<<-?([A-Za-z][\w.-]*)\r?\n(.*?)\r?\n?[ \t]*\1\r?\n?\Z", re.S)
_INTERP_REF = re.compile(r"\$\{([^}]*)\}")
_TRAVERSAL_TEXT = re.compile(r"\b([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[\d+\])+)")


def _collect(node: Any, source: str, bound: frozenset[str], out: list[Ref]) -> None:
    if _skip(node):
        return
    data = node.data
    if data in _TRAVERSALS or (data == "expr_term" and _is_identifier_term(node)):
        parts: list[str] = []
        root = _chain(node, parts, source, bound, out)
        if root is not None and root not in bound and root not in _NOT_BLOCKS and parts:
            text = source[node.meta.start_pos : node.meta.end_pos]
            out.append(Ref(root, tuple(parts), text, node.meta.line, node.meta.column))
        return
    if data in ("for_tuple_expr", "for_object_expr"):
        intro = next(c for c in _trees(node) if c.data == "for_intro")
        names = [_name(c) for c in _trees(intro) if c.data == "identifier"]
        for c in _trees(intro):
            if c.data != "identifier":
                _collect(c, source, bound, out)
        inner = bound | frozenset(names)
        for c in _trees(node):
            if c.data != "for_intro":
                _collect(c, source, inner, out)
        return
    if data in ("heredoc_template", "heredoc_template_trim"):
        _heredoc_refs(node, bound, out)
        return
    for child in node.children:
        _collect(child, source, bound, out)


def _is_identifier_term(node: Any) -> bool:
    kids = _trees(node)
    return len(kids) == 1 and not isinstance(kids[0], str) and kids[0].data == "identifier"


def _chain(
    node: Any, parts: list[str], source: str, bound: frozenset[str], out: list[Ref]
) -> str | None:
    """The root name of a traversal, with its steps appended to ``parts`` (indexes as
    ``[0]``/``["k"]``/``[*]``); references inside an index expression go to ``out``."""
    data = node.data
    kids = _trees(node)
    if data == "expr_term":
        if _is_identifier_term(node):
            return _name(kids[0])
        if len(kids) == 1 and kids[0].data in _TRAVERSALS:
            return _chain(kids[0], parts, source, bound, out)
        _collect(node, source, bound, out)
        return None
    if data not in _TRAVERSALS:
        _collect(node, source, bound, out)
        return None
    root = _chain(kids[0], parts, source, bound, out)
    for step in kids[1:]:
        _step(step, parts, source, bound, out)
    return root


def _step(step: Any, parts: list[str], source: str, bound: frozenset[str], out: list[Ref]) -> None:
    if step.data == "get_attr":
        parts.append(_name(_trees(step)[0]))
    elif step.data == "short_index":
        parts.append(f"[{next(str(c) for c in step.children if str(c).isdigit())}]")
    elif step.data == "braces_index":
        inner = _trees(step)[0]
        index = value_of(inner, lambda _ref: UNKNOWN)
        parts.append(f"[{index!r}]" if index is not UNKNOWN else "[?]")
        if index is UNKNOWN:
            _collect(inner, source, bound, out)
    elif step.data in ("attr_splat", "full_splat"):
        parts.append("[*]")
        for sub in _trees(step):
            _step(sub, parts, source, bound, out)


def _heredoc_refs(node: Any, bound: frozenset[str], out: list[Ref]) -> None:
    token = node.children[0]
    text = str(token)
    for interp in _INTERP_REF.finditer(text):
        for m in _TRAVERSAL_TEXT.finditer(interp.group(1)):
            root, rest = m.group(1), m.group(2)
            if root in bound or root in _NOT_BLOCKS:
                continue
            at = interp.start(1) + m.start()
            line = token.line + text.count("\n", 0, at)
            column = at - text.rfind("\n", 0, at)
            parts = tuple(p for p in re.split(r"\.|(?=\[)", rest) if p)
            out.append(Ref(root, parts, m.group(0), line, column))


class _Evaluator:
    def __init__(self, resolve: Resolver) -> None:
        self.resolve = resolve

    def value(self, node: Any) -> Any:
        if _skip(node):
            return UNKNOWN
        handler = getattr(self, "_" + str(node.data), None)
        return handler(node) if handler is not None else UNKNOWN

    def _expr_term(self, node: Any) -> Any:
        kids = _trees(node)
        return self.value(kids[0]) if len(kids) == 1 else UNKNOWN

    def _int_lit(self, node: Any) -> Any:
        return int(str(node.children[0]))

    def _float_lit(self, node: Any) -> Any:
        return float(str(node.children[0]))

    def _literal_value(self, node: Any) -> Any:
        return {"true": True, "false": False, "null": None}.get(str(node.children[0]), UNKNOWN)

    def _string(self, node: Any) -> Any:
        from hcl2.utils import process_escape_sequences

        out: list[str] = []
        for part in _trees(node):
            piece: Any = part.children[0]
            if isinstance(piece, str):
                kind = getattr(piece, "type", "")
                if kind == "STRING_CHARS":
                    out.append(process_escape_sequences(str(piece)))
                elif kind in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                    out.append(str(piece)[1:])
                else:
                    return UNKNOWN
            elif piece.data == "interpolation":
                inner = self.value(_trees(piece)[0])
                if inner is UNKNOWN or isinstance(inner, list | dict) or inner is None:
                    return UNKNOWN
                out.append(_as_text(inner))
            else:
                return UNKNOWN
        return "".join(out)

    def _heredoc_template(self, node: Any) -> Any:
        m = _HEREDOC.match(str(node.children[0]))
        if m is None or "${" in m.group(2) or "%{" in m.group(2):
            return UNKNOWN
        return m.group(2) + "\n"

    def _heredoc_template_trim(self, node: Any) -> Any:
        body = self._heredoc_template(node)
        if body is UNKNOWN:
            return UNKNOWN
        lines = body.split("\n")
        widths = [len(s) - len(s.lstrip(" \t")) for s in lines if s.strip()]
        cut = min(widths, default=0)
        return "\n".join(s[cut:] for s in lines)

    def _tuple(self, node: Any) -> Any:
        items = [self.value(c) for c in _trees(node)]
        return UNKNOWN if any(i is UNKNOWN for i in items) else items

    def _object(self, node: Any) -> Any:
        result: dict[str, Any] = {}
        for elem in _trees(node):
            key_node, expr = _trees(elem)
            key = self._key(key_node)
            value = self.value(expr)
            if key is UNKNOWN or value is UNKNOWN:
                return UNKNOWN
            result[key] = value
        return result

    def _key(self, node: Any) -> Any:
        inner = _trees(node)[0]
        if inner.data == "keyword":
            return _name(inner)
        if inner.data == "expr_term" and _is_identifier_term(inner):
            return _name(_trees(inner)[0])
        key = self.value(inner)
        return _as_text(key) if isinstance(key, str | int | float) else UNKNOWN

    def _get_attr_expr_term(self, node: Any) -> Any:
        found: list[Ref] = []
        parts: list[str] = []
        root = _chain(node, parts, "", frozenset(), found)
        if root is None or found or root in _NOT_BLOCKS:
            return UNKNOWN
        return self.resolve(Ref(root, tuple(parts), "", node.meta.line, node.meta.column))

    _index_expr_term = _get_attr_expr_term


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def object_paths(name: str, expr: Any) -> list[tuple[str, Any]]:
    """``name`` and ``expr``, and for an object literal every key inside it as a dotted path
    (``oms_agent.log_analytics_workspace_id``), each with its expression."""
    found: list[tuple[str, Any]] = [(name, expr)]
    inner = _unwrap(expr)
    if inner is not None and inner.data == "conditional":  # `cond ? {...} : null`: both sides
        for branch in _trees(inner)[1:]:
            found.extend(object_paths(name, branch)[1:])
        return found
    if inner is None or inner.data != "object":
        return found
    for elem in _trees(inner):
        key_node, sub = _trees(elem)
        key = _Evaluator(lambda _ref: UNKNOWN)._key(key_node)
        if isinstance(key, str):
            found.extend(object_paths(f"{name}.{key}", sub))
    return found


def text_of(node: Any, source: str) -> str:
    """An expression as written."""
    return source[node.meta.start_pos : node.meta.end_pos] if not _skip(node) else ""


def _unwrap(expr: Any) -> Any:
    while not _skip(expr) and expr.data == "expr_term":
        kids = _trees(expr)
        if len(kids) != 1:
            return None
        expr = kids[0]
    return None if _skip(expr) else expr
