"""The scan never leaves the repository through a symlink."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

VIOLATING_DOCKERFILE = (
    'FROM python:3.12-slim\nEXPOSE 9999\nCMD ["uvicorn", "m:app", "--port", "9999"]\n'
)
FASTAPI_PYPROJECT = '[project]\nname = "outside"\nversion = "1"\ndependencies = ["fastapi"]\n'

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A violating backend that lives outside the scanned repository."""
    folder = tmp_path / "outside" / "svc"
    folder.mkdir(parents=True)
    (folder / "Dockerfile").write_text(VIOLATING_DOCKERFILE)
    (folder / "pyproject.toml").write_text(FASTAPI_PYPROJECT)
    return folder


def test_symlinked_directory_outside_is_not_followed(
    run: Any, sample_copy: Any, outside: Path
) -> None:
    root = sample_copy("clean")
    (root / "services" / "linked").symlink_to(outside, target_is_directory=True)
    result = run("check", root, "--format", "json")
    assert result.code == 0
    assert result.findings() == []
    assert result.json()["summary"]["files_scanned"] == 27


def test_symlinked_files_outside_are_not_read(run: Any, sample_copy: Any, outside: Path) -> None:
    root = sample_copy("clean")
    svc = root / "services" / "extra"
    svc.mkdir()
    (svc / "Dockerfile").symlink_to(outside / "Dockerfile")
    (svc / "pyproject.toml").symlink_to(outside / "pyproject.toml")
    result = run("check", root, "--format", "json")
    assert result.findings() == []
    assert "9999" not in result.out


def test_symlinked_directory_inside_is_not_double_counted(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    api = root / "services" / "api"
    (root / "services" / "api-alias").symlink_to(api, target_is_directory=True)
    assert len(run("check", root, "--format", "json").findings()) == 7


def test_symlink_loop_does_not_hang_or_crash(run: Any, sample_copy: Any) -> None:
    root = sample_copy("clean")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "self.yml").symlink_to(root / "self.yml")
    result = run("check", root)
    assert result.code == 0
    assert "Traceback" not in result.err
