"""angular.json: an Angular workspace and the type of each of its projects.

Facts: ``manifest`` (id ``<path>#manifest``, at 1:1): type ``"angular"``, dir, project_types
(the sorted distinct ``projectType`` values of ``projects``: ``application``, ``library``). A
workspace whose only projects are libraries publishes packages (the ``library-package`` concept).
``port`` facts (source ``angular-json``, server ``ng``, kind ``frontend-dev``) at the
``port`` of each project's ``architect.serve.options`` (and of its ``configurations``): the
port ``ng serve`` listens on when the command line does not say (PRT001).
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.limits import DEFAULT, Limits
from archlint.formats.jsonc import JsoncError, loads
from archlint.parsers.base import Selector, SourceFile

Position = dict[tuple[str | int, ...], tuple[int, int]]


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
        if (deep := source.too_deep(self.max_nesting, text)) is not None:
            return deep
        try:
            json.loads(text)  # angular.json is strict JSON
            data, positions = loads(text, self.max_nesting)
        except json.JSONDecodeError as exc:
            return source.error(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)
        except JsoncError as exc:  # pragma: no cover - strict JSON is valid JSONC
            return source.error(str(exc), exc.line, exc.column)
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
        ports = _ports(source, projects, positions)
        relations = tuple(Relation(fact.id, port.id, EdgeKind.HAS) for port in ports)
        return ParseResult(facts=(fact, *ports), relations=relations)


def _ports(source: SourceFile, projects: dict[str, Any], positions: Position) -> list[Fact]:
    """The dev-server port of each project's ``serve`` target and its configurations."""
    found: list[Fact] = []
    for name in sorted(projects):
        serve = _at(projects[name], "architect", "serve") or _at(projects[name], "targets", "serve")
        if not isinstance(serve, dict):
            continue
        target = "architect" if "architect" in projects[name] else "targets"
        places: list[tuple[str, Any]] = [("options", _at(serve, "options"))]
        configurations = _at(serve, "configurations")
        if isinstance(configurations, dict):
            places += [(f"configurations/{c}", configurations[c]) for c in sorted(configurations)]
        for place, options in places:
            port = _at(options, "port")
            if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
                continue
            path = ("projects", name, target, "serve", *place.split("/"), "port")
            line, column = positions.get(path, (1, 1))
            attrs = {
                "number": port,
                "protocol": "tcp",
                "scope": "listen",
                "source": "angular-json",
                "artifact": source.path,
                "server": "ng",
                "server_kind": "frontend-dev",
                "implicit": False,
            }
            fact_id = f"{source.path}#port/{name}/{place}"
            found.append(Fact(fact_id, NodeKind.PORT, source.loc(line, column), attrs))
    return found


def _at(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value
