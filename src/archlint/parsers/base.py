"""The parser contract: file parsers and unit parsers (docs/parse-units.md).

No parser touches the disk. The app reads every file a parser needs (one place:
:class:`archlint.discovery.RepoReader`) and hands the texts over, so what a parser produced is a
function of texts it *declared*, and a fact cache keyed on them (:func:`unit_key`) cannot go stale.

- A :class:`FileParser` turns one file into facts: ``parse(source)``, no side reads.
- A :class:`UnitParser` reads several files as one unit (a compose project: base + override +
  ``.env``; later a Helm chart, a Terraform module). From the sorted discovered paths it declares
  its :class:`ParseUnit` s, each naming exactly the files it reads; then ``parse_unit`` gets
  exactly those texts.

Both declare the files they read with a :class:`Selector`, which the registry indexes so that
dispatch never asks every parser about every file, and a ``version`` that is part of cache keys.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol, runtime_checkable

from archlint.domain.facts import Diagnostic, ParseResult
from archlint.domain.location import Location
from archlint.formats import nesting


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

    def too_deep(self, max_depth: int, text: str | None = None) -> ParseResult | None:
        """The error for brackets nested deeper than ``max_depth`` (``[limits] max-nesting``),
        before a recursive decoder (json, tomllib) would overflow on them; None within it."""
        deep = nesting.too_deep(self.text if text is None else text, max_depth)
        return None if deep is None else self.error(nesting.message(max_depth), *deep)


@dataclass(frozen=True, slots=True)
class Selector:
    """The paths a parser reads, declared as data so the registry can index them.

    A path is selected when its basename is one of ``names``, ends with one of ``suffixes``, or
    full-matches one of ``patterns`` (regexes on the basename) or ``paths`` (regexes on the whole
    POSIX path). Regexes are compiled as written (use ``(?s:...)`` where ``.`` must match all).
    """

    names: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()

    def matches(self, path: str) -> bool:
        name = path.rpartition("/")[2]
        return name in self.names or name.endswith(self.suffixes) or self.regex_matches(path)

    def regex_matches(self, path: str) -> bool:
        """The regex half of :meth:`matches`; names and suffixes are looked up in a table."""
        name = path.rpartition("/")[2]
        return any(_compiled(p).fullmatch(name) for p in self.patterns) or any(
            _compiled(p).fullmatch(path) for p in self.paths
        )


@dataclass(frozen=True, slots=True)
class ParseUnit:
    """One unit of a unit parser: what it reads, and which files it takes off per-file parsers.

    ``id`` is unique among the parser's units. ``anchor`` is the file the unit is reported under
    (its internal errors, the order of results); it is one of ``inputs``, which lists every file
    the unit reads, in the parser's order. ``optional`` inputs may be absent without that being a
    problem (a ``.env``): the app does not require them to be discovered and reports nothing when
    they cannot be read. ``claims`` are discovered files that no file parser is given (a Helm
    chart's ``templates/**``). ``probes`` are paths whose *existence* the parse may test without
    reading them (``requirements.txt``'s ``-r`` targets); they are part of the unit's key too.
    """

    parser: str
    id: str
    anchor: str
    inputs: tuple[str, ...]
    optional: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    probes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.anchor not in self.inputs or self.anchor in self.optional:
            raise ValueError(f"unit {self.id!r}: the anchor must be a required input")
        if not set(self.optional) <= set(self.inputs):
            raise ValueError(f"unit {self.id!r}: optional paths must be inputs")


@runtime_checkable
class FileParser(Protocol):
    """Parses one selected file on its own: the same text always gives the same result."""

    name: str  # registry key
    version: str  # changes whenever the parser's output for some input changes
    selector: Selector

    def parse(self, source: SourceFile) -> ParseResult: ...


@runtime_checkable
class UnitParser(Protocol):
    """Parses units of several files; a unit's result depends only on its declared inputs.

    ``units`` sees every discovered path (sorted) and must be a function of them alone;
    ``selector`` names the files it reads as anchors, so an unreadable one is still reported.
    ``parse_unit`` receives the inputs that could be read, by path (the anchor always among them).
    """

    name: str
    version: str
    selector: Selector

    def units(self, paths: Sequence[str]) -> list[ParseUnit]: ...

    def parse_unit(self, unit: ParseUnit, sources: Mapping[str, SourceFile]) -> ParseResult: ...


Parser = FileParser | UnitParser


def unit_key(unit: ParseUnit, sources: Mapping[str, SourceFile], version: str) -> str:
    """The cache key of one parsed unit: sha256 over the parser, its version, the unit id, each
    declared input's path and text (an absent one hashes as absent) and the probed paths."""
    digest = hashlib.sha256()

    def part(text: str) -> None:
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)

    for text in (unit.parser, version, unit.id):
        part(text)
    for path in unit.inputs:
        source = sources.get(path)
        part(path)
        part("\0absent" if source is None else "\1" + source.text)
    for path in sorted(unit.probes):
        part(path)
    return digest.hexdigest()


def file_unit(parser: str, path: str) -> ParseUnit:
    """The unit a file parser's parse of ``path`` amounts to (for keys and reporting)."""
    return ParseUnit(parser=parser, id=path, anchor=path, inputs=(path,))


_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    found = _CACHE.get(pattern)
    if found is None:
        found = _CACHE[pattern] = re.compile(pattern)
    return found
