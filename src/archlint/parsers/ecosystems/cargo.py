"""Cargo.toml: a Rust crate (or a workspace), its targets and the crates it depends on.

Facts: ``manifest`` type ``cargo`` (name and version of ``[package]``, language ``rust``,
has_project_table: it has a ``[package]``, which a virtual workspace manifest lacks, targets:
``lib`` / ``bin`` when ``[lib]`` / ``[[bin]]`` are declared, workspaces: ``[workspace]
members``), and a ``dependency`` (ecosystem ``cargo``) for each of ``[dependencies]`` (``main``),
``[dev-dependencies]`` (``dev``) and ``[build-dependencies]`` (``build``). Invalid TOML or a
section of the wrong type is a diagnostic at its line.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from archlint.domain.facts import Diagnostic, ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.formats.tomlpos import toml_positions
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.ecosystems.common import Dep, manifest_result

_GROUPS = {"dependencies": "main", "dev-dependencies": "dev", "build-dependencies": "build"}


class CargoParser:
    name = "cargo"
    selector = Selector(names=frozenset({"Cargo.toml"}))

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.max_nesting = limits.max_nesting
        self.version = "2" + limits.tag("max_nesting")

    def parse(self, source: SourceFile) -> ParseResult:
        if (deep := source.too_deep(self.max_nesting)) is not None:
            return deep
        try:
            data = tomllib.loads(source.text.removeprefix("\ufeff"))
        except tomllib.TOMLDecodeError as exc:
            return source.error(f"invalid TOML: {exc}", *_line_of(str(exc)))
        positions = toml_positions(source.text.removeprefix("\ufeff"))

        def loc(*path: str) -> tuple[int, int]:
            return positions.get(path, positions.get(path[:1], (1, 1)))

        diagnostics: list[Diagnostic] = []
        package = data.get("package")
        if package is not None and not isinstance(package, dict):
            diagnostics.append(Diagnostic(source.loc(*loc("package")), "[package] must be a table"))
            package = None
        deps: list[Dep] = []
        for key, group in _GROUPS.items():
            table = data.get(key, {})
            if not isinstance(table, dict):
                message = f"[{key}] must be a table of crates"
                diagnostics.append(Diagnostic(source.loc(*loc(key)), message))
                continue
            for name, spec in table.items():
                deps.append(Dep(name, _spec(spec), group, source.loc(*loc(key, name))))
        workspace = data.get("workspace")
        members = workspace.get("members", []) if isinstance(workspace, dict) else []
        attrs = {
            "name": _text(package, "name"),
            "version": _text(package, "version"),
            "language": "rust",
            "has_project_table": package is not None,
            "targets": sorted(t for t, k in (("lib", "lib"), ("bin", "bin")) if k in data),
            "workspaces": [m for m in members if isinstance(m, str)]
            if isinstance(members, list)
            else [],
        }
        return manifest_result(source, "cargo", attrs, deps, "cargo", diagnostics)


def _spec(spec: Any) -> str:
    if isinstance(spec, str):
        return spec
    if isinstance(spec, dict):
        if spec.get("workspace") is True:
            return "workspace"
        return str(spec.get("version") or spec.get("git") or spec.get("path") or "")
    return ""


def _text(table: dict[str, Any] | None, key: str) -> str | None:
    value = (table or {}).get(key)
    return value if isinstance(value, str) else None


def _line_of(message: str) -> tuple[int, int]:
    """tomllib says where as ``(at line 3, column 7)``."""
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (1, 1)
