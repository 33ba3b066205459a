"""The ``archlint`` console script: the run cache first, then the click CLI; signals.

A cacheable ``archlint check`` whose inputs are unchanged is answered here from the run cache
(docs/cache.md) with only the standard library imported. Otherwise the CLI runs, and its output
is recorded for the next run. SIGINT and SIGTERM end the run with one line on stderr and exit
130 / 143; the caches stay valid because every entry is written whole or not at all.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any, TextIO, cast


class Interrupted(BaseException):
    """Raised by the signal handler; a BaseException so no ``except Exception`` swallows it."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with _signals():
            return _run(args)
    except Interrupted as exc:
        sys.stderr.write("archlint: interrupted\n")
        sys.stderr.flush()
        return exc.code


def _run(args: list[str]) -> int:
    from archlint.cache.args import cacheable

    if cacheable(args) is None:  # not a check the run cache keeps: its module is not imported
        from archlint.cli import main as cli_main

        return cli_main(args)
    from archlint.cache import run

    try:
        replayed = run.replay(args)
    except Exception:  # a bug in the fast path must not cost the run: the CLI answers
        run.forget()
        replayed = None
    if replayed is not None:
        stdout, stderr, code = replayed
        sys.stdout.write(stdout)
        sys.stdout.flush()
        sys.stderr.write(stderr)
        return code
    from archlint.cli import main as cli_main

    recorder = run.current()
    if recorder is None:
        return cli_main(args)
    try:
        with _tee() as (out, err):
            code = cli_main(args)
        # on a terminal, stderr carries only the transient progress spinner: not kept
        recorder.finish(out.text(), "" if sys.stderr.isatty() else err.text(), code)
    finally:
        run.forget()
    return code


@contextmanager
def _signals() -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):  # a second signal does not cut the cleanup
            signal.signal(sig, signal.SIG_IGN)
        raise Interrupted(128 + signum)

    before = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in before.items():
            signal.signal(sig, old)


class _Tee:
    """A text stream that also keeps what was written to it; everything else (``isatty``, which
    decides colour, ``fileno``, ``encoding``, ``buffer``) is the real stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # a text stream refuses bytes (click probes with b"")
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._parts.append(text)
        return self._stream.write(text)

    def text(self) -> str:
        return "".join(self._parts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def _tee() -> Iterator[tuple[_Tee, _Tee]]:
    real_out, real_err = sys.stdout, sys.stderr
    out, err = _Tee(real_out), _Tee(real_err)
    sys.stdout, sys.stderr = cast(TextIO, out), cast(TextIO, err)
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = real_out, real_err
