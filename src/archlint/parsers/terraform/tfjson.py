"""Terraform's JSON syntax (``*.tf.json``) read as the HCL it stands for.

A ``.tf.json`` file is rewritten as HCL text, one generated line per block header or argument,
and parsed by the same grammar; every generated line remembers the JSON key it came from, so
facts and references are located at the JSON line (:class:`MappedSource`). As Terraform does,
a JSON string is a template (``"${azurerm_container_registry.acr.id}"`` is a reference).

Without provider schemas, an object is a nested block or a map by its place: inside
``resource``/``data``/``provider``/``terraform`` bodies an object (or a list of objects) whose
keys are all identifiers is a nested block (``default_node_pool``, ``oms_agent``), except the
map arguments in :data:`_MAP_ARGUMENTS` (``tags``); ``variable``, ``output``, ``locals`` and
``module`` bodies hold arguments only (a variable's ``validation`` is a block).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from archlint.domain.facts import Diagnostic
from archlint.domain.location import Location
from archlint.formats.yamlpos import YamlError, load
from archlint.parsers.base import SourceFile

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_MAP_ARGUMENTS = frozenset({"tags", "labels", "annotations", "metadata", "triggers", "body"})
_ONE_LABEL = frozenset({"module", "variable", "output", "provider"})
_ARGUMENTS_ONLY = frozenset({"module", "variable", "output", "locals"})
_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection", "validation"})


@dataclass(frozen=True, slots=True)
class MappedSource(SourceFile):
    """Generated HCL whose line ``i`` stands for JSON position ``where[i - 1]``."""

    where: tuple[tuple[int, int], ...] = ()

    def loc(self, line: int = 1, column: int = 1) -> Location:
        if 0 < line <= len(self.where):
            return Location(self.path, *self.where[line - 1])
        return Location(self.path)


def from_json(source: SourceFile) -> tuple[MappedSource | None, Diagnostic | None]:
    """The file as HCL, or a diagnostic when it is no JSON object."""
    try:
        doc = load(source.text)
    except YamlError as exc:
        return None, Diagnostic(Location(source.path, exc.line, exc.column), f"invalid JSON: {exc}")
    if not isinstance(doc.data, dict):
        return None, Diagnostic(Location(source.path), "a .tf.json file must hold a JSON object")
    writer = _Writer(doc.positions)
    for kind, content in doc.data.items():
        writer.top(str(kind), content)
    return MappedSource(source.path, "\n".join(writer.lines) + "\n", tuple(writer.where)), None


def values_from_json(source: SourceFile) -> tuple[MappedSource | None, Diagnostic | None]:
    """A ``.tfvars.json`` file (an object of variable values) as ``.tfvars`` HCL."""
    try:
        doc = load(source.text)
    except YamlError as exc:
        return None, Diagnostic(Location(source.path, exc.line, exc.column), f"invalid JSON: {exc}")
    if not isinstance(doc.data, dict):
        return None, Diagnostic(
            Location(source.path), "a .tfvars.json file must hold a JSON object"
        )
    writer = _Writer(doc.positions)
    for key, value in doc.data.items():
        writer.argument(str(key), value, (key,))
    return MappedSource(source.path, "\n".join(writer.lines) + "\n", tuple(writer.where)), None


class _Writer:
    def __init__(self, positions: dict[tuple[Any, ...], tuple[int, int]]) -> None:
        self.positions = positions
        self.lines: list[str] = []
        self.where: list[tuple[int, int]] = []

    def emit(self, text: str, path: tuple[Any, ...]) -> None:
        self.lines.append(text)
        self.where.append(self._pos(path))

    def _pos(self, path: tuple[Any, ...]) -> tuple[int, int]:
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def top(self, kind: str, content: Any) -> None:
        path: tuple[Any, ...] = (kind,)
        if kind in ("resource", "data") and isinstance(content, dict):
            for rtype, named in content.items():
                for name, body in _items(named):
                    self.block(
                        f'{kind} "{_esc(rtype)}" "{_esc(name)}"', body, (*path, rtype, name), True
                    )
        elif kind in _ONE_LABEL and isinstance(content, dict):
            for name, body in content.items():
                for _, one in _items({name: body}):
                    self.block(f'{kind} "{_esc(name)}"', one, (*path, name), kind == "provider")
        elif kind == "locals":
            for _, body in _items({"": content}):
                self.block("locals", body, path, False)
        elif kind == "terraform" and isinstance(content, dict):
            self.emit("terraform {", path)
            for key, value in content.items():
                if key == "backend" and isinstance(value, dict):
                    for name, body in value.items():
                        self.block(f'backend "{_esc(name)}"', body, (*path, key, name), False)
                elif key == "required_providers" and isinstance(value, dict):
                    self.block("required_providers", value, (*path, key), False)
                else:
                    self.argument(str(key), value, (*path, key))
            self.emit("}", path)

    def block(self, header: str, body: Any, path: tuple[Any, ...], nested: bool) -> None:
        self.emit(header + " {", path)
        for key, value in (body if isinstance(body, dict) else {}).items():
            key = str(key)
            at = (*path, key)
            if key == "//":
                continue
            if key == "dynamic" and isinstance(value, dict):
                for name, spec in value.items():
                    self.dynamic(str(name), spec, (*at, name))
            elif (nested or key in _META_BLOCKS) and _is_block(key, value):
                for i, item in enumerate(value if isinstance(value, list) else [value]):
                    self.block(key, item, (*at, i) if isinstance(value, list) else at, True)
            else:
                self.argument(key, value, at)
        self.emit("}", path)

    def dynamic(self, name: str, spec: Any, path: tuple[Any, ...]) -> None:
        self.emit(f'dynamic "{_esc(name)}" {{', path)
        for key, value in (spec if isinstance(spec, dict) else {}).items():
            if key == "content":
                self.block("content", value, (*path, key), True)
            else:
                self.argument(str(key), value, (*path, key))
        self.emit("}", path)

    def argument(self, key: str, value: Any, path: tuple[Any, ...]) -> None:
        name = key if _IDENT.fullmatch(key) else f'"{_esc(key)}"'
        self.emit(f"{name} = {_expr(value)}", path)


def _items(named: Any) -> list[tuple[Any, Any]]:
    """``{name: body}`` or ``{name: [body, body]}`` (JSON's repeated blocks)."""
    if not isinstance(named, dict):
        return []
    found: list[tuple[Any, Any]] = []
    for name, body in named.items():
        bodies = body if isinstance(body, list) else [body]
        found.extend((name, b) for b in bodies if isinstance(b, dict))
    return found


def _is_block(key: str, value: Any) -> bool:
    if key in _MAP_ARGUMENTS:
        return False
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(
        isinstance(i, dict) and all(_IDENT.fullmatch(str(k)) for k in i) for i in items
    )


def _expr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_expr(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{_esc(str(k))}" = {_expr(v)}' for k, v in value.items()) + "}"
    return '"' + _template(str(value)) + '"'


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def _template(text: str) -> str:
    """A JSON string as an HCL quoted template: literal parts escaped, ``${...}`` kept as
    written (quotes inside an interpolation are expression tokens)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("$${", i) or text.startswith("%%{", i):
            out.append(text[i : i + 3])
            i += 3
        elif text.startswith(("${", "%{"), i):
            end = _closing(text, i + 2)
            out.append(text[i:end])
            i = end
        else:
            out.append(_esc(text[i]))
            i += 1
    return "".join(out)


def _closing(text: str, start: int) -> int:
    """The index after the ``}`` that closes an interpolation opened before ``start``."""
    depth, quoted, i = 1, False, start
    while i < len(text):
        char = text[i]
        if quoted and char == "\\":
            i += 2
            continue
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "{":
            depth += 1
        elif not quoted and char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)
