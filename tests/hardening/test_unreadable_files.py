"""A file or folder archlint may not read: reported with its path and why, the rest checked.

Tests run as root here, and root reads any file; the run is started without the two
capabilities that let it (``setpriv``), so the permission bits hold as for any user.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def _unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:  # pragma: no cover - util-linux is on every machine the tests run on
        pytest.fail("tests run as root need setpriv (util-linux) to drop CAP_DAC_OVERRIDE")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture
def repository(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "pyproject.toml").write_text(
        '[project]\nname = "api"\ndependencies = ["fastapi"]\n'
    )
    (tmp_path / "api" / "Dockerfile").write_text("FROM python:3.12-slim\nEXPOSE 9999\n")
    (tmp_path / "docker-compose.yml").write_text("services:\n  db:\n    image: mysql:8.4\n")
    secret = tmp_path / "worker" / "Dockerfile"
    secret.parent.mkdir()
    secret.write_text("FROM python:3.12-slim\n")
    secret.chmod(0)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / ".env").write_text("TOKEN=x\n")
    locked.chmod(0)
    yield tmp_path
    locked.chmod(0o755)  # so pytest can remove it


def test_unreadable_files_and_folders_are_reported_and_the_rest_is_checked(
    repository: Path,
) -> None:
    argv = [sys.executable, "-m", "archlint", "check", str(repository), "--format", "json"]
    done = subprocess.run(
        [*_unprivileged(), *argv, "--no-cache"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # findings; nothing is an internal error
    report = json.loads(done.stdout)
    found = {
        (f["rule_id"], f["location"]["path"], f["location"]["line"], f["message"])
        for f in report["findings"]
    }
    assert ("PARSE001", "worker/Dockerfile", 1, "cannot be read: permission denied") in found
    assert {s["path"]: s["reason"] for s in report["skipped"]} == {
        "locked": "unreadable directory: Permission denied"
    }
    # the readable files are still checked
    assert ("DB001", "docker-compose.yml", 3) in {f[:3] for f in found}
    assert ("PRT002", "api/Dockerfile", 2) in {f[:3] for f in found}
