"""composer.json: a PHP package and the packages it requires.

Facts: ``manifest`` type ``composer`` (name, version, language ``php``, package_type: the
``type`` field, ``project`` for an application, ``library`` by default), and a ``dependency``
(ecosystem ``composer``) for each of ``require`` (``main``; the ``php`` version and ``ext-*``
extensions are platform requirements, group ``platform``) and ``require-dev`` (``dev``). Invalid
JSON or a section of the wrong type is a diagnostic at its line.
"""

from __future__ import annotations

import json
import re
from typing import Any

from archlint.domain.facts import Diagnostic, ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.ecosystems.common import Dep, manifest_result

_GROUPS = {"require": "main", "require-dev": "dev"}
_PLATFORM = re.compile(r"^(php(-64bit|-ipv6|-zts|-debug)?|ext-.+|lib-.+|composer(-.+)?)$")


class ComposerParser:
    name = "composer"
    selector = Selector(names=frozenset({"composer.json"}))

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.max_nesting = limits.max_nesting
        self.version = "1" + limits.tag("max_nesting")

    def parse(self, source: SourceFile) -> ParseResult:
        text = source.text.removeprefix("\ufeff")
        if (deep := source.too_deep(self.max_nesting, text)) is not None:
            return deep
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return source.error(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)
        if not isinstance(data, dict):
            return source.error("composer.json must be an object")
        lines = text.splitlines()
        diagnostics: list[Diagnostic] = []
        deps: list[Dep] = []
        for key, group in _GROUPS.items():
            section: Any = data.get(key, {})
            if not isinstance(section, dict):
                message = f"{key!r} must be an object of package constraints"
                diagnostics.append(Diagnostic(source.loc(_line(lines, key)), message))
                continue
            for name, spec in section.items():
                kind = "platform" if _PLATFORM.match(name) else group
                where = source.loc(_line(lines, name, _line(lines, key)))
                deps.append(Dep(name, spec if isinstance(spec, str) else "", kind, where))
        package_type = data.get("type")
        attrs = {
            "name": data.get("name") if isinstance(data.get("name"), str) else None,
            "version": data.get("version") if isinstance(data.get("version"), str) else None,
            "language": "php",
            "package_type": package_type if isinstance(package_type, str) else "library",
        }
        return manifest_result(source, "composer", attrs, deps, "composer", diagnostics)


def _line(lines: list[str], key: str, after: int = 1) -> int:
    """The line of ``"key":`` at or after line ``after`` (keys of composer.json are unique
    enough: package names hold a slash)."""
    quoted = json.dumps(key)
    for number in range(after, len(lines) + 1):
        if quoted in lines[number - 1]:
            return number
    return after
