"""Imports and requires of a TS/JS module, and the qualified names they give local names.

``import jwt from 'jsonwebtoken'`` binds ``jwt`` to ``jsonwebtoken``; ``import { sign as s }
from 'jsonwebtoken'`` binds ``s`` to ``jsonwebtoken.sign``; ``const { format } =
require('winston')`` binds ``format`` to ``winston.format``. A relative module is named by its
path from the scan root without the extension (``./auth/tokens`` in ``src/app.ts`` is
``src/auth/tokens``), the same name its own ``source_module`` carries.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from archlint.parsers.javascript.syntax import Module

if TYPE_CHECKING:
    from tree_sitter import Node

_EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One import, as written."""

    module: str  # the specifier as written (`jsonwebtoken`, `./auth/tokens`)
    qualified: str  # its qualified name (the resolved path for a relative one)
    names: tuple[str, ...]
    alias: str | None
    style: str  # esm | require | dynamic | reexport
    type_only: bool
    node: Node


@dataclass
class Bindings:
    """Local names -> qualified names, plus every import seen (in source order)."""

    path: str
    names: dict[str, str] = field(default_factory=dict)
    imports: list[ImportRecord] = field(default_factory=list)

    def qualify_specifier(self, specifier: str) -> str:
        return resolve_specifier(self.path, specifier)

    def add_esm(self, module: Module, node: Node) -> None:
        """An ``import ... from '...'`` (or TS ``import x = require('...')``) statement."""
        source = node.child_by_field_name("source")
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        require = next((c for c in node.named_children if c.type == "import_require_clause"), None)
        if require is not None:
            source = require.child_by_field_name("source")
            local = next((c for c in require.named_children if c.type == "identifier"), None)
            specifier = _string(module, source)
            if specifier is None:
                return
            qualified = self.qualify_specifier(specifier)
            local_name = module.text(local) if local is not None else None
            if local_name:
                self.names[local_name] = qualified
            self._record(specifier, qualified, (), local_name, "esm", False, node)
            return
        specifier = _string(module, source)
        if specifier is None:
            return
        qualified = self.qualify_specifier(specifier)
        type_only = any(c.type == "type" for c in node.children[:2])
        names: list[str] = []
        alias: str | None = None
        for part in clause.named_children if clause is not None else ():
            if part.type == "identifier":  # the default import
                alias = module.text(part)
                self.names[alias] = qualified
            elif part.type == "namespace_import":
                local = next((c for c in part.named_children if c.type == "identifier"), None)
                if local is not None:
                    alias = module.text(local)
                    self.names[alias] = qualified
            elif part.type == "named_imports":
                for spec in part.named_children:
                    if spec.type != "import_specifier":
                        continue
                    imported = spec.child_by_field_name("name")
                    local_node = spec.child_by_field_name("alias") or imported
                    if imported is None or local_node is None:
                        continue
                    name = module.text(imported).strip("'\"")
                    names.append(name)
                    target = qualified if name == "default" else f"{qualified}.{name}"
                    self.names[module.text(local_node)] = target
        self._record(specifier, qualified, tuple(names), alias, "esm", type_only, node)

    def add_reexport(self, module: Module, node: Node) -> None:
        """``export * from './tokens'`` (no names: everything), ``export { sign } from
        './tokens'`` (the names as the source module defines them) or ``export * as tokens
        from './tokens'`` (alias ``tokens``); binds no local name."""
        specifier = _string(module, node.child_by_field_name("source"))
        if specifier is None:
            return
        names: list[str] = []
        alias: str | None = None
        for part in node.named_children:
            if part.type == "export_clause":
                for spec in part.named_children:
                    name = spec.child_by_field_name("name")
                    if spec.type == "export_specifier" and name is not None:
                        names.append(module.text(name).strip("'\""))
            elif part.type == "namespace_export":  # `export * as ns from`: under one name
                local = next((c for c in part.named_children if c.type == "identifier"), None)
                alias = module.text(local) if local is not None else None
        qualified = self.qualify_specifier(specifier)
        self._record(specifier, qualified, tuple(names), alias, "reexport", False, node)

    def add_cjs_reexport(self, module: Module, call: Node, name: str) -> None:
        """``module.exports.name = require('./x')``: the module re-exported as ``name``."""
        args = call.child_by_field_name("arguments")
        specifier = _string(module, args.named_children[0] if args is not None else None)
        if specifier is not None:
            qualified = self.qualify_specifier(specifier)
            self._record(specifier, qualified, (), name, "reexport", False, call)

    def add_call_import(self, module: Module, call: Node, target: Node | None, style: str) -> None:
        """``require('x')`` / ``import('x')`` with a literal argument, bound to ``target`` (the
        declarator's name: an identifier or an object pattern), possibly through ``.member``."""
        args = call.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        specifier = _string(module, first)
        if specifier is None:
            return
        qualified = self.qualify_specifier(specifier)
        names: list[str] = []
        alias: str | None = None
        if target is not None and target.type == "identifier":
            alias = module.text(target)
            self.names[alias] = qualified
        elif target is not None and target.type == "object_pattern":
            for part in target.named_children:
                if part.type == "shorthand_property_identifier_pattern":
                    name = module.text(part)
                    names.append(name)
                    self.names[name] = f"{qualified}.{name}"
                elif part.type == "pair_pattern":
                    key, value = part.child_by_field_name("key"), part.child_by_field_name("value")
                    if key is not None and value is not None and value.type == "identifier":
                        names.append(module.text(key))
                        self.names[module.text(value)] = f"{qualified}.{module.text(key)}"
        self._record(specifier, qualified, tuple(names), alias, style, False, call)

    def _record(
        self,
        specifier: str,
        qualified: str,
        names: tuple[str, ...],
        alias: str | None,
        style: str,
        type_only: bool,
        node: Node,
    ) -> None:
        record = ImportRecord(specifier, qualified, names, alias, style, type_only, node)
        self.imports.append(record)


def resolve_specifier(path: str, specifier: str) -> str:
    """A relative specifier as a path from the root without extension; a package as written."""
    if not specifier.startswith((".", "/")):
        return specifier
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), specifier))
    return module_name(joined)


def module_name(path: str) -> str:
    """``src/auth/tokens.ts`` -> ``src/auth/tokens`` (the name imports resolve to)."""
    for extension in _EXTENSIONS:
        if path.endswith(extension):
            return path[: -len(extension)]
    return path


def _string(module: Module, node: Node | None) -> str | None:
    if node is None or node.type not in ("string", "template_string"):
        return None
    value = module.value(node)
    return value if isinstance(value, str) else None
