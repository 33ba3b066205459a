"""A progress display on stderr for runs longer than a second, only when stderr is a terminal.

A spinner with what is being done (rich's status, transient: it leaves no trace in the
scrollback). It starts after ``delay`` seconds, so quick runs and pipes (CI logs, pre-commit)
see nothing; ``--quiet`` turns it off.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

DELAY = 1.0


@contextmanager
def progress(
    message: str, *, quiet: bool = False, stream: TextIO | None = None, delay: float = DELAY
) -> Iterator[None]:
    out = stream or sys.stderr
    if quiet or not out.isatty():
        yield
        return
    from rich.console import Console  # a terminal only: pipes and CI never import rich
    from rich.status import Status

    status = Status(message, console=Console(file=out, force_terminal=True), spinner="dots")
    lock = threading.Lock()
    started = False

    def start() -> None:
        nonlocal started
        with lock:
            if not done.is_set():
                status.start()
                started = True

    done = threading.Event()
    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            timer.cancel()
            if started:
                status.stop()
