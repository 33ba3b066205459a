"""The parse phase of the use case: plan, read, parse, and put the facts into the graph.

The unit parsers declare their units, :func:`archlint.parsers.planner.plan` says which parser
reads what, and this module reads every planned file once through
:class:`archlint.discovery.RepoReader` (the one place that reads the scanned repository) before
any parser runs. Parsers get texts, never the disk (docs/parse-units.md).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from archlint.discovery import RepoReader, decode
from archlint.domain.facts import Diagnostic, ParseResult
from archlint.domain.graph import DuplicateFactError, FactGraph
from archlint.domain.location import Location
from archlint.parsers.base import ParseUnit, SourceFile, UnitParser
from archlint.parsers.planner import Dispatch, Job, plan

T = TypeVar("T")


def parse_all(
    paths: Sequence[str],
    reader: RepoReader,
    dispatch: Dispatch,
    *,
    max_bytes: int,
    debug: bool = False,
) -> list[ParseResult]:
    """Every parser's results for the discovered ``paths``, in plan order. A file over
    ``max_bytes`` is reported, not read; ``debug`` lets a parser's exception through."""
    results: list[ParseResult] = []
    units: dict[str, list[ParseUnit]] = {}
    for parser in dispatch.unit_parsers():
        found = _guarded(parser.name, Location("."), partial(_units, parser, paths), debug)
        if isinstance(found, ParseResult):
            results.append(found)
        else:
            units[parser.name] = found
    the_plan = plan(paths, dispatch, units)
    sources: dict[str, SourceFile] = {}
    for path in the_plan.reads:
        read = _read(path, reader, max_bytes)
        if isinstance(read, SourceFile):
            sources[path] = read
        elif path in the_plan.reported:
            results.append(ParseResult(diagnostics=(read,)))
    for job in the_plan.jobs:
        anchor = sources.get(job.unit.anchor)
        if anchor is None:
            continue  # its read failure is reported
        result = _guarded(job.parser.name, Location(anchor.path), _call(job, sources), debug)
        if _TEMPLATE.search(anchor.text):
            result = _with_template_hint(result, the_plan.claimed)
        results.append(result)
    return results


def add_results(graph: FactGraph, results: Sequence[ParseResult]) -> list[Diagnostic]:
    """Every result's facts, the first of two facts that share an id kept; the clashes found."""
    clashes: list[Diagnostic] = []
    for result in results:
        for fact in result.facts:
            try:
                graph.add_fact(fact)
            except DuplicateFactError as exc:
                first, again = exc.first.location, exc.again.location
                message = (
                    f"two facts share the id {fact.id}: first at {first.path}:{first.line}, "
                    f"again at {again.path}:{again.line}"
                )
                clashes.append(Diagnostic(again, message))
    return clashes


# -- private --------------------------------------------------------------------------------------
def _units(parser: UnitParser, paths: Sequence[str]) -> list[ParseUnit]:
    return list(parser.units(paths))


def _call(job: Job, sources: dict[str, SourceFile]) -> Callable[[], ParseResult]:
    parser, unit = job.parser, job.unit
    if isinstance(parser, UnitParser):
        given = {p: sources[p] for p in unit.inputs if p in sources}
        return lambda: parser.parse_unit(unit, given)
    return lambda: parser.parse(sources[unit.anchor])


def _guarded(name: str, where: Location, call: Callable[[], T], debug: bool) -> T | ParseResult:
    try:
        return call()
    except Exception as exc:  # a parser bug must not lose the rest of the repository
        if debug:
            raise
        last = traceback.extract_tb(exc.__traceback__)[-1]
        at = f"{Path(last.filename).name}:{last.lineno}"
        message = (
            f"internal error in the {name} parser "
            f"({type(exc).__name__}: {exc} at {at}); please report it"
        )
        return ParseResult(diagnostics=(Diagnostic(where, message),))


def _read(path: str, reader: RepoReader, max_bytes: int) -> SourceFile | Diagnostic:
    try:
        data = reader.read_bytes(path, max_bytes)
        return SourceFile(path, decode(path, data))
    except (OSError, ValueError) as exc:
        return Diagnostic(Location(path), _reason(exc))


# Jinja / cookiecutter / Go-template markers: such a file is a template, not the artifact itself
_TEMPLATE = re.compile(r"\{\{|\{%")
_TEMPLATE_HINT = " (this file looks like a template; add it to `exclude` in [tool.archlint])"


def _with_template_hint(result: ParseResult, claimed: frozenset[str]) -> ParseResult:
    """The hint on each diagnostic, except in files a unit claimed: those are templates by design
    (a Helm chart's ``templates/``), read by the unit that claimed them."""
    diagnostics = tuple(
        d if d.location.path in claimed else Diagnostic(d.location, d.message + _TEMPLATE_HINT)
        for d in result.diagnostics
    )
    return ParseResult(result.facts, result.relations, diagnostics)


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text
