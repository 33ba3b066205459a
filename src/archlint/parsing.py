"""The parse phase of the use case: plan, read, parse, and put the facts into the graph.

The unit parsers declare their units, :func:`archlint.parsers.planner.plan` says which parser
reads what, and this module reads every planned file once through
:class:`archlint.discovery.RepoReader` (the one place that reads the scanned repository) before
any parser runs. Parsers get texts, never the disk (docs/parse-units.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TypeVar

from archlint.cache.facts import FactCache
from archlint.discovery import RepoReader, decode
from archlint.domain.facts import Diagnostic, ParseResult
from archlint.domain.graph import DuplicateFactError, FactGraph
from archlint.domain.location import Location
from archlint.engine.suppressions import Scanned, prescan
from archlint.parsers.base import ParseUnit, SourceFile, UnitParser, file_unit, unit_key
from archlint.parsers.planner import Dispatch, Job, plan
from archlint.workers import internal_error, paused_gc, run_jobs

T = TypeVar("T")


def parse_all(
    paths: Sequence[str],
    reader: RepoReader,
    dispatch: Dispatch,
    *,
    max_bytes: int,
    debug: bool = False,
    cache: FactCache | None = None,
    jobs: int = 1,
    scanned: dict[str, Scanned] | None = None,
) -> list[ParseResult]:
    """Every parser's results for the discovered ``paths``, in plan order. A file over
    ``max_bytes`` is reported, not read; ``debug`` lets a parser's exception through.

    A unit found in ``cache`` (by its key: parser, version, inputs' texts) is not parsed; the
    others are parsed by up to ``jobs`` processes when there is enough to parse, and the results
    come back in plan order whatever the number of processes. ``scanned`` receives each read
    file's suppression markers, so the suppression check does not read it again."""
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
            if scanned is not None:
                scanned[path] = prescan(read.text)
        elif path in the_plan.reported:
            results.append(ParseResult(diagnostics=(read,)))
    todo = [job for job in the_plan.jobs if job.unit.anchor in sources]  # else: reported
    keys = [cache.key(_key(job, sources)) for job in todo] if cache else []
    done: list[ParseResult | None] = [None] * len(todo)
    if cache:
        with paused_gc():
            done = [cache.get(k) for k in keys]
    missing = [i for i, result in enumerate(done) if result is None]
    outcomes = run_jobs([todo[i] for i in missing], sources, jobs=jobs, debug=debug)
    for i, (result, clean) in zip(missing, outcomes, strict=True):
        done[i] = result
        if cache and clean:  # an internal error is not remembered: a fixed parser retries
            cache.put(keys[i], result)
    for job, parsed in zip(todo, done, strict=True):
        assert parsed is not None
        hinted = _TEMPLATE.search(sources[job.unit.anchor].text)
        results.append(_with_template_hint(parsed, the_plan.claimed) if hinted else parsed)
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


def _key(job: Job, sources: Mapping[str, SourceFile]) -> str:
    parser, unit = job.parser, job.unit
    if isinstance(parser, UnitParser):
        return unit_key(unit, sources, parser.version)
    return unit_key(file_unit(parser.name, unit.anchor), sources, parser.version)


def _guarded(name: str, where: Location, call: Callable[[], T], debug: bool) -> T | ParseResult:
    try:
        return call()
    except Exception as exc:  # a parser bug must not lose the rest of the repository
        if debug:
            raise
        return internal_error(name, where, exc)


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
    if isinstance(exc, OSError) and exc.strerror:  # from the system: its words, not the path
        return f"cannot be read: {exc.strerror[:1].lower()}{exc.strerror[1:]}"
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text
