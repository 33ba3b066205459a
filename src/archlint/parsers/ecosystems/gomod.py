"""go.mod: a Go module, its Go version and the modules it requires, read as text.

Facts: ``manifest`` type ``go.mod`` (name: the module path, language ``go``, version: the
``go`` directive), and a ``dependency`` (ecosystem ``go``) for each ``require``d module, group
``main`` or ``indirect`` (``// indirect``). A line that is neither a directive, a block nor a
comment is a diagnostic at its line; the rest of the file is still read.
"""

from __future__ import annotations

import re

from archlint.domain.facts import Diagnostic, ParseResult
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.ecosystems.common import Dep, manifest_result

_DIRECTIVES = frozenset(
    {"module", "go", "toolchain", "require", "replace", "exclude", "retract", "godebug", "tool"}
)
_REQUIRE = re.compile(r'^("[^"]+"|\S+)\s+(\S+)\s*(//.*)?$')


class GoModParser:
    name = "go-mod"
    version = "1"
    selector = Selector(names=frozenset({"go.mod"}))

    def parse(self, source: SourceFile) -> ParseResult:
        module: str | None = None
        go_version: str | None = None
        deps: list[Dep] = []
        diagnostics: list[Diagnostic] = []
        block: str | None = None
        for number, raw in enumerate(source.text.splitlines(), 1):
            code = raw.split("//", 1)[0].strip()
            comment = raw.partition("//")[2].strip()
            if not code:
                continue
            if block is not None:
                if code == ")":
                    block = None
                elif block == "require":
                    self._require(code, comment, source, number, raw, deps, diagnostics)
                continue
            word, _, rest = code.partition(" ")
            rest = rest.strip()
            if word not in _DIRECTIVES and not word.endswith("("):
                message = f"go.mod line {number}: unknown directive {word!r}"
                diagnostics.append(Diagnostic(source.loc(number), message))
            elif word.endswith("(") or rest == "(":
                block = word.removesuffix("(")
            elif word == "module":
                module = rest.strip('"') or None
            elif word == "go":
                go_version = rest or None
            elif word == "require":
                self._require(rest, comment, source, number, raw, deps, diagnostics)
        if block is not None:
            message = f"go.mod: the {block} ( block is never closed"
            diagnostics.append(Diagnostic(source.loc(len(source.text.splitlines()) or 1), message))
        attrs = {"name": module, "version": go_version, "language": "go"}
        return manifest_result(source, "go.mod", attrs, deps, "go", diagnostics)

    @staticmethod
    def _require(
        code: str,
        comment: str,
        source: SourceFile,
        number: int,
        raw: str,
        deps: list[Dep],
        diagnostics: list[Diagnostic],
    ) -> None:
        match = _REQUIRE.match(code)
        if match is None:
            message = f"go.mod line {number}: expected `module/path version`, got {code!r}"
            diagnostics.append(Diagnostic(source.loc(number), message))
            return
        group = "indirect" if comment.startswith("indirect") else "main"
        column = len(raw) - len(raw.lstrip()) + 1
        if raw.lstrip().startswith("require"):
            column = raw.index(match.group(1)) + 1
        name = match.group(1).strip('"')
        deps.append(Dep(name, match.group(2), group, source.loc(number, column)))
