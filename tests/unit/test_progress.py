from __future__ import annotations

import io
import time

from archlint.cli.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_run_on_a_terminal_shows_progress() -> None:
    out = Terminal()
    with progress("archlint: checking shop", stream=out, delay=0.01):
        time.sleep(0.3)
    assert "archlint: checking shop" in out.getvalue()


def test_a_short_run_shows_nothing() -> None:
    out = Terminal()
    with progress("archlint: checking shop", stream=out, delay=5):
        pass
    assert out.getvalue() == ""


def test_a_pipe_and_quiet_show_nothing() -> None:
    pipe = io.StringIO()
    with progress("x", stream=pipe, delay=0):
        time.sleep(0.05)
    assert pipe.getvalue() == ""
    out = Terminal()
    with progress("x", stream=out, quiet=True, delay=0):
        time.sleep(0.05)
    assert out.getvalue() == ""
