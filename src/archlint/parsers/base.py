"""The parser plugin protocol.

A parser turns one file into facts. It never touches the disk itself: the file's text arrives in a
:class:`SourceFile`, and the rare parser that needs a sibling file (compose's ``.env`` and override
files, ``requirements.txt``'s ``-r`` includes) asks the :class:`ParseContext`, which reads inside
the scan root only and never follows a symlink out of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol

from archlint.domain.facts import Diagnostic, ParseResult
from archlint.domain.location import Location


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # POSIX, relative to the scan root
    text: str

    @property
    def pure(self) -> PurePosixPath:
        return PurePosixPath(self.path)

    def loc(self, line: int = 1, column: int = 1) -> Location:
        return Location(self.path, max(line, 1), max(column, 1))

    def error(self, message: str, line: int = 1, column: int = 1) -> ParseResult:
        """A result that only reports that this file could not be understood."""
        return ParseResult(diagnostics=(Diagnostic(self.loc(line, column), message),))


class ParseContext(Protocol):
    def read_text(self, path: str) -> str | None:
        """Text of another file of the repository (POSIX path relative to the root), or None."""
        ...

    def exists(self, path: str) -> bool: ...


class Parser(Protocol):
    """A format's parser. ``name`` is its registry key; ``matches`` decides by path alone."""

    name: str

    def matches(self, path: PurePosixPath) -> bool: ...

    def parse(self, source: SourceFile, ctx: ParseContext) -> ParseResult: ...
