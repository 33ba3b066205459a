"""ESLint configuration in every form, as ``tool_run`` facts (tool ``eslint``): which plugins it
loads and which shared configs it builds on.

- legacy ``.eslintrc`` / ``.eslintrc.json`` / ``.eslintrc.yaml`` / ``.eslintrc.yml``: read here
  (:class:`EslintrcParser`); ``plugins``, ``extends`` (``plugin:security/recommended`` loads the
  plugin ``security``) and the same keys of ``overrides``;
- ``.eslintrc.js`` / ``.eslintrc.cjs`` and flat configs ``eslint.config.{js,mjs,cjs,ts,mts,cts}``:
  read by the source parser (:mod:`.eslint_js`), with :func:`legacy_summary` for the object a
  legacy JS config exports;
- the ``eslintConfig`` key of package.json: read by the package.json parser.

Plugins are named the way ESLint names them: ``eslint-plugin-security`` and ``security`` are
``security``, ``@eslint-community/eslint-plugin-security`` is ``@eslint-community/security``,
``@typescript-eslint/eslint-plugin`` is ``@typescript-eslint``.
"""

from __future__ import annotations

import re
from typing import Any

from archlint.domain.facts import Fact, NodeKind, ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.formats import yamlpos
from archlint.formats.jsonc import JsoncError, loads
from archlint.parsers.base import Selector, SourceFile

_VERSION = "2"
_PLUGIN_PACKAGE = re.compile(r"^(?:(@[^/]+)/)?eslint-plugin(?:-(.+))?$")
_CONFIG_PACKAGE = re.compile(r"^(?:(@[^/]+)/)?eslint-config(?:-(.+))?$")


class EslintrcParser:
    name = "eslintrc"
    selector = Selector(
        names=frozenset({".eslintrc", ".eslintrc.json", ".eslintrc.yaml", ".eslintrc.yml"})
    )

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.version = _VERSION + limits.tag("max_nesting", "max_yaml_values")

    def parse(self, source: SourceFile) -> ParseResult:
        as_yaml = source.path.endswith((".yaml", ".yml"))
        read = _read_yaml(source, self.limits) if as_yaml else _read_json(source, self.limits)
        if isinstance(read, ParseResult) and source.path.endswith(".eslintrc"):
            read = _read_yaml(source, self.limits)  # a bare `.eslintrc` may be JSON or YAML
        if isinstance(read, ParseResult):
            return read
        data, (line, column) = read
        if data is None:
            data = {}
        if not isinstance(data, dict):
            return source.error("an ESLint config must be an object")
        attrs = tool_run_attrs(legacy_summary(data), "config-file", "legacy")
        fact = Fact(f"{source.path}#eslint", NodeKind.TOOL_RUN, source.loc(line, column), attrs)
        return ParseResult(facts=(fact,))


def _read_json(source: SourceFile, limits: Limits) -> tuple[Any, tuple[int, int]] | ParseResult:
    try:
        data, positions = loads(source.text, limits.max_nesting)
    except JsoncError as exc:
        return source.error(str(exc), exc.line, exc.column)
    where = next((positions[(k,)] for k in ("plugins", "extends") if (k,) in positions), (1, 1))
    return data, where


def _read_yaml(source: SourceFile, limits: Limits) -> tuple[Any, tuple[int, int]] | ParseResult:
    try:
        doc = yamlpos.load(
            source.text, max_values=limits.max_yaml_values, max_depth=limits.max_nesting
        )
    except yamlpos.YamlError as exc:
        return source.error(f"invalid YAML: {exc}", exc.line, exc.column)
    keys = [k for k in ("plugins", "extends") if isinstance(doc.data, dict) and k in doc.data]
    return doc.data, doc.pos(keys[0]) if keys else (1, 1)


def legacy_summary(data: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """``(plugins, packages, extends)`` of a legacy (eslintrc) config object."""
    plugins: set[str] = set()
    packages: set[str] = set()
    extends: list[str] = []
    sections = [data] + [o for o in data.get("overrides") or [] if isinstance(o, dict)]
    for section in sections:
        for plugin in _strings(section.get("plugins")):
            plugins.add(plugin_name(plugin))
            packages.add(plugin_package(plugin))
        for entry in _strings(section.get("extends")):
            extends.append(entry)
            if entry.startswith("plugin:"):
                name = entry[len("plugin:") :].rsplit("/", 1)[0]
                plugins.add(plugin_name(name))
                packages.add(plugin_package(name))
            elif not entry.startswith(("eslint:", ".", "/")):
                packages.add(config_package(entry))
    return sorted(plugins), sorted(packages), extends


def tool_run_attrs(
    summary: tuple[list[str], list[str], list[str]], source: str, config_format: str
) -> dict[str, Any]:
    plugins, packages, extends = summary
    return {
        "tool": "eslint",
        "source": source,
        "plugins": plugins,
        "packages": packages,
        "extends": extends,
        "config_format": config_format,
    }


def plugin_name(written: str) -> str:
    """The plugin's name as ESLint uses it in rule ids (``security``, ``@scope/x``, ``@scope``)."""
    found = _PLUGIN_PACKAGE.match(written)
    if found is not None:
        scope, rest = found.groups()
        return "/".join(p for p in (scope, rest) if p)
    return written


def plugin_package(written: str) -> str:
    """The npm package of a plugin name (``security`` -> ``eslint-plugin-security``)."""
    if _PLUGIN_PACKAGE.match(written):
        return written
    if written.startswith("@"):
        scope, _, rest = written.partition("/")
        return f"{scope}/eslint-plugin-{rest}" if rest else f"{scope}/eslint-plugin"
    return f"eslint-plugin-{written}"


def config_package(written: str) -> str:
    """The npm package of a shared config name: ``airbnb`` -> ``eslint-config-airbnb``,
    ``@acme`` -> ``@acme/eslint-config``; a path inside a package keeps its package
    (``airbnb/hooks`` -> ``eslint-config-airbnb``); ``@acme/style`` is a package of its own."""
    if written.startswith("@"):
        scope, _, rest = written.partition("/")
        return f"{scope}/eslint-config" if not rest else f"{scope}/{rest.split('/')[0]}"
    head = written.split("/")[0]
    return head if _CONFIG_PACKAGE.match(head) else f"eslint-config-{head}"


def is_plugin_package(module: str) -> bool:
    return _PLUGIN_PACKAGE.match(module) is not None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
