"""One pass over a TS/JS tree: functions, classes and the calls whose callee has a qualified name.

A callee is qualified through the file's imports (``jwt.sign`` -> ``jsonwebtoken.sign``), its own
functions (``src/auth/tokens.signAccess``), instances created from a qualified callee (``const
app = express()``: ``app.listen`` is ``express().listen``; ``new SignJWT()`` gives
``jose.SignJWT.…``), the parameters and fields of a class typed with an imported class
(``constructor(private jwt: JwtService)``: ``this.jwt.sign`` is ``@nestjs/jwt.JwtService.sign``)
and ``console``. Calls of anything else are not of interest and are not recorded. Scopes are
approximated by one namespace per file, in source order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from archlint.parsers.javascript.imports import Bindings
from archlint.parsers.javascript.syntax import UNKNOWN, Module, object_pairs, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

GLOBALS = frozenset({"console"})
_FUNCTIONS = {"arrow_function", "function_expression", "function", "generator_function"}
_DECLARATIONS = {"function_declaration", "generator_function_declaration"}
_CLASSES = {"class_declaration", "class", "abstract_class_declaration"}
_TYPE_NAMES = {"type_identifier", "identifier", "nested_type_identifier"}
# nodes that hold no call, declaration or class: not visited (most of a tree's nodes)
_INERT = frozenset(
    {
        "identifier", "property_identifier", "shorthand_property_identifier", "type_identifier",
        "this", "number", "true", "false", "null", "undefined", "comment", "regex", "jsx_text",
        "string", "predefined_type", "type_annotation", "type_arguments", "type_parameters",
        "interface_declaration", "type_alias_declaration", "import_statement",
        "statement_identifier",
        "private_property_identifier", "html_comment", "escape_sequence", "string_fragment",
    }
)  # fmt: skip


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


@dataclass
class _Class:
    name: str
    decorators: list[str]
    decorator_args: dict[str, list[Any]]
    this: dict[str, str] = field(default_factory=dict)


class Walker:
    """Walks one module; read ``functions``, ``calls`` and ``bindings`` afterwards."""

    def __init__(self, module: Module, bindings: Bindings, module_name: str) -> None:
        self.module = module
        self.bindings = bindings
        self.module_name = module_name
        self.functions: list[Function] = []
        self.calls: list[Call] = []
        self.instances: dict[str, str] = {}
        self.local_functions: dict[str, str] = {}
        self._classes: dict[tuple[int, int], _Class] = {}

    def run(self) -> None:
        root = self.module.root
        for statement in root.named_children:  # module-level bindings first: used before defined
            self._prescan(statement)
        # explicit stack (deeply nested code must not hit the recursion limit)
        stack: list[tuple[Node, str | None, _Class | None]] = [(root, None, None)]
        while stack:
            node, function, klass = stack.pop()
            children = self._visit(node, function, klass)
            stack.extend(reversed(children))

    # -- visiting ---------------------------------------------------------------------------------
    def _visit(
        self, node: Node, function: str | None, klass: _Class | None
    ) -> list[tuple[Node, str | None, _Class | None]]:
        kind = node.type
        if kind in _DECLARATIONS:
            name_node = node.child_by_field_name("name")
            if name_node is not None:
                name = self.module.text(name_node)
                function = self._function(name, node, klass, [], {})
        elif kind in _CLASSES:
            klass = self._class_cache(node)
            body = node.child_by_field_name("body")
            # calls in the class's decorators (`@Module({ imports: [JwtModule.register(...)] })`)
            decorators = [
                (c, function, klass) for c in node.named_children if c.type == "decorator"
            ]
            return decorators + (self._class_body(body, klass) if body is not None else [])
        elif kind == "variable_declarator":
            self._declarator(node, function, klass)
        elif kind in ("call_expression", "new_expression"):
            self._call(node, function)
        return [(c, function, klass) for c in node.named_children if c.type not in _INERT]

    def _class_body(
        self, body: Node, klass: _Class
    ) -> list[tuple[Node, str | None, _Class | None]]:
        out: list[tuple[Node, str | None, _Class | None]] = []
        pending: list[Node] = []
        for member in body.named_children:
            if member.type == "decorator":
                pending.append(member)
                continue
            decorators = pending + [c for c in member.named_children if c.type == "decorator"]
            pending = []
            name_node = member.child_by_field_name("name")
            value = unwrap(member.child_by_field_name("value"))
            is_method = member.type == "method_definition"
            is_arrow = value is not None and value.type in _FUNCTIONS
            if name_node is not None and (is_method or is_arrow):
                names, args = self._decorators(decorators)
                qualname = self._function(self.module.text(name_node), member, klass, names, args)
                out.append((member, qualname, klass))
            else:
                out.append((member, None, klass))
        return out

    def _function(
        self,
        name: str,
        node: Node,
        klass: _Class | None,
        decorators: list[str],
        decorator_args: dict[str, list[Any]],
    ) -> str:
        owner = f"{klass.name}." if klass is not None else ""
        qualname = f"{self.module_name}.{owner}{name}"
        is_async = any(c.type == "async" for c in node.children)
        value = unwrap(node.child_by_field_name("value"))
        if value is not None and value.type in _FUNCTIONS:
            is_async = is_async or any(c.type == "async" for c in value.children)
        self.functions.append(
            Function(
                name=name,
                qualname=qualname,
                decorators=decorators,
                class_decorators=list(klass.decorators) if klass is not None else [],
                decorator_args=decorator_args,
                class_decorator_args=dict(klass.decorator_args) if klass is not None else {},
                is_async=is_async,
                class_name=klass.name if klass is not None else None,
                node=node,
            )
        )
        if klass is None:
            self.local_functions.setdefault(name, qualname)
        return qualname

    def _class(self, node: Node) -> _Class:
        name_node = node.child_by_field_name("name")
        decorators = [c for c in node.named_children if c.type == "decorator"]
        parent = node.parent
        if parent is not None and parent.type == "export_statement":
            decorators = [c for c in parent.named_children if c.type == "decorator"] + decorators
        names, args = self._decorators(decorators)
        name = self.module.text(name_node) if name_node is not None else "<class>"
        klass = _Class(name, names, args)
        # cached before its members are read: a field initialised from another one
        # (`b = new B(this.a)`) asks for this class again and sees the fields read so far
        self._classes[(node.start_byte, node.end_byte)] = klass
        body = node.child_by_field_name("body")
        for member in body.named_children if body is not None else ():
            if member.type == "method_definition" and self._name(member) == "constructor":
                params = member.child_by_field_name("parameters")
                for param in params.named_children if params is not None else ():
                    pattern = param.child_by_field_name("pattern")
                    typed = self._type_of(param.child_by_field_name("type"))
                    if pattern is not None and typed is not None:
                        klass.this[self.module.text(pattern)] = typed
            elif member.type in ("public_field_definition", "field_definition"):
                name_node = member.child_by_field_name("name") or member.child_by_field_name(
                    "property"
                )
                if name_node is None:
                    continue
                typed = self._type_of(member.child_by_field_name("type"))
                value = self._instance_of(member.child_by_field_name("value"))
                if (value or typed) is not None:
                    klass.this[self.module.text(name_node)] = str(value or typed)
        return klass

    def _declarator(self, node: Node, function: str | None, klass: _Class | None) -> None:
        target = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        self._constants(target, value)
        inner = unwrap(value)
        if inner is not None and inner.type == "await_expression":
            inner = unwrap(inner.named_children[0]) if inner.named_children else None
        if inner is None or target is None:
            return
        if inner.type == "call_expression" and self._is_import_call(inner):
            callee = inner.child_by_field_name("function")
            style = "require" if callee is not None and callee.type == "identifier" else "dynamic"
            self.bindings.add_call_import(self.module, inner, target, style)
            return
        if inner.type == "member_expression":  # require('x').y
            obj = unwrap(inner.child_by_field_name("object"))
            prop = inner.child_by_field_name("property")
            if obj is not None and obj.type == "call_expression" and self._is_import_call(obj):
                self.bindings.add_call_import(self.module, obj, None, "require")
                base = self._specifier_of(obj)
                if base is not None and prop is not None and target.type == "identifier":
                    name = f"{base}.{self.module.text(prop)}"
                    self.bindings.names[self.module.text(target)] = name
                return
        if target.type != "identifier":
            return
        name = self.module.text(target)
        if inner.type in _FUNCTIONS and function is None and klass is None:
            self._function(name, node, None, [], {})
            return
        instance = self._instance_of(inner)
        if instance is not None:
            self.instances[name] = instance

    def _call(self, node: Node, function: str | None) -> None:
        if node.type == "call_expression" and self._is_import_call(node):
            parent = unwrap(node.parent)
            if parent is not None and parent.type == "await_expression":
                parent = parent.parent
            if parent is None or parent.type != "variable_declarator":
                callee = node.child_by_field_name("function")
                style = (
                    "require" if callee is not None and callee.type == "identifier" else "dynamic"
                )
                self.bindings.add_call_import(self.module, node, None, style)
            return
        construct = node.type == "new_expression"
        callee = node.child_by_field_name("constructor" if construct else "function")
        qualname = self.qualify(callee)
        if qualname is None or callee is None:
            return
        args_node = node.child_by_field_name("arguments")
        arg_nodes = [c for c in args_node.named_children] if args_node is not None else []
        args = [_plain(self.module.value(a)) for a in arg_nodes]
        kwargs: dict[str, Any] = {}
        first_object = next((unwrap(a) for a in arg_nodes if _is_object(a)), None)
        if first_object is not None:
            kwargs = {
                k: _plain(self.module.value(v)) for k, v in object_pairs(self.module, first_object)
            }
        parent = node.parent
        awaited = parent is not None and parent.type == "await_expression"
        self.calls.append(
            Call(
                qualname=qualname,
                name=self.module.text(callee),
                function=function,
                args=args,
                kwargs=kwargs,
                arg_calls=sorted(set(self._nested_calls(arg_nodes))),
                awaited=awaited,
                construct=construct,
                node=node,
                assigned_to=_assigned_name(self.module, node),
            )
        )

    def _constants(self, target: Node | None, value: Node | None) -> None:
        """Local constants join the file's (one namespace; module-level ones win), and so do
        destructuring defaults (``const { PORT = 3000 } = process.env``)."""
        if target is None:
            return
        if target.type == "identifier" and value is not None:
            self.module.constants.setdefault(self.module.text(target), value)
        elif target.type == "object_pattern":
            for part in target.named_children:
                if part.type == "object_assignment_pattern":
                    left, right = (
                        part.child_by_field_name("left"),
                        part.child_by_field_name("right"),
                    )
                    if left is not None and right is not None:
                        self.module.constants.setdefault(self.module.text(left), right)

    # -- naming -----------------------------------------------------------------------------------
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
        if node.type == "member_expression":
            obj = unwrap(node.child_by_field_name("object"))
            prop = node.child_by_field_name("property")
            if obj is None or prop is None:
                return None
            if obj.type == "this":
                klass = self._this_map(node)
                base = klass.get(self.module.text(prop)) if klass is not None else None
                return base
            if obj.type in ("call_expression", "new_expression"):
                inner = self.qualify(
                    obj.child_by_field_name(
                        "function" if obj.type == "call_expression" else "constructor"
                    )
                )
                if inner is None:
                    return None
                suffix = "()" if obj.type == "call_expression" else ""
                return f"{inner}{suffix}.{self.module.text(prop)}"
            base = self.qualify(obj)
            return f"{base}.{self.module.text(prop)}" if base is not None else None
        return None

    def _this_map(self, node: Node) -> dict[str, str] | None:
        """The ``this.x`` types of the class ``node`` is written in."""
        parent = node.parent
        while parent is not None and parent.type not in _CLASSES:
            parent = parent.parent
        if parent is None:
            return None
        return self._class_cache(parent).this

    def _class_cache(self, node: Node) -> _Class:
        key = (node.start_byte, node.end_byte)
        if key not in self._classes:
            self._class(node)
        return self._classes[key]

    def _instance_of(self, node: Node | None) -> str | None:
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

    def _decorators(self, nodes: list[Node]) -> tuple[list[str], dict[str, list[Any]]]:
        names: list[str] = []
        args: dict[str, list[Any]] = {}
        for decorator in nodes:
            expr = unwrap(decorator.named_children[0]) if decorator.named_children else None
            if expr is None:
                continue
            call_args: list[Any] = []
            if expr.type == "call_expression":
                arguments = expr.child_by_field_name("arguments")
                call_args = [
                    _plain(self.module.value(a))
                    for a in (arguments.named_children if arguments is not None else [])
                ]
                call_args += self._nested_calls(arguments.named_children if arguments else [])
                expr = expr.child_by_field_name("function")
            if expr is None:
                continue
            name = self.qualify(expr) or self.module.text(expr)
            names.append(name)
            args[name] = call_args
        return names, args

    def _nested_calls(self, nodes: list[Node]) -> list[str]:
        found: list[str] = []
        stack = list(nodes)
        while stack:
            node = stack.pop()
            if node.type in _FUNCTIONS:
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

    def _prescan(self, statement: Node) -> None:
        if statement.type == "import_statement":
            self.bindings.add_esm(self.module, statement)
        elif statement.type == "export_statement":
            inner = statement.child_by_field_name("declaration")
            if inner is not None:
                self._prescan(inner)
        elif statement.type in _DECLARATIONS:
            name = statement.child_by_field_name("name")
            if name is not None:
                text = self.module.text(name)
                self.local_functions.setdefault(text, f"{self.module_name}.{text}")

    def _is_import_call(self, node: Node) -> bool:
        callee = node.child_by_field_name("function")
        if callee is None:
            return False
        if callee.type == "import":
            return True
        return callee.type == "identifier" and self.module.text(callee) == "require"

    def _specifier_of(self, call: Node) -> str | None:
        args = call.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        value = self.module.value(first)
        return self.bindings.qualify_specifier(value) if isinstance(value, str) else None

    def _name(self, node: Node) -> str | None:
        name = node.child_by_field_name("name")
        return self.module.text(name) if name is not None else None


def _is_object(node: Node) -> bool:
    inner = unwrap(node)
    return inner is not None and inner.type == "object"


def _plain(value: Any) -> Any:
    """A static value as plain data: unknown parts are null."""
    if value is UNKNOWN:
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _assigned_name(module: Module, node: Node) -> str | None:
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
