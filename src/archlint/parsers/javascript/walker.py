"""One pass over a TS/JS tree: functions, classes and the calls whose callee has a qualified name
(:mod:`.naming` says how a callee is named). Calls of anything else are not of interest and are
not recorded. Scopes are approximated by one namespace per file, in source order.

A function is a declaration, a class method (its decorators and its class's qualified), a
module-level arrow function or function expression, and a module-level wrapper of one
(``const refresh = catchAsync(async (req, res) => {...})``): the calls in its body are its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archlint.parsers.javascript.callsites import Call, Function, assigned_name, is_object, plain
from archlint.parsers.javascript.imports import Bindings
from archlint.parsers.javascript.naming import CLASSES, FUNCTIONS, ClassInfo, Namer
from archlint.parsers.javascript.syntax import Module, object_pairs, unwrap

if TYPE_CHECKING:
    from tree_sitter import Node

__all__ = ["Call", "Function", "Walker"]

_DECLARATIONS = {"function_declaration", "generator_function_declaration"}
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
_Item = tuple["Node", str | None, ClassInfo | None]


class Walker:
    """Walks one module; read ``functions``, ``calls`` and ``bindings`` afterwards."""

    def __init__(self, module: Module, bindings: Bindings, module_name: str) -> None:
        self.module = module
        self.bindings = bindings
        self.module_name = module_name
        self.functions: list[Function] = []
        self.calls: list[Call] = []
        self.callees: dict[str, set[str]] = {}  # function -> every callee of its body, as written
        self.first_args: dict[str, set[str]] = {}  # `KEY` / `obj.key` -> callees it is passed to
        self.names = Namer(module, bindings, module_name)

    @property
    def instances(self) -> dict[str, str]:
        return self.names.instances

    def qualify(self, node: Node | None) -> str | None:
        """The qualified name of an expression used as a callee, or None."""
        return self.names.qualify(node)

    def run(self) -> None:
        root = self.module.root
        for statement in root.named_children:  # module-level bindings first: used before defined
            self._prescan(statement)
        # explicit stack (deeply nested code must not hit the recursion limit)
        stack: list[_Item] = [(root, None, None)]
        while stack:
            node, function, klass = stack.pop()
            children = self._visit(node, function, klass)
            stack.extend(reversed(children))

    # -- visiting ---------------------------------------------------------------------------------
    def _visit(self, node: Node, function: str | None, klass: ClassInfo | None) -> list[_Item]:
        kind = node.type
        if kind in _DECLARATIONS:
            name_node = node.child_by_field_name("name")
            if name_node is not None:
                name = self.module.text(name_node)
                function = self._function(name, node, klass, [], {})
        elif kind in CLASSES:
            klass = self.names.class_of(node)
            body = node.child_by_field_name("body")
            # calls in the class's decorators (`@Module({ imports: [JwtModule.register(...)] })`)
            decorators = [
                (c, function, klass) for c in node.named_children if c.type == "decorator"
            ]
            return decorators + (self._class_body(body, klass) if body is not None else [])
        elif kind == "variable_declarator":
            function = self._declarator(node, function, klass) or function
        elif kind in ("call_expression", "new_expression"):
            self._call(node, function)
        return [(c, function, klass) for c in node.named_children if c.type not in _INERT]

    def _class_body(self, body: Node, klass: ClassInfo) -> list[_Item]:
        out: list[_Item] = []
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
            is_arrow = value is not None and value.type in FUNCTIONS
            if name_node is not None and (is_method or is_arrow):
                names, args = self.names.decorators(decorators)
                qualname = self._function(self.module.text(name_node), member, klass, names, args)
                out.append((member, qualname, klass))
            else:
                out.append((member, None, klass))
        return out

    def _function(
        self,
        name: str,
        node: Node,
        klass: ClassInfo | None,
        decorators: list[str],
        decorator_args: dict[str, list[Any]],
    ) -> str:
        owner = f"{klass.name}." if klass is not None else ""
        qualname = f"{self.module_name}.{owner}{name}"
        is_async = any(c.type == "async" for c in node.children)
        value = _function_value(node.child_by_field_name("value"))
        if value is not None:
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
            self.names.local_functions.setdefault(name, qualname)
        return qualname

    def _declarator(self, node: Node, function: str | None, klass: ClassInfo | None) -> str | None:
        """Bindings, constants and instances of a declaration; the qualified name of the
        function it defines at module level, if any."""
        target = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        self._constants(target, value)
        inner = unwrap(value)
        if inner is not None and inner.type == "await_expression":
            inner = unwrap(inner.named_children[0]) if inner.named_children else None
        if inner is None or target is None:
            return None
        if inner.type == "call_expression" and self._is_import_call(inner):
            callee = inner.child_by_field_name("function")
            style = "require" if callee is not None and callee.type == "identifier" else "dynamic"
            self.bindings.add_call_import(self.module, inner, target, style)
            return None
        if inner.type == "member_expression":  # require('x').y
            obj = unwrap(inner.child_by_field_name("object"))
            prop = inner.child_by_field_name("property")
            if obj is not None and obj.type == "call_expression" and self._is_import_call(obj):
                self.bindings.add_call_import(self.module, obj, None, "require")
                base = self._specifier_of(obj)
                if base is not None and prop is not None and target.type == "identifier":
                    name = f"{base}.{self.module.text(prop)}"
                    self.bindings.names[self.module.text(target)] = name
                return None
        if target.type != "identifier":
            return None
        name = self.module.text(target)
        if function is None and klass is None and _function_value(inner) is not None:
            return self._function(name, node, None, [], {})
        instance = self.names.instance_of(inner)
        if instance is not None:
            self.names.instances[name] = instance
        return None

    def _call(self, node: Node, function: str | None) -> None:
        if node.type == "call_expression" and self._is_import_call(node):
            if self._cjs_reexport(node):
                return
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
        if callee is not None and not construct:
            written = "".join(self.module.text(callee).split()).replace("?.", ".")[:120]
            if function is not None:
                self.callees.setdefault(function, set()).add(written)
            self._first_arg(node, written)
        qualname = self.qualify(callee)
        if qualname is None or callee is None:
            return
        args_node = node.child_by_field_name("arguments")
        arg_nodes = [c for c in args_node.named_children] if args_node is not None else []
        kwargs: dict[str, Any] = {}
        first_object = next((unwrap(a) for a in arg_nodes if is_object(a)), None)
        if first_object is not None:
            pairs = object_pairs(self.module, first_object)
            kwargs = {k: plain(self.module.value(v)) for k, v in pairs}
        parent = node.parent
        self.calls.append(
            Call(
                qualname=qualname,
                name=self.module.text(callee),
                function=function,
                args=[plain(self.module.value(a)) for a in arg_nodes],
                kwargs=kwargs,
                arg_calls=sorted(set(self.names.nested_calls(arg_nodes))),
                awaited=parent is not None and parent.type == "await_expression",
                construct=construct,
                node=node,
                assigned_to=assigned_name(self.module, node),
            )
        )

    def _first_arg(self, node: Node, callee: str) -> None:
        args = node.child_by_field_name("arguments")
        first = unwrap(args.named_children[0]) if args is not None and args.named_children else None
        if first is not None and first.type in ("identifier", "member_expression"):
            self.first_args.setdefault(self.module.text(first), set()).add(callee)

    def _cjs_reexport(self, node: Node) -> bool:
        """``module.exports.authService = require('./auth.service')`` (an index module): the
        module re-exported under a name."""
        parent = unwrap(node.parent)
        if parent is None or parent.type != "assignment_expression":
            return False
        left = parent.child_by_field_name("left")
        text = self.module.text(left) if left is not None else ""
        head, _, name = text.rpartition(".")
        specifier = self._specifier_of(node)
        if head not in ("module.exports", "exports") or not name or specifier is None:
            return False
        self.bindings.add_cjs_reexport(self.module, node, name)
        return True

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
                    left = part.child_by_field_name("left")
                    right = part.child_by_field_name("right")
                    if left is not None and right is not None:
                        self.module.constants.setdefault(self.module.text(left), right)

    def _prescan(self, statement: Node) -> None:
        if statement.type == "import_statement":
            self.bindings.add_esm(self.module, statement)
        elif statement.type == "export_statement":
            if statement.child_by_field_name("source") is not None:
                self.bindings.add_reexport(self.module, statement)
            inner = statement.child_by_field_name("declaration")
            if inner is not None:
                self._prescan(inner)
        elif statement.type in _DECLARATIONS:
            name = statement.child_by_field_name("name")
            if name is not None:
                text = self.module.text(name)
                self.names.local_functions.setdefault(text, f"{self.module_name}.{text}")

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


def _function_value(node: Node | None) -> Node | None:
    """The function a declaration's value is: itself, or the last argument of a wrapper call
    (``catchAsync(async (req, res) => ...)``, ``asyncHandler(function (req, res) {...})``)."""
    inner = unwrap(node)
    if inner is None:
        return None
    if inner.type in FUNCTIONS:
        return inner
    if inner.type == "call_expression":
        args = inner.child_by_field_name("arguments")
        last = unwrap(args.named_children[-1]) if args is not None and args.named_children else None
        if last is not None and last.type in FUNCTIONS:
            return last
    return None
