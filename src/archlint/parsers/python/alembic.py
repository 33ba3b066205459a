"""Alembic setups: ``alembic.ini`` (or ``[tool.alembic]`` in pyproject.toml) -> its script
location -> ``env.py`` (is ``target_metadata`` set?) -> the revisions in ``versions/``.

A unit parser: the ini names its script location only in its text, so every ``env.py`` below
the ini's folder is an optional input and every ``versions/*.py`` below it a probe; the parse
picks the ones the script location names. ``env.py`` is read with the stdlib ``ast`` only.
"""

from __future__ import annotations

import ast
import configparser
import posixpath
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence

from archlint.domain.facts import Fact, NodeKind, ParseResult
from archlint.parsers.base import ParseUnit, Selector, SourceFile

_SCRIPT_LOCATION = re.compile(r"^\s*script_location\s*[=:]")


class AlembicParser:
    name = "alembic"
    version = "1"
    selector = Selector(names=frozenset({"alembic.ini"}))

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        envs = _by_ancestor(p for p in paths if p.endswith("/env.py") or p == "env.py")
        revisions = _by_ancestor(p for p in paths if "/versions/" in p and p.endswith(".py"))
        inis = {posixpath.dirname(p) for p in paths if posixpath.basename(p) == "alembic.ini"}
        units = []
        for path in paths:
            name, folder = posixpath.basename(path), posixpath.dirname(path)
            wanted = name == "alembic.ini" or (name == "pyproject.toml" and folder not in inis)
            under = envs.get(folder, [])
            if not wanted or (name == "pyproject.toml" and not under):
                continue
            probes = frozenset(revisions.get(folder, []))
            units.append(
                ParseUnit(
                    self.name, path, path, (path, *under), optional=tuple(under), probes=probes
                )
            )
        return units

    def parse_unit(self, unit: ParseUnit, sources: Mapping[str, SourceFile]) -> ParseResult:
        anchor = sources[unit.anchor]
        locations: list[tuple[str, str, int]] = []
        if anchor.path.endswith(".toml"):
            location, line = _from_pyproject(anchor.text)
            if location is not None:
                locations.append(("alembic", location, line))
        else:
            locations = _from_ini(anchor)
        if not locations:
            if anchor.path.endswith(".toml"):
                return ParseResult()
            return anchor.error("alembic.ini: no script_location in any section")
        facts = tuple(
            self._setup(unit, sources, anchor, section, location, line)
            for section, location, line in locations
        )
        return ParseResult(facts=facts)

    def _setup(
        self,
        unit: ParseUnit,
        sources: Mapping[str, SourceFile],
        anchor: SourceFile,
        section: str,
        location: str,
        line: int,
    ) -> Fact:
        folder = posixpath.dirname(anchor.path)
        script = _resolve(location, folder, unit.inputs)
        env_path = posixpath.join(script, "env.py") if script else None
        env = sources.get(env_path) if env_path else None
        revisions = sum(
            1
            for p in unit.probes
            if script
            and posixpath.dirname(p) == posixpath.join(script, "versions")
            and not p.endswith("/__init__.py")
        )
        attrs = {
            "tool": "alembic",
            "script_location": script,
            "env_file": env.path if env is not None else None,
            "target_metadata": env is not None and _sets_metadata(env.text),
            "revisions": revisions,
            "provider": None,
        }
        suffix = "" if section == "alembic" else f"/{section}"
        fid = f"{anchor.path}#alembic{suffix}"
        return Fact(fid, NodeKind.MIGRATION_SETUP, anchor.loc(line), attrs)


def _by_ancestor(paths: Iterable[str]) -> dict[str, list[str]]:
    """Each path under every folder above it (the root is ``""``), in the given order."""
    index: dict[str, list[str]] = {}
    for path in paths:
        folder = posixpath.dirname(path)
        while True:
            index.setdefault(folder, []).append(path)
            if not folder:
                break
            folder = posixpath.dirname(folder)
    return index


def _from_ini(source: SourceFile) -> list[tuple[str, str, int]]:
    """(section, script location, line) of every section that has one: ``[alembic]``, and the
    named sections of a multi-database setup (``alembic --name core``)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(source.text, source.path)
    except configparser.Error:
        return []
    lines = source.text.splitlines()
    at = [i for i, text in enumerate(lines, 1) if _SCRIPT_LOCATION.match(text)]
    found: list[tuple[str, str, int]] = []
    for section in parser.sections():
        location = parser.get(section, "script_location", fallback=None)
        if location is not None:
            found.append((section, location, at[len(found)] if len(found) < len(at) else 1))
    return found


def _from_pyproject(text: str) -> tuple[str | None, int]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None, 1  # the pyproject parser reports it
    table = data.get("tool", {}).get("alembic", {})
    location = table.get("script_location") if isinstance(table, dict) else None
    if not isinstance(location, str):
        return None, 1
    lines = text.splitlines()
    line = next((i for i, t in enumerate(lines, 1) if _SCRIPT_LOCATION.match(t)), 1)
    return location, line


def _resolve(location: str, folder: str, inputs: Sequence[str]) -> str | None:
    """``%(here)s/alembic`` and ``alembic`` relative to the ini's folder; ``package:path`` is the
    folder of the one ``env.py`` read that ends with ``package/path/env.py``."""
    location = location.strip()
    for here in ("%(here)s", "{here}"):
        if location.startswith(here):
            location = location[len(here) :].lstrip("/") or "."
    if ":" in location:
        package, _, inner = location.partition(":")
        tail = "/".join([*package.split("."), inner.strip("/"), "env.py"])
        matches = [p for p in inputs if p == tail or p.endswith("/" + tail)]
        return posixpath.dirname(matches[0]) if len(matches) == 1 else None
    if location.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(folder, location)) if folder else location
    joined = posixpath.normpath(joined)
    return None if joined.startswith("..") else ("" if joined == "." else joined)


def _sets_metadata(text: str) -> bool:
    """env.py binds ``target_metadata`` at module level to something other than None."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return False
    found = False
    for stmt in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign):
            targets, value = [stmt.target], stmt.value
        if any(isinstance(t, ast.Name) and t.id == "target_metadata" for t in targets):
            found = not (value is None or (isinstance(value, ast.Constant) and value.value is None))
    return found
