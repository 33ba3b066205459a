"""tsconfig.json (``tsconfig.*.json``, ``jsconfig.json``), read as TypeScript reads it: comments
and trailing commas are fine. One ``tsconfig`` fact: what it extends, a few compiler options, the
path aliases and project references."""

from __future__ import annotations

from typing import Any

from archlint.domain.facts import Fact, NodeKind, ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.formats.jsonc import JsoncError, loads
from archlint.parsers.base import Selector, SourceFile

_VERSION = "2"


class TsconfigParser:
    name = "tsconfig"
    selector = Selector(
        names=frozenset({"tsconfig.json", "jsconfig.json"}), patterns=(r"tsconfig\.[\w.-]+\.json",)
    )

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.max_nesting = limits.max_nesting
        self.version = _VERSION + limits.tag("max_nesting")

    def parse(self, source: SourceFile) -> ParseResult:
        try:
            data, _ = loads(source.text, self.max_nesting)
        except JsoncError as exc:
            return source.error(str(exc), exc.line, exc.column)
        if not isinstance(data, dict):
            return source.error("a tsconfig must be an object")
        options = data.get("compilerOptions")
        options = options if isinstance(options, dict) else {}
        extends = data.get("extends")
        references = data.get("references")
        paths = options.get("paths")
        attrs: dict[str, Any] = {
            "extends": _strings(extends),
            "strict": options.get("strict") if isinstance(options.get("strict"), bool) else None,
            "module": _str(options.get("module")),
            "target": _str(options.get("target")),
            "base_url": _str(options.get("baseUrl")),
            "path_aliases": sorted(paths) if isinstance(paths, dict) else [],
            "path_targets": _targets(paths) if isinstance(paths, dict) else [],
            "references": [
                r["path"]
                for r in references or []
                if isinstance(r, dict) and isinstance(r.get("path"), str)
            ]
            if isinstance(references, list)
            else [],
        }
        fact = Fact(f"{source.path}#tsconfig", NodeKind.TSCONFIG, source.loc(), attrs)
        return ParseResult(facts=(fact,))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _targets(paths: dict[str, Any]) -> list[str]:
    """The first target of each alias, in the order of ``path_aliases`` ("" when it has none)."""
    out: list[str] = []
    for alias in sorted(paths):
        targets = _strings(paths[alias])
        out.append(targets[0] if targets else "")
    return out
