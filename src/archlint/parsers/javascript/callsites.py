"""What the walker records: functions and the calls whose callee has a qualified name, with the
static values of their arguments (unknown parts are ``None``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archlint.parsers.javascript.syntax import UNKNOWN, Module, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node


@dataclass
class Function:
    name: str
    qualname: str
    decorators: list[str]
    class_decorators: list[str]
    decorator_args: dict[str, list[Any]]  # qualname -> static arguments of the decorator
    class_decorator_args: dict[str, list[Any]]
    is_async: bool
    class_name: str | None
    node: Node


@dataclass
class Call:
    qualname: str
    name: str
    function: str | None
    args: list[Any]
    kwargs: dict[str, Any]
    arg_calls: list[str]
    awaited: bool
    construct: bool
    node: Node  # the call_expression / new_expression
    assigned_to: str | None  # `const refreshToken = jwt.sign(...)`


def plain(value: Any) -> Any:
    """A static value as plain data: unknown parts are null."""
    if value is UNKNOWN:
        return None
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def is_object(node: Node) -> bool:
    inner = unwrap(node)
    return inner is not None and inner.type == "object"


def assigned_name(module: Module, node: Node) -> str | None:
    """The variable or property a call's result is assigned to (through ``await``)."""
    parent = node.parent
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
        parent = parent.parent
    if parent is None:
        return None
    if parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        return module.text(name) if name is not None else None
    if parent.type == "pair":
        key = parent.child_by_field_name("key")
        return module.text(key) if key is not None else None
    if parent.type == "assignment_expression":
        left = parent.child_by_field_name("left")
        return module.text(left).rpartition(".")[2] if left is not None else None
    return None
