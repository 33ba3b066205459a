"""angular.json: an Angular workspace and the type of each of its projects.

Facts: ``manifest`` (id ``<path>#manifest``, at 1:1): type ``"angular"``, dir, project_types
(the sorted distinct ``projectType`` values of ``projects``: ``application``, ``library``). A
workspace whose only projects are libraries publishes packages (the ``library-package`` concept).
"""

from __future__ import annotations

import json
import posixpath

from archlint.domain.facts import Fact, NodeKind, ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.formats import nesting
from archlint.parsers.base import Selector, SourceFile


class AngularJsonParser:
    name = "angular-json"
    selector = Selector(names=frozenset({"angular.json"}))

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.max_nesting = limits.max_nesting
        self.version = "2" + limits.tag("max_nesting")

    def parse(self, source: SourceFile) -> ParseResult:
        text = source.text.removeprefix("\ufeff")
        if not text.strip():
            return source.error("empty file: an angular.json holds a JSON object")
        deep = nesting.too_deep(text, self.max_nesting)
        if deep is not None:
            return source.error(nesting.message(self.max_nesting), *deep)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return source.error(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)
        projects = data.get("projects") if isinstance(data, dict) else None
        if not isinstance(projects, dict):
            return source.error("angular.json: expected an object with a 'projects' object")
        types = sorted(
            {
                str(p["projectType"])
                for p in projects.values()
                if isinstance(p, dict) and isinstance(p.get("projectType"), str)
            }
        )
        attrs = {"type": "angular", "dir": posixpath.dirname(source.path), "project_types": types}
        fact = Fact(f"{source.path}#manifest", NodeKind.MANIFEST, source.loc(), attrs)
        return ParseResult(facts=(fact,))
