"""Terraform modules: one parse unit per folder of ``.tf`` files.

A folder's ``.tf`` and ``.tf.json`` files are one module (Terraform reads them as one): the
unit's inputs are all of them and the folder's ``.tfvars`` files, sorted, anchored at the first
module file (a folder of ``.tfvars`` files only is a unit too: its values are facts, it is no
module). The facts
(docs/facts.md, ``tf_*`` kinds) are built by :mod:`archlint.parsers.terraform.facts`;
python-hcl2 and lark are imported only when a unit is parsed, so a run without ``.tf`` files
never loads them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

from archlint.domain.facts import ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.parsers.base import ParseUnit, Selector, SourceFile

_MODULE_FILES = (".tf", ".tf.json")


class TerraformParser:
    """A unit parser: every folder that holds ``.tf`` files is a module."""

    name = "terraform"
    selector = Selector(suffixes=(".tf", ".tf.json", ".tfvars", ".tfvars.json"))

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.max_nesting = limits.max_nesting
        self.version = "3" + limits.tag("max_nesting")

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        folders: dict[str, list[str]] = {}
        for path in paths:
            if self.selector.matches(path):
                folders.setdefault(posixpath.dirname(path), []).append(path)
        return [
            ParseUnit(self.name, folder or ".", anchor, tuple(files))
            for folder, files in sorted(folders.items())
            for files in [sorted(files)]
            for anchor in [next((p for p in files if p.endswith(_MODULE_FILES)), files[0])]
        ]

    def parse_unit(self, unit: ParseUnit, sources: Mapping[str, SourceFile]) -> ParseResult:
        from archlint.parsers.terraform.facts import build_module

        folder = "" if unit.id == "." else unit.id
        given = [sources[p] for p in unit.inputs if p in sources]
        return build_module(
            folder,
            [s for s in given if s.path.endswith(_MODULE_FILES)],
            [s for s in given if s.path.endswith((".tfvars", ".tfvars.json"))],
            self.max_nesting,
        )
