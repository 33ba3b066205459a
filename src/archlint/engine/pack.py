"""The bundled pack, pre-validated: ``rules/compiled.jsonl`` holds, for every bundled rule and
concept file, the SHA-256 of its text and its data, checked against the schema when the file was
generated (``python -m archlint.engine.pack``; a test fails when it is out of date).

A file whose text has a compiled entry is neither parsed as YAML nor validated (jsonschema costs
~8 ms a rule, most of loading the pack); any other text (a user's rule file, a bundled file edited
after the last generation) takes the full path. Line numbers are read from the YAML only when a
problem needs one (a config parameter that does not fit a rule), so every message is unchanged.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from archlint.engine import schema
from archlint.engine.bundle import compiled_entries, compiled_path, digest
from archlint.formats import yamlpos

Errors = tuple[tuple[tuple[str | int, ...], str], ...]


def parsed(text: str, *, concept: bool = False) -> tuple[yamlpos.YamlDoc, Errors]:
    """A rule (or concept) file's YAML and its schema problems; raises ``yamlpos.YamlError``."""
    entry = compiled_entries().get((_kind(concept), digest(text)))
    if entry is not None:
        return _Compiled(json.loads(entry), text), ()
    doc = yamlpos.load(text)
    return doc, tuple(schema.validate(doc.data, concept=concept))


def render(files: list[tuple[str, str, bool]]) -> str:
    """``compiled.jsonl`` for ``(name, text, is concept)``: a line per file the schema accepts
    whose data survives JSON unchanged (a YAML date or a number key would not: left out)."""
    lines = []
    for name, text, concept in sorted(files, key=lambda f: (f[2], f[0])):
        try:
            doc = yamlpos.load(text)
        except yamlpos.YamlError:
            continue
        if schema.validate(doc.data, concept=concept) or not _json_exact(doc.data):
            continue
        data = json.dumps(doc.data, ensure_ascii=False, separators=(",", ":"))
        lines.append("\t".join((_kind(concept), digest(text), name, data)))
    return "\n".join(lines) + "\n"


def pack_files() -> list[tuple[str, str, bool]]:
    """The bundled rule and concept files, as :func:`render` takes them."""
    from archlint.engine.loader import bundled_concept_files, bundled_rule_files

    rules = [(f.name, f.text, False) for f in bundled_rule_files()]
    return rules + [(f.name, f.text, True) for f in bundled_concept_files()]


class _Compiled(yamlpos.YamlDoc):
    """A compiled file's data; positions are read from its text the first time one is asked."""

    def __init__(self, data: Any, text: str) -> None:
        super().__init__(data)
        self._text: str | None = text

    def pos(self, *path: str | int) -> tuple[int, int]:
        if self._text is not None:
            self.positions = yamlpos.load(self._text).positions
            self._text = None
        return super().pos(*path)


def _kind(concept: bool) -> str:
    return "concept" if concept else "rule"


def _json_exact(value: Any) -> bool:
    """True when ``value`` is made of str-keyed dicts, lists, str, int, float, bool and None."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_exact(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_exact(v) for v in value)
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    return value is None or isinstance(value, str | int | bool)


def main(argv: list[str]) -> int:
    """``python -m archlint.engine.pack [PATH]``: regenerate rules/compiled.jsonl (or PATH)."""
    target = Path(argv[0]) if argv else compiled_path()
    compiled = render(pack_files())
    target.write_text(compiled, "utf-8")
    print(f"{target}: {len(compiled.splitlines())} files compiled")
    return 0


if __name__ == "__main__":  # pragma: no cover - the module run as a script
    raise SystemExit(main(sys.argv[1:]))
