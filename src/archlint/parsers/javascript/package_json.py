"""package.json: the npm package, its dependencies and its scripts.

Facts:

- ``manifest`` (id ``<path>#manifest``): type ``"package.json"``, name, version, dir (``""`` at the
  root), private (bool), module_type (the ``"type"`` field: ``"module"``, ``"commonjs"`` or None),
  workspaces (list of globs, from an array or ``{"packages": [...]}``), package_manager,
  publish_config (has ``publishConfig``), entry_points (which of main/module/exports/types/
  typings/bin it declares, sorted), files (the ``files`` globs it publishes).
- ``dependency`` (id ``<path>#dep/<group>/<name>``): name (as written), spec (the range string as
  written: ``workspace:*`` and ``npm:other@^1`` kept), extras ``[]``, markers None, ecosystem
  ``"npm"``, group (``main`` / ``dev`` / ``peer`` / ``optional``), manifest, source (registry |
  workspace | alias | catalog | path | git | url | tag), alias_of (the real package of an ``npm:``
  alias, else None).
- ``tool_run`` (id ``<path>#eslint``, tool ``eslint``, source ``manifest``) for an
  ``eslintConfig`` key (see :mod:`archlint.parsers.javascript.eslint`).
- ``script`` (id ``<path>#script/<name>``): name, command, manifest; plus the ``command`` fact
  ``<script id>/command`` (origin ``"package-script"``, extra attr script) and its ``port`` facts
  (scope ``"listen"``) from :func:`archlint.parsers.common.commands.command_facts`.

Relations: manifest -has-> dependency, manifest -has-> script, script -has-> command, command -has->
port. Locations point at each key; positions come from a small scanner over the JSON text.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.limits import DEFAULT, Limits
from archlint.domain.location import Location
from archlint.domain.servers import ServerTable
from archlint.formats.jsonc import JsoncError, Path, decode, json_positions
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common.commands import command_facts
from archlint.parsers.javascript.eslint import legacy_summary, tool_run_attrs

_GROUPS = {
    "dependencies": "main",
    "devDependencies": "dev",
    "peerDependencies": "peer",
    "optionalDependencies": "optional",
}
# what a package offers to those who install it (a library's surface; an app has none)
_ENTRY_POINTS = ("main", "module", "exports", "types", "typings", "bin")


_VERSION = "3"


class PackageJsonParser:
    name = "package-json"

    selector = Selector(names=frozenset({"package.json"}))

    def __init__(self, servers: ServerTable, limits: Limits = DEFAULT) -> None:
        self.servers = servers
        self.max_nesting = limits.max_nesting
        # the table decides which commands start servers: a changed table is a changed parse
        self.version = f"{_VERSION}+servers.{servers.digest}" + limits.tag("max_nesting")

    def parse(self, source: SourceFile) -> ParseResult:
        text = source.text.removeprefix("\ufeff")
        if not text.strip():
            return source.error("empty file: a package.json holds a JSON object")
        try:
            data = decode(text, self.max_nesting)
        except JsoncError as exc:
            return source.error(str(exc), exc.line, exc.column)
        if not isinstance(data, dict):
            return source.error(f"package.json must be an object, not {_type_name(data)}")
        positions = json_positions(text)

        def loc(*path: str | int) -> Location:
            p: Path = tuple(path)
            while p and p not in positions:
                p = p[:-1]
            return source.loc(*positions.get(p, (1, 1)))

        manifest_id = f"{source.path}#manifest"
        facts: list[Fact] = []
        relations: list[Relation] = []
        diagnostics: list[Diagnostic] = []

        def section(key: str) -> dict[str, Any]:
            value = data.get(key)
            if value is None:
                return {}
            if not isinstance(value, dict):
                message = f"{key!r} must be an object, not {_type_name(value)}"
                diagnostics.append(Diagnostic(loc(key), message))
                return {}
            return value

        for key, group in _GROUPS.items():
            for name, spec in section(key).items():
                if not isinstance(spec, str):
                    message = f"{key}.{name} must be a version string, not {_type_name(spec)}"
                    diagnostics.append(Diagnostic(loc(key, name), message))
                    continue
                fact_id = f"{source.path}#dep/{group}/{name}"
                source_kind, alias_of = _classify(spec)
                attrs: dict[str, object] = {
                    "name": name,
                    "spec": spec,
                    "extras": [],
                    "markers": None,
                    "ecosystem": "npm",
                    "group": group,
                    "manifest": manifest_id,
                    "source": source_kind,
                    "alias_of": alias_of,
                }
                facts.append(Fact(fact_id, NodeKind.DEPENDENCY, loc(key, name), attrs))
                relations.append(Relation(manifest_id, fact_id, EdgeKind.HAS))

        for name, command in section("scripts").items():
            if not isinstance(command, str):
                message = f"scripts.{name} must be a string, not {_type_name(command)}"
                diagnostics.append(Diagnostic(loc("scripts", name), message))
                continue
            script_id = f"{source.path}#script/{name}"
            where = loc("scripts", name)
            attrs = {"name": name, "command": command, "manifest": manifest_id}
            facts.append(Fact(script_id, NodeKind.SCRIPT, where, attrs))
            relations.append(Relation(manifest_id, script_id, EdgeKind.HAS))
            cmd_facts, cmd_relations = command_facts(
                command,
                where,
                f"{script_id}/command",
                origin="package-script",
                extra={"script": name},
                table=self.servers,
            )
            facts.extend(cmd_facts)
            relations.append(Relation(script_id, cmd_facts[0].id, EdgeKind.HAS))
            relations.extend(cmd_relations)

        workspaces = data.get("workspaces")
        if isinstance(workspaces, dict):
            workspaces = workspaces.get("packages", [])
        if workspaces is not None and not (
            isinstance(workspaces, list) and all(isinstance(w, str) for w in workspaces)
        ):
            message = "'workspaces' must be an array of strings or {\"packages\": [...]}"
            diagnostics.append(Diagnostic(loc("workspaces"), message))
            workspaces = None
        module_type = data.get("type")
        files = data.get("files")
        manifest_attrs = {
            "type": "package.json",
            "name": _str_or_none(data.get("name")),
            "version": _str_or_none(data.get("version")),
            "dir": posixpath.dirname(source.path),
            # npm reads the field as truthy: `"private": "true"` is private too
            "private": data.get("private") in (True, "true"),
            "module_type": _str_or_none(module_type),
            "workspaces": list(workspaces or []),
            "package_manager": _str_or_none(data.get("packageManager")),
            "publish_config": isinstance(data.get("publishConfig"), dict),
            "entry_points": sorted(k for k in _ENTRY_POINTS if data.get(k)),
            "files": [f for f in files if isinstance(f, str)] if isinstance(files, list) else [],
        }
        facts.append(Fact(manifest_id, NodeKind.MANIFEST, source.loc(), manifest_attrs))
        eslint_config = data.get("eslintConfig")
        if isinstance(eslint_config, dict):
            attrs = tool_run_attrs(legacy_summary(eslint_config), "manifest", "package.json")
            tool_id = f"{source.path}#eslint"
            facts.append(Fact(tool_id, NodeKind.TOOL_RUN, loc("eslintConfig"), attrs))
            relations.append(Relation(manifest_id, tool_id, EdgeKind.HAS))
        return ParseResult(
            tuple(sorted(facts, key=Fact.sort_key)), tuple(relations), tuple(sorted(diagnostics))
        )


# -- private helpers ------------------------------------------------------------------------------
def _classify(spec: str) -> tuple[str, str | None]:
    """Where an npm range points, and the real package name of an ``npm:`` alias."""
    if spec.startswith("npm:"):
        target = spec[4:]
        name = target if "@" not in target[1:] else target[: target.index("@", 1)]
        return "alias", name
    prefixes = (
        ("workspace:", "workspace"),
        ("catalog:", "catalog"),
        ("file:", "path"),
        ("link:", "path"),
        ("portal:", "path"),
        ("./", "path"),
        ("../", "path"),
        ("/", "path"),
        ("~/", "path"),
        ("git", "git"),  # git:, git+ssh:, git+https:, github:, gitlab:
        ("bitbucket:", "git"),
        ("http://", "url"),
        ("https://", "url"),
    )
    for prefix, kind in prefixes:
        if spec.startswith(prefix):
            return kind, None
    if re.fullmatch(r"[\w.-]+/[\w.-]+(#.*)?", spec):
        return "git", None  # GitHub shorthand: "user/repo#ref"
    if re.fullmatch(r"[A-Za-z][\w.-]*", spec) and not re.fullmatch(r"[xX]|v\d.*", spec):
        return "tag", None  # "latest", "next", "beta"
    return "registry", None


def _type_name(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else "null")


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
