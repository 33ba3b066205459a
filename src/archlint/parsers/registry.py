"""The built-in parsers: a literal, ordered registry (no registration on import).

Third-party parsers join through the ``archlint.parsers`` entry-point group and go through the same
lookup, so the plugin path is always exercised by the built-ins.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from archlint.parsers.base import Parser
from archlint.parsers.compose import ComposeParser
from archlint.parsers.dockerfile import DockerfileParser
from archlint.parsers.package_json import PackageJsonParser
from archlint.parsers.procfile import ProcfileParser
from archlint.parsers.pyproject import PyprojectParser
from archlint.parsers.requirements import RequirementsParser

BUILTIN_PARSERS: dict[str, Parser] = {
    "compose": ComposeParser(),
    "dockerfile": DockerfileParser(),
    "package-json": PackageJsonParser(),
    "procfile": ProcfileParser(),
    "pyproject": PyprojectParser(),
    "requirements": RequirementsParser(),
}


def parsers_for(path: PurePosixPath, parsers: dict[str, Parser] | None = None) -> list[Parser]:
    """Every parser that claims ``path``, in registry-name order."""
    table = BUILTIN_PARSERS if parsers is None else parsers
    return [table[name] for name in sorted(table) if table[name].matches(path)]
