"""Parser calls in a pool of worker processes (``--jobs``), results in the order of the calls.

Workers are forked (they inherit the imported parsers and the texts already read, so a worker
costs milliseconds, not an interpreter start and every import again); where the platform cannot
fork, calls run in this process. A
pool is used only when there is enough to parse (:data:`MIN_BYTES`): below that, starting and
feeding workers costs more than it saves. Workers ignore SIGINT and die on SIGTERM, so an
interrupted run leaves none behind (the pool is terminated on the way out).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import traceback
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from archlint.cache.facts import decode, encode
from archlint.domain.facts import Diagnostic, ParseResult
from archlint.domain.location import Location
from archlint.parsers.base import SourceFile, UnitParser
from archlint.parsers.planner import Job

#: below this many bytes to parse, one process is faster (measured: docs/cache.md)
MIN_BYTES = 2_000_000
#: parser calls per message to a worker: fewer round trips, still balanced
CHUNK = 16

Outcome = tuple[ParseResult, bool]  # the result, and whether the parser finished cleanly
# from a worker: the result as fact-cache bytes (cheaper to send than a pickle), or itself
_Sent = tuple[bytes | ParseResult, bool]

_CAN_FORK = "fork" in multiprocessing.get_all_start_methods()
_WORK: tuple[Sequence[Job], Mapping[str, SourceFile]] = ((), {})


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_jobs(
    calls: Sequence[Job], sources: Mapping[str, SourceFile], *, jobs: int, debug: bool
) -> list[Outcome]:
    """Every call's outcome, in order; in ``jobs`` processes when worth it (never with ``debug``,
    which lets a parser's exception through)."""
    global _WORK
    size = sum(len(sources[p].text) for c in calls for p in c.unit.inputs if p in sources)
    workers = min(jobs, -(-len(calls) // CHUNK))
    if debug or workers < 2 or size < MIN_BYTES or not _CAN_FORK:
        return [attempt(call, sources, debug) for call in calls]
    context = multiprocessing.get_context("fork")
    _WORK = (calls, sources)
    try:
        with context.Pool(workers, initializer=_init) as pool:
            sent = pool.map(_work, range(len(calls)), chunksize=CHUNK)
    finally:
        _WORK = ((), {})
    with paused_gc():
        return [(_received(result), clean) for result, clean in sent]


def attempt(job: Job, sources: Mapping[str, SourceFile], debug: bool) -> Outcome:
    """One parser call; a parser's exception becomes an internal-error diagnostic (not clean)."""
    parser, unit = job.parser, job.unit
    try:
        if isinstance(parser, UnitParser):
            given = {p: sources[p] for p in unit.inputs if p in sources}
            return parser.parse_unit(unit, given), True
        return parser.parse(sources[unit.anchor]), True
    except Exception as exc:  # a parser bug must not lose the rest of the repository
        if debug:
            raise
        return internal_error(parser.name, Location(unit.anchor), exc), False


def internal_error(name: str, where: Location, exc: Exception) -> ParseResult:
    last = traceback.extract_tb(exc.__traceback__)[-1]
    at = f"{Path(last.filename).name}:{last.lineno}"
    message = (
        f"internal error in the {name} parser "
        f"({type(exc).__name__}: {exc} at {at}); please report it"
    )
    return ParseResult(diagnostics=(Diagnostic(where, message),))


def _init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cycle collection while many acyclic objects are built (decoded facts): it would walk
    them all again and again for nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _work(index: int) -> _Sent:
    calls, sources = _WORK
    result, clean = attempt(calls[index], sources, debug=False)
    return encode(result) or result, clean


def _received(result: bytes | ParseResult) -> ParseResult:
    if isinstance(result, ParseResult):
        return result
    decoded = decode(result)
    assert decoded is not None  # encoded by the worker from a result of this very shape
    return decoded
