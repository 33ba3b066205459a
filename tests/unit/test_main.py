"""The console entry: the tee that records a run, the fallback to the CLI, the interrupt line."""

from __future__ import annotations

import io
import os
import signal
from typing import Any

import pytest

import archlint.cli
from archlint import main as entry
from archlint.cache import run


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 99


def test_the_tee_keeps_what_is_written_and_is_the_real_stream_otherwise() -> None:
    real = _Terminal()
    tee = entry._Tee(real)  # type: ignore[arg-type]
    tee.write("text")
    with pytest.raises(TypeError):  # like a text stream: click then writes bytes to .buffer
        tee.write(b"bytes")  # type: ignore[arg-type]
    assert tee.text() == "text" == real.getvalue()
    assert tee.isatty() and tee.fileno() == 99  # colour is decided on the real stream


def test_a_failing_fast_path_leaves_the_run_to_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(argv: list[str]) -> None:
        raise RuntimeError("bug in the fast path")

    monkeypatch.setattr(run, "replay", broken)
    assert entry.main(["--version"]) == 0
    assert "version" in capsys.readouterr().out


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_is_one_line_and_its_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], signum: int, code: int
) -> None:
    def interrupted(argv: Any = None) -> int:
        os.kill(os.getpid(), signum)
        raise AssertionError("the handler raises first")

    monkeypatch.setattr(archlint.cli, "main", interrupted)
    before = signal.getsignal(signum)
    assert entry.main(["rules"]) == code
    assert capsys.readouterr().err == "archlint: interrupted\n"
    assert signal.getsignal(signum) == before  # handlers restored
