"""A parsed TS/JS file: node text and positions, and static values of expressions.

Nothing is executed: a value is computed from literals, arithmetic, module-level constants of
the same file and object literals; everything else is :data:`UNKNOWN`. ``a || b`` and ``a ?? b``
with an unknown ``a`` (``process.env.PORT || 3000``) are the default ``b``: what the code runs
with when the environment says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from tree_sitter import Node


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()
# wrappers whose value is their operand's (`Number(x)`, `x as number`, `(x)`, `x!`)
_TRANSPARENT = {"parenthesized_expression", "as_expression", "satisfies_expression"}
_TRANSPARENT |= {"non_null_expression", "type_assertion"}
_CONVERSIONS = {"Number", "parseInt", "parseFloat", "String"}
_ARITHMETIC = {"+", "-", "*", "/", "%", "**"}
_MAX_DEPTH = 12


class Module:
    """One source file's bytes, tree and module-level constants."""

    def __init__(self, data: bytes, root: Node) -> None:
        self.data = data
        self.root = root
        self._line_starts = [0] + [m.end() for m in re.finditer(b"\n", data)]
        self.constants: dict[str, Node] = {}
        for declarator in top_level_declarators(root):
            name = declarator.child_by_field_name("name")
            value = declarator.child_by_field_name("value")
            if name is not None and value is not None and name.type == "identifier":
                self.constants[self.text(name)] = value

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def position(self, node: Node) -> tuple[int, int]:
        """1-based line and column (in characters, not bytes) of ``node``'s start."""
        row, byte_col = node.start_point
        start = self._line_starts[row] if row < len(self._line_starts) else 0
        column = len(self.data[start : start + byte_col].decode("utf-8", "replace"))
        return row + 1, column + 1

    def value(self, node: Node | None, depth: int = 0) -> Any:
        """The static value of an expression, or :data:`UNKNOWN`."""
        if node is None or depth > _MAX_DEPTH:
            return UNKNOWN
        kind = node.type
        if kind in ("string", "template_string"):
            return string_value(self, node)
        if kind == "number":
            return number_value(self.text(node))
        if kind in ("true", "false"):
            return kind == "true"
        if kind == "null":
            return None
        if kind in _TRANSPARENT:
            inner = node.named_children
            return self.value(inner[0], depth + 1) if inner else UNKNOWN
        if kind in ("identifier", "shorthand_property_identifier"):
            found = self.constants.get(self.text(node))
            return UNKNOWN if found is None else self.value(found, depth + 1)
        if kind == "member_expression":
            return self._member(node, depth)
        if kind == "binary_expression":
            return self._binary(node, depth)
        if kind == "unary_expression":
            operand = self.value(node.child_by_field_name("argument"), depth + 1)
            operator = self.text(node.child_by_field_name("operator") or node)
            if isinstance(operand, int | float) and not isinstance(operand, bool):
                return -operand if operator == "-" else operand if operator == "+" else UNKNOWN
            if operator == "+" and isinstance(operand, str):
                return number_value(operand)
            return UNKNOWN
        if kind == "call_expression":
            return self._conversion(node, depth)
        if kind == "object":
            return self._object(node, depth)
        if kind == "array":
            return [self.value(c, depth + 1) for c in node.named_children]
        return UNKNOWN

    def _member(self, node: Node, depth: int) -> Any:
        obj = self.value(node.child_by_field_name("object"), depth + 1)
        prop = node.child_by_field_name("property")
        if isinstance(obj, dict) and prop is not None:
            return obj.get(self.text(prop), UNKNOWN)
        return UNKNOWN

    def _binary(self, node: Node, depth: int) -> Any:
        operator = self.text(node.child_by_field_name("operator") or node)
        left = self.value(node.child_by_field_name("left"), depth + 1)
        right = self.value(node.child_by_field_name("right"), depth + 1)
        if operator in ("||", "??"):
            if left is UNKNOWN:
                return right
            return right if (not left if operator == "||" else left is None) else left
        if left is UNKNOWN or right is UNKNOWN or operator not in _ARITHMETIC:
            return UNKNOWN
        if operator == "+" and isinstance(left, str) and isinstance(right, str):
            return left + right
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right)):
            return UNKNOWN
        result = _arithmetic(operator, left, right)
        if isinstance(result, float) and result.is_integer():
            return int(result)
        return result

    def _conversion(self, node: Node, depth: int) -> Any:
        function = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if function is None or args is None or self.text(function) not in _CONVERSIONS:
            return UNKNOWN
        first = next(iter(args.named_children), None)
        value = self.value(first, depth + 1)
        if self.text(function) == "String" or value is UNKNOWN:
            return value
        return number_value(value) if isinstance(value, str) else value

    def _object(self, node: Node, depth: int) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in object_pairs(self, node):
            found[key] = self.value(value, depth + 1)
        return found


def top_level_declarators(root: Node) -> Iterator[Node]:
    """``const/let/var`` declarators at module level, exported ones included."""
    for statement in root.named_children:
        if statement.type == "export_statement":
            inner = statement.child_by_field_name("declaration")
            if inner is None:
                continue
            statement = inner
        if statement.type in ("lexical_declaration", "variable_declaration"):
            yield from (c for c in statement.named_children if c.type == "variable_declarator")


def object_pairs(module: Module, node: Node) -> Iterator[tuple[str, Node]]:
    """``key: value`` pairs of an object literal with a static key (shorthand ``{ port }`` is
    ``port: port``; spreads and computed keys are skipped)."""
    for child in node.named_children:
        if child.type == "pair":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if key is None or value is None:
                continue
            name = property_name(module, key)
            if name is not None:
                yield name, value
        elif child.type == "shorthand_property_identifier":
            yield module.text(child), child


def property_name(module: Module, key: Node) -> str | None:
    if key.type in ("property_identifier", "identifier", "shorthand_property_identifier"):
        return module.text(key)
    if key.type == "string":
        value = string_value(module, key)
        return value if isinstance(value, str) else None
    if key.type == "number":
        return module.text(key)
    return None


def object_arg(module: Module, node: Node | None) -> dict[str, Node]:
    """The pairs of an object literal by key (empty when ``node`` is not one)."""
    node = unwrap(node)
    if node is None or node.type != "object":
        return {}
    return dict(object_pairs(module, node))


def unwrap(node: Node | None) -> Node | None:
    while node is not None and node.type in _TRANSPARENT:
        inner = node.named_children
        node = inner[0] if inner else None
    return node


def string_value(module: Module, node: Node) -> Any:
    """A string literal's value; a template with ``${...}`` is :data:`UNKNOWN`."""
    parts = []
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(module.text(child))
        elif child.type == "escape_sequence":
            parts.append(_unescape(module.text(child)))
        elif child.type == "template_substitution":
            return UNKNOWN
    return "".join(parts)


def number_value(text: Any) -> Any:
    """A JS number literal (``3_600``, ``0x1F``, ``1e3``) or numeric string, else UNKNOWN."""
    if not isinstance(text, str):
        return UNKNOWN
    raw = text.strip().replace("_", "").lower().rstrip("n")
    try:
        if raw.startswith(("0x", "0o", "0b")):
            return int(raw, 0)
        number = float(raw)
    except ValueError:
        return UNKNOWN
    return int(number) if number.is_integer() else number


def _unescape(sequence: str) -> str:
    simple = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}
    body = sequence[1:]
    if body[:1] in simple and len(body) == 1:
        return simple[body]
    if body[:1] in ("x", "u"):
        digits = body[1:].strip("{}")
        try:
            return chr(int(digits, 16))
        except (ValueError, OverflowError):
            return ""
    return body


def _arithmetic(operator: str, left: float, right: float) -> Any:
    try:
        if operator == "+":
            return left + right
        if operator == "-":
            return left - right
        if operator == "*":
            return left * right
        if operator == "/":
            return left / right
        if operator == "%":
            return left % right
        return left**right if abs(right) < 64 and abs(left) < 2**32 else UNKNOWN
    except (ZeroDivisionError, OverflowError):
        return UNKNOWN
