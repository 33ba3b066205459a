"""archlint keeps its own repository clean (the fixtures, broken on purpose, are excluded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_archlint_passes_on_its_own_repository(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(REPO), "--fail-on", "note"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "No findings" in out
