"""pnpm-workspace.yaml: the globs of a pnpm workspace's packages, ``!`` exclusions included.

Facts: ``manifest`` (id ``<path>#manifest``, at 1:1): type ``"pnpm-workspace"``, dir (``""`` at
the root), workspaces (the ``packages`` globs as written, in order). Bad input (not YAML, not a
mapping, ``packages`` not a list of strings) is a diagnostic at the key.
"""

from __future__ import annotations

import posixpath

from archlint.domain.facts import Diagnostic, Fact, NodeKind, ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common.yaml_doc import load_doc


class PnpmWorkspaceParser:
    name = "pnpm-workspace"
    selector = Selector(names=frozenset({"pnpm-workspace.yaml", "pnpm-workspace.yml"}))

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.version = "2" + limits.tag("max_nesting", "max_yaml_values")

    def parse(self, source: SourceFile) -> ParseResult:
        doc = load_doc(source, self.limits)
        if isinstance(doc, ParseResult):
            return doc
        data = doc.data if doc.data is not None else {}
        if not isinstance(data, dict):
            return source.error("pnpm-workspace.yaml must be a mapping")
        packages = data.get("packages") or []
        diagnostics: list[Diagnostic] = []
        if not isinstance(packages, list):
            message = "packages: expected a list of globs"
            diagnostics.append(Diagnostic(source.loc(*doc.pos("packages")), message))
            packages = []
        globs: list[str] = []
        for i, glob in enumerate(packages):
            if isinstance(glob, str):
                globs.append(glob)
            else:
                message = f"packages[{i}]: expected a glob string"
                diagnostics.append(Diagnostic(source.loc(*doc.pos("packages", i)), message))
        folder = posixpath.dirname(source.path)
        attrs = {"type": "pnpm-workspace", "dir": folder, "workspaces": globs}
        fact = Fact(f"{source.path}#manifest", NodeKind.MANIFEST, source.loc(), attrs)
        return ParseResult(facts=(fact,), diagnostics=tuple(diagnostics))
