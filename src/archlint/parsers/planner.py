"""Which parser reads which file: the dispatch table and the parse plan. Pure: no disk.

:class:`Dispatch` indexes what each parser's :class:`~archlint.parsers.base.Selector` declares
(exact names and suffixes in dicts; only regexes are tried one by one), so finding a file's
parsers does not ask every parser. :func:`plan` turns the discovered paths and the unit parsers'
units into :class:`Job` s in a stable order, plus what must be read and what is claimed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from archlint.parsers.base import Parser, ParseUnit, UnitParser, file_unit


class Dispatch:
    """Every parser by name, indexed by the paths it declares."""

    def __init__(self, parsers: Mapping[str, Parser]) -> None:
        self.parsers = dict(sorted(parsers.items()))
        self._names: dict[str, set[str]] = {}
        self._suffixes: dict[str, list[tuple[str, str]]] = {}  # last extension -> (suffix, parser)
        self._scan: list[str] = []  # parsers with regexes or dot-less suffixes
        for name, parser in self.parsers.items():
            selector = parser.selector
            for basename in selector.names:
                self._names.setdefault(basename, set()).add(name)
            for suffix in selector.suffixes:
                if "." in suffix:
                    self._suffixes.setdefault(_extension(suffix), []).append((suffix, name))
                elif name not in self._scan:
                    self._scan.append(name)
            if (selector.patterns or selector.paths) and name not in self._scan:
                self._scan.append(name)

    def parsers_for(self, path: str) -> list[Parser]:
        """Every parser whose selector picks ``path``, in name order."""
        basename = path.rpartition("/")[2]
        found = set(self._names.get(basename, ()))
        for suffix, name in self._suffixes.get(_extension(basename), ()):
            if basename.endswith(suffix):
                found.add(name)
        for name in self._scan:
            if name not in found and self.parsers[name].selector.matches(path):
                found.add(name)
        return [self.parsers[name] for name in sorted(found)]

    def unit_parsers(self) -> list[UnitParser]:
        return [p for p in self.parsers.values() if isinstance(p, UnitParser)]


@dataclass(frozen=True, slots=True)
class Job:
    """One parser call: a file parser on ``unit.anchor``, or a unit parser on ``unit``."""

    parser: Parser
    unit: ParseUnit


@dataclass(frozen=True, slots=True)
class Plan:
    """``jobs`` sorted by (anchor, parser, unit id); ``reads`` every path to read, in order;
    ``reported`` those whose read failure is a diagnostic; ``claimed`` the files taken off
    file parsers."""

    jobs: tuple[Job, ...]
    reads: tuple[str, ...]
    reported: frozenset[str]
    claimed: frozenset[str]


def plan(
    paths: Sequence[str], dispatch: Dispatch, units: Mapping[str, Sequence[ParseUnit]]
) -> Plan:
    """The parse plan for the discovered ``paths``, given each unit parser's ``units(paths)``."""
    claimed = frozenset(c for found in units.values() for unit in found for c in unit.claims)
    jobs: list[Job] = []
    reported: set[str] = set()
    optional: set[str] = set()
    for path in paths:
        for parser in dispatch.parsers_for(path):
            if isinstance(parser, UnitParser):
                reported.add(path)  # a unit parser's anchor candidate: unreadable is reported
            elif path not in claimed:
                reported.add(path)
                jobs.append(Job(parser, file_unit(parser.name, path)))
    for name, found in sorted(units.items()):
        for unit in found:
            jobs.append(Job(dispatch.parsers[name], unit))
            reported.update(p for p in unit.inputs if p not in unit.optional)
            optional.update(unit.optional)
    jobs.sort(key=lambda j: (j.unit.anchor, j.parser.name, j.unit.id))
    return Plan(
        jobs=tuple(jobs),
        reads=tuple(sorted(reported | optional)),
        reported=frozenset(reported),
        claimed=claimed,
    )


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""
