"""One error hierarchy. Every error names the file, and where it can the line and the key path.

Only the CLI catches broadly; everything else raises one of these or returns diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input the user controls (a rule file, a config file)."""

    path: str
    message: str
    line: int | None = None
    key: str | None = None

    def render(self) -> str:
        if not self.path:
            return self.message
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        key = f" [{self.key}]" if self.key else ""
        return f"{where}{key}: {self.message}"


class ArchlintError(Exception):
    """Base class: an error the user can act on. Exit code 2 unless said otherwise."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(path="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(p.render() for p in problems))


class ConfigError(ArchlintError):
    """The configuration ([tool.archlint], archlint.toml, CLI options) is invalid.

    ``partial`` is the configuration as far as it could be read (the valid keys), when there is
    one: the run goes on far enough to report the problems of what it names too."""

    partial: Any = None


class RuleError(ArchlintError):
    """A rule file is invalid: schema error, unknown operator, unknown node kind, bad regex..."""


class PluginError(ArchlintError):
    """A parser or reporter plugin could not be loaded."""


class UsageError(ArchlintError):
    """The command line asks for something that does not exist (unknown rule id, missing path)."""


@dataclass
class ProblemCollector:
    """Collects every problem first so that a user sees all of them at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(
        self, path: str, message: str, *, line: int | None = None, key: str | None = None
    ) -> None:
        self.problems.append(Problem(path=path, message=message, line=line, key=key))

    def raise_if_any(self, error: type[ArchlintError]) -> None:
        if self.problems:
            raise error(sorted(self.problems, key=lambda p: (p.path, p.line or 0, p.key or "")))
