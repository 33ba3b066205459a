"""ESLint configs written in JavaScript/TypeScript, as ``tool_run`` facts (see :mod:`.eslint`).

- flat configs (``eslint.config.{js,mjs,cjs,ts,mts,cts}``): the plugins are the plugin packages
  it imports (``import security from 'eslint-plugin-security'``) and the keys of its ``plugins:
  {...}`` objects; the shared configs are the other packages it imports (``@acme/eslint-config``,
  ``typescript-eslint``); ``extends`` strings and ``FlatCompat``'s ``compat.extends(...)`` /
  ``compat.plugins(...)`` are read as in a legacy config;
- ``.eslintrc.js`` / ``.eslintrc.cjs``: the object ``module.exports`` is, read as a legacy config;
- the modules of a shared config package of the repository (``packages/eslint-config/*.js``):
  read both ways (format ``shared``).

The fact is located at the default export (where a plugin is added), else at line 1.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from archlint.domain.facts import NodeKind
from archlint.parsers.javascript.configs import config_objects, default_exports
from archlint.parsers.javascript.eslint import (
    is_plugin_package,
    legacy_summary,
    plugin_name,
    tool_run_attrs,
)
from archlint.parsers.javascript.facts import FactSink
from archlint.parsers.javascript.syntax import UNKNOWN, Module, object_pairs
from archlint.parsers.javascript.walker import Walker

if TYPE_CHECKING:
    from tree_sitter import Node

_FLAT = re.compile(r"eslint\.config\.[cm]?[jt]s")
_LEGACY = re.compile(r"\.eslintrc\.c?js")
# a shared config package of a monorepo (`packages/eslint-config/base.js`): every module of it
_SHARED = re.compile(r"(?:^|.*/)eslint-config[^/]*/(?:src/)?[^/]+\.[cm]?[jt]s")


def extract(sink: FactSink, walker: Walker) -> None:
    name = sink.path.rpartition("/")[2]
    module = walker.module
    if _LEGACY.fullmatch(name):
        data: dict[str, Any] = {}
        for config in config_objects(module):
            value = module.value(config)
            if isinstance(value, dict):
                data = _known(value)
        summary = legacy_summary(data)
        _add(sink, module, tool_run_attrs(summary, "config-file", "legacy"))
    elif _FLAT.fullmatch(name):
        _add(sink, module, tool_run_attrs(_flat(walker), "config-file", "flat"))
    elif _SHARED.fullmatch(sink.path):
        plugins, packages, extends = _flat(walker)
        for config in config_objects(module):
            value = module.value(config)
            if isinstance(value, dict):
                more = legacy_summary(_known(value))
                plugins, packages = sorted({*plugins, *more[0]}), sorted({*packages, *more[1]})
                extends = extends + more[2]
        _add(sink, module, tool_run_attrs((plugins, packages, extends), "config-file", "shared"))


def _flat(walker: Walker) -> tuple[list[str], list[str], list[str]]:
    module = walker.module
    plugins: set[str] = set()
    packages: set[str] = set()
    legacy: dict[str, list[str]] = {"plugins": [], "extends": []}
    for record in walker.bindings.imports:
        if record.type_only or record.module.startswith((".", "/", "node:")):
            continue
        packages.add(_package(record.module))
        if is_plugin_package(_package(record.module)):
            plugins.add(plugin_name(_package(record.module)))
    for key, value in _pairs(module):
        if key == "plugins" and value.type == "object":
            plugins.update(k for k, _ in object_pairs(module, value))
        elif key == "extends":
            found = module.value(value)
            items = found if isinstance(found, list) else [found]
            legacy["extends"] += [v for v in items if isinstance(v, str)]
    for call in walker.calls:
        method = call.name.rpartition(".")[2]
        if method in legacy and call.qualname.startswith("@eslint/eslintrc.FlatCompat"):
            legacy[method] += [a for a in call.args if isinstance(a, str)]
    more_plugins, more_packages, extends = legacy_summary(dict(legacy))
    return sorted(plugins | set(more_plugins)), sorted(packages | set(more_packages)), extends


def _pairs(module: Module) -> list[tuple[str, Node]]:
    found: list[tuple[str, Node]] = []
    stack = [module.root]
    while stack:
        node = stack.pop()
        if node.type == "object":
            found.extend(object_pairs(module, node))
        stack.extend(node.named_children)
    return found


def _package(specifier: str) -> str:
    parts = specifier.split("/")
    return "/".join(parts[:2]) if specifier.startswith("@") else parts[0]


def _known(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _known(v) for k, v in value.items() if v is not UNKNOWN}
    if isinstance(value, list):
        return [_known(v) for v in value if v is not UNKNOWN]
    return value


def _add(sink: FactSink, module: Module, attrs: dict[str, Any]) -> None:
    statement = next((s for s, _ in default_exports(module)), module.root)
    sink.add(NodeKind.TOOL_RUN, "eslint", statement, attrs, language=False)
