"""The parsers: a literal registry of built-ins plus third-party plugins.

Built-ins are listed here (no registration on import). Third-party parsers join through the
``archlint.parsers`` entry-point group and go through the same dispatch table; a plugin that fails
to load, does not implement either parser protocol or reuses a name is a :class:`PluginError`,
never skipped.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points
from pathlib import PurePosixPath

from archlint.domain.limits import DEFAULT, Limits
from archlint.domain.servers import ServerTable
from archlint.errors import PluginError, Problem
from archlint.parsers.base import FileParser, Parser, Selector, UnitParser
from archlint.parsers.ci.tools import CiToolsParser
from archlint.parsers.docker.compose import ComposeParser
from archlint.parsers.docker.dockerfile import DockerfileParser
from archlint.parsers.ecosystems.cargo import CargoParser
from archlint.parsers.ecosystems.composer import ComposerParser
from archlint.parsers.ecosystems.csproj import CsprojParser
from archlint.parsers.ecosystems.gemfile import GemfileParser
from archlint.parsers.ecosystems.gomod import GoModParser
from archlint.parsers.ecosystems.gradle import GradleParser
from archlint.parsers.ecosystems.maven import MavenParser
from archlint.parsers.ecosystems.server_ports import ServerPortsParser
from archlint.parsers.helm.chart import HelmChartParser
from archlint.parsers.javascript.eslint import EslintrcParser
from archlint.parsers.javascript.package_json import PackageJsonParser
from archlint.parsers.javascript.prisma import PrismaParser
from archlint.parsers.javascript.source import JsSourceParser
from archlint.parsers.javascript.tsconfig import TsconfigParser
from archlint.parsers.kubernetes.kustomize import KustomizationParser
from archlint.parsers.kubernetes.manifests import ManifestParser
from archlint.parsers.planner import Dispatch
from archlint.parsers.process.dotenv import DotenvParser
from archlint.parsers.process.procfile import ProcfileParser
from archlint.parsers.python.alembic import AlembicParser
from archlint.parsers.python.pyproject import PyprojectParser
from archlint.parsers.python.requirements import RequirementsParser
from archlint.parsers.python.source.parser import PythonSourceParser
from archlint.parsers.terraform.module import TerraformParser
from archlint.parsers.workspaces.angular_json import AngularJsonParser
from archlint.parsers.workspaces.pnpm_workspace import PnpmWorkspaceParser

ENTRY_POINT_GROUP = "archlint.parsers"


def builtin_parsers(servers: ServerTable, limits: Limits = DEFAULT) -> dict[str, Parser]:
    """The built-in parsers, those that read command lines built with the server table, those
    that read YAML, JSON or templates with the limits (docs/limits.md)."""
    return {
        "alembic": AlembicParser(),
        "ci-tools": CiToolsParser(limits),
        "angular-json": AngularJsonParser(limits),
        "cargo": CargoParser(limits),
        "compose": ComposeParser(servers, limits),
        "composer": ComposerParser(limits),
        "csproj": CsprojParser(),
        "dockerfile": DockerfileParser(servers),
        "dotenv": DotenvParser(),
        "eslintrc": EslintrcParser(limits),
        "gemfile": GemfileParser(),
        "go-mod": GoModParser(),
        "gradle": GradleParser(),
        "helm": HelmChartParser(limits),
        "js-source": JsSourceParser(),
        "kubernetes": ManifestParser(limits),
        "kustomize": KustomizationParser(limits),
        "maven": MavenParser(),
        "package-json": PackageJsonParser(servers, limits),
        "prisma": PrismaParser(),
        "pnpm-workspace": PnpmWorkspaceParser(limits),
        "procfile": ProcfileParser(servers),
        "pyproject": PyprojectParser(limits),
        "python-source": PythonSourceParser(),
        "requirements": RequirementsParser(),
        "server-ports": ServerPortsParser(limits),
        "terraform": TerraformParser(limits),
        "tsconfig": TsconfigParser(limits),
    }


def all_parsers(servers: ServerTable, limits: Limits = DEFAULT) -> dict[str, Parser]:
    """Built-ins plus every installed plugin, by name."""
    return with_plugins(builtin_parsers(servers, limits), _entry_points())


_DISPATCH: dict[tuple[str, Limits], Dispatch] = {}


def dispatch(servers: ServerTable, limits: Limits = DEFAULT) -> Dispatch:
    """The dispatch table of :func:`all_parsers`, once per server table and limits."""
    table = _DISPATCH.get((servers.digest, limits))
    if table is None:
        table = _DISPATCH[(servers.digest, limits)] = Dispatch(all_parsers(servers, limits))
    return table


@cache
def _entry_points() -> tuple[EntryPoint, ...]:
    return tuple(entry_points(group=ENTRY_POINT_GROUP))


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
        problem = _not_a_parser(parser)
        if problem:
            problems.append(Problem(where, problem))
            continue
        table[ep.name] = parser
    if problems:
        raise PluginError(problems)
    return table


def parsers_for(path: str | PurePosixPath, parsers: dict[str, Parser]) -> list[Parser]:
    """Every parser of ``parsers`` whose selector picks ``path``, in registry-name order."""
    return Dispatch(parsers).parsers_for(str(path))


def _not_a_parser(parser: object) -> str | None:
    if not isinstance(parser, FileParser | UnitParser):
        return (
            "not a parser (needs name, version, selector and parse(), "
            "or units() and parse_unit() for a unit parser)"
        )
    if not isinstance(parser.selector, Selector):
        return "not a parser (its selector must be an archlint.parsers.base.Selector)"
    return None
