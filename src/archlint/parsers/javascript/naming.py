"""Qualified names of callees in one TS/JS module.

A callee is qualified through the file's imports (``jwt.sign`` -> ``jsonwebtoken.sign``), its own
functions (``src/auth/tokens.signAccess``), instances created from a qualified callee (``const
app = express()``: ``app.listen`` is ``express().listen``; ``new SignJWT()`` gives
``jose.SignJWT.…``), the parameters and fields of a class typed with an imported class
(``constructor(private jwt: JwtService)``: ``this.jwt.sign`` is ``@nestjs/jwt.JwtService.sign``),
the methods of the class itself (``this.getTokens()``) and ``console``. Anything else has no
qualified name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from archlint.parsers.javascript.callsites import plain
from archlint.parsers.javascript.imports import Bindings
from archlint.parsers.javascript.syntax import Module, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

GLOBALS = frozenset({"console"})
FUNCTIONS = frozenset({"arrow_function", "function_expression", "function", "generator_function"})
CLASSES = frozenset({"class_declaration", "class", "abstract_class_declaration"})
_TYPE_NAMES = {"type_identifier", "identifier", "nested_type_identifier"}


@dataclass
class ClassInfo:
    name: str
    decorators: list[str]
    decorator_args: dict[str, list[Any]]
    this: dict[str, str] = field(default_factory=dict)  # `this.x` -> qualified type
    methods: set[str] = field(default_factory=set)


class Namer:
    """The names a module's code can call, filled while it is walked."""

    def __init__(self, module: Module, bindings: Bindings, module_name: str) -> None:
        self.module = module
        self.bindings = bindings
        self.module_name = module_name
        self.instances: dict[str, str] = {}
        self.local_functions: dict[str, str] = {}
        self._classes: dict[tuple[int, int], ClassInfo] = {}

    def qualify(self, node: Node | None) -> str | None:
        """The qualified name of an expression used as a callee, or None."""
        node = unwrap(node)
        if node is None:
            return None
        if node.type == "identifier":
            name = self.module.text(node)
            found = (
                self.bindings.names.get(name)
                or self.instances.get(name)
                or self.local_functions.get(name)
            )
            return found or (name if name in GLOBALS else None)
        if node.type != "member_expression":
            return None
        obj = unwrap(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property")
        if obj is None or prop is None:
            return None
        if obj.type == "this":
            klass = self._enclosing_class(node)
            if klass is None:
                return None
            name = self.module.text(prop)
            if name not in klass.this and name in klass.methods:  # `this.getTokens()`
                return f"{self.module_name}.{klass.name}.{name}"
            return klass.this.get(name)
        required = self._required(obj)
        if required is not None:  # `require('express').Router()`
            return f"{required}.{self.module.text(prop)}"
        if obj.type in ("call_expression", "new_expression"):
            call = obj.type == "call_expression"
            inner = self.qualify(obj.child_by_field_name("function" if call else "constructor"))
            if inner is None:
                return None
            return f"{inner}{'()' if call else ''}.{self.module.text(prop)}"
        base = self.qualify(obj)
        return f"{base}.{self.module.text(prop)}" if base is not None else None

    def class_of(self, node: Node) -> ClassInfo:
        """The name, decorators and ``this`` types of a class node (computed once)."""
        key = (node.start_byte, node.end_byte)
        if key not in self._classes:
            self._class(node)
        return self._classes[key]

    def instance_of(self, node: Node | None) -> str | None:
        """``express()`` -> ``express()``, ``new SignJWT()`` -> ``jose.SignJWT`` (through await)."""
        node = unwrap(node)
        if node is not None and node.type == "await_expression" and node.named_children:
            node = unwrap(node.named_children[0])
        if node is None:
            return None
        if node.type == "call_expression":
            callee = self.qualify(node.child_by_field_name("function"))
            return f"{callee}()" if callee is not None else None
        if node.type == "new_expression":
            return self.qualify(node.child_by_field_name("constructor"))
        return None

    def decorators(self, nodes: list[Node]) -> tuple[list[str], dict[str, list[Any]]]:
        """Qualified decorator names and their static arguments (plus calls inside them)."""
        names: list[str] = []
        args: dict[str, list[Any]] = {}
        for decorator in nodes:
            expr = unwrap(decorator.named_children[0]) if decorator.named_children else None
            if expr is None:
                continue
            call_args: list[Any] = []
            if expr.type == "call_expression":
                arguments = expr.child_by_field_name("arguments")
                children = arguments.named_children if arguments is not None else []
                call_args = [plain(self.module.value(a)) for a in children]
                call_args += self.nested_calls(children)
                expr = expr.child_by_field_name("function")
            if expr is None:
                continue
            name = self.qualify(expr) or self.module.text(expr)
            names.append(name)
            args[name] = call_args
        return names, args

    def nested_calls(self, nodes: list[Node]) -> list[str]:
        """Qualified callees of the calls inside ``nodes`` (not inside functions)."""
        found: list[str] = []
        stack = list(nodes)
        while stack:
            node = stack.pop()
            if node.type in FUNCTIONS:
                continue
            if node.type in ("call_expression", "new_expression"):
                callee = node.child_by_field_name(
                    "function" if node.type == "call_expression" else "constructor"
                )
                qualname = self.qualify(callee)
                if qualname is not None:
                    found.append(qualname)
            stack.extend(node.named_children)
        return found

    def _required(self, node: Node) -> str | None:
        """The module of ``require('x')`` with a literal, qualified; else None."""
        if node.type != "call_expression":
            return None
        callee = node.child_by_field_name("function")
        if callee is None or callee.type != "identifier" or self.module.text(callee) != "require":
            return None
        args = node.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        value = self.module.value(first)
        return self.bindings.qualify_specifier(value) if isinstance(value, str) else None

    def _enclosing_class(self, node: Node) -> ClassInfo | None:
        parent = node.parent
        while parent is not None and parent.type not in CLASSES:
            parent = parent.parent
        return self.class_of(parent) if parent is not None else None

    def _class(self, node: Node) -> ClassInfo:
        name_node = node.child_by_field_name("name")
        decorators = [c for c in node.named_children if c.type == "decorator"]
        parent = node.parent
        if parent is not None and parent.type == "export_statement":
            decorators = [c for c in parent.named_children if c.type == "decorator"] + decorators
        names, args = self.decorators(decorators)
        name = self.module.text(name_node) if name_node is not None else "<class>"
        klass = ClassInfo(name, names, args)
        # cached before its members are read: a field initialised from another one
        # (`b = new B(this.a)`) asks for this class again and sees the fields read so far
        self._classes[(node.start_byte, node.end_byte)] = klass
        body = node.child_by_field_name("body")
        for member in body.named_children if body is not None else ():
            member_name = member.child_by_field_name("name")
            if member.type == "method_definition" and member_name is not None:
                klass.methods.add(self.module.text(member_name))
            if member.type == "method_definition" and (
                member_name is not None and self.module.text(member_name) == "constructor"
            ):
                params = member.child_by_field_name("parameters")
                for param in params.named_children if params is not None else ():
                    pattern = param.child_by_field_name("pattern")
                    typed = self._type_of(param.child_by_field_name("type"))
                    if pattern is not None and typed is not None:
                        klass.this[self.module.text(pattern)] = typed
            elif member.type in ("public_field_definition", "field_definition"):
                name_node = member_name or member.child_by_field_name("property")
                if name_node is None:
                    continue
                typed = self._type_of(member.child_by_field_name("type"))
                value = self.instance_of(member.child_by_field_name("value"))
                if (value or typed) is not None:
                    klass.this[self.module.text(name_node)] = str(value or typed)
        return klass

    def _type_of(self, annotation: Node | None) -> str | None:
        if annotation is None:
            return None
        for child in annotation.named_children:
            if child.type == "generic_type":
                child = child.child_by_field_name("name") or child
            if child.type in _TYPE_NAMES:
                head, _, rest = self.module.text(child).partition(".")
                base = self.bindings.names.get(head)
                if base is not None:
                    return f"{base}.{rest}" if rest else base
        return None
