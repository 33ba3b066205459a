"""The parsers: a literal registry of built-ins plus third-party plugins.

Built-ins are listed here (no registration on import). Third-party parsers join through the
``archlint.parsers`` entry-point group and go through the same lookup; a plugin that fails to
load, does not implement the protocol or reuses a name is a :class:`PluginError`, never skipped.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points
from pathlib import PurePosixPath

from archlint.errors import PluginError, Problem
from archlint.parsers.base import Parser
from archlint.parsers.docker.compose import ComposeParser
from archlint.parsers.docker.dockerfile import DockerfileParser
from archlint.parsers.javascript.package_json import PackageJsonParser
from archlint.parsers.process.dotenv import DotenvParser
from archlint.parsers.process.procfile import ProcfileParser
from archlint.parsers.python.pyproject import PyprojectParser
from archlint.parsers.python.requirements import RequirementsParser

ENTRY_POINT_GROUP = "archlint.parsers"

BUILTIN_PARSERS: dict[str, Parser] = {
    "compose": ComposeParser(),
    "dockerfile": DockerfileParser(),
    "dotenv": DotenvParser(),
    "package-json": PackageJsonParser(),
    "procfile": ProcfileParser(),
    "pyproject": PyprojectParser(),
    "requirements": RequirementsParser(),
}


@cache
def all_parsers() -> dict[str, Parser]:
    """Built-ins plus every installed plugin, by name."""
    return with_plugins(BUILTIN_PARSERS, tuple(entry_points(group=ENTRY_POINT_GROUP)))


def with_plugins(builtins: dict[str, Parser], eps: tuple[EntryPoint, ...]) -> dict[str, Parser]:
    table = dict(builtins)
    problems: list[Problem] = []
    for ep in sorted(eps, key=lambda e: e.name):
        where = f"entry point {ep.name} = {ep.value}"
        if ep.name in table:
            problems.append(Problem(where, f"parser name {ep.name!r} is already taken"))
            continue
        try:
            loaded = ep.load()
            parser = loaded() if isinstance(loaded, type) else loaded
        except Exception as exc:  # a plugin's import error is reported, not swallowed
            problems.append(Problem(where, f"cannot load: {type(exc).__name__}: {exc}"))
            continue
        if not all(hasattr(parser, attr) for attr in ("name", "matches", "parse")):
            problems.append(Problem(where, "not a parser (needs name, matches() and parse())"))
            continue
        table[ep.name] = parser
    if problems:
        raise PluginError(problems)
    return table


def parsers_for(path: PurePosixPath, parsers: dict[str, Parser] | None = None) -> list[Parser]:
    """Every parser that claims ``path``, in registry-name order."""
    table = all_parsers() if parsers is None else parsers
    return [table[name] for name in sorted(table) if table[name].matches(path)]
