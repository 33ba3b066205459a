"""Gemfile: the gems of a Ruby application, read as text (a Gemfile is Ruby; nothing runs).

Facts: ``manifest`` type ``gemfile`` (language ``ruby``; a Gemfile names no project, so the
component takes its folder's name), and a ``dependency`` (ecosystem ``rubygems``) for each
``gem "name"`` line: group ``main``, or ``dev`` / ``test`` inside ``group :development`` /
``group :test`` blocks or with a ``group:`` option (a gem in both is ``dev``). A ``do`` block
that is never closed is a diagnostic; the gems read so far still count.
"""

from __future__ import annotations

import re

from archlint.domain.facts import Diagnostic, ParseResult
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.ecosystems.common import Dep, manifest_result

_GEM = re.compile(r"""^\s*gem\s*\(?\s*["'](?P<name>[^"']+)["'](?P<rest>.*)$""")
_VERSION = re.compile(r"""^\s*,\s*["'](?P<version>[^"']+)["']""")
_GROUP_BLOCK = re.compile(r"""^\s*group\s*\(?\s*(?P<names>[^)]*?)\)?\s+do\b""")
_BLOCK = re.compile(r"""\bdo\s*(\|[^|]*\|)?\s*$|^\s*(if|unless|case|begin)\b""")
_END = re.compile(r"""^\s*end\b""")
_GROUP_OPTION = re.compile(r"""\bgroups?\s*(?::|=>)\s*(?P<names>\[[^\]]*\]|:\w+|["']\w+["'])""")


class GemfileParser:
    name = "gemfile"
    version = "1"
    selector = Selector(names=frozenset({"Gemfile", "gems.rb"}))

    def parse(self, source: SourceFile) -> ParseResult:
        deps: list[Dep] = []
        blocks: list[set[str]] = []  # the groups each open block adds (empty: not a group)
        for number, line in enumerate(source.text.splitlines(), 1):
            code = line.split("#", 1)[0]
            if group := _GROUP_BLOCK.match(code):
                blocks.append(_names(group["names"]))
                continue
            if gem := _GEM.match(code):
                groups = set().union(*blocks) if blocks else set()
                if option := _GROUP_OPTION.search(gem["rest"]):
                    groups |= _names(option["names"])
                version = _VERSION.match(gem["rest"])
                where = source.loc(number, gem.start("name") + 1)
                spec = version["version"] if version else ""
                deps.append(Dep(gem["name"], spec, _group(groups), where))
            elif _END.match(code):
                if blocks:
                    blocks.pop()
            elif _BLOCK.search(code):
                blocks.append(set())
        diagnostics = []
        if blocks:
            lines = len(source.text.splitlines()) or 1
            message = f"{len(blocks)} block(s) never closed with `end`: read as far as it goes"
            diagnostics.append(Diagnostic(source.loc(lines), message))
        attrs = {"name": None, "language": "ruby"}
        return manifest_result(source, "gemfile", attrs, deps, "rubygems", diagnostics)


def _names(text: str) -> set[str]:
    return set(re.findall(r"""[:"']?(\w+)""", text)) - {"group", "groups"}


def _group(groups: set[str]) -> str:
    if not groups or groups & {"default", "production"}:
        return "main"
    if "development" in groups or "dev" in groups:
        return "dev"
    return "test" if "test" in groups else "main" if not groups else sorted(groups)[0]
