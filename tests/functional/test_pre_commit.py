"""The hooks of .pre-commit-hooks.yaml, run by the real ``pre-commit try-repo`` against this
checkout on throwaway git repositories (pre-commit builds archlint's hook environment once per
session: that is the slow part, ~30 s)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "fixtures" / "samples"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (REPO / ".git").exists(),
    reason="needs git and a git checkout of archlint (pre-commit installs hooks from a repo)",
)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout, uncommitted changes included, as one commit: try-repo on a dirty work tree
    makes a new shadow commit (and a new hook environment) every run; this one is made once."""
    target = tmp_path_factory.mktemp("archlint-checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "checkout")
    return target


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True)


def throwaway_repo(tmp_path: Path, sample: str) -> Path:
    repo = tmp_path / sample
    shutil.copytree(SAMPLES / sample, repo, symlinks=True)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    return repo


def try_repo(
    repo: Path, checkout: Path, home: Path, *hook: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(checkout), *hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_hook_fails_on_a_violating_repository(
    tmp_path: Path, checkout: Path, pre_commit_home: Path
) -> None:
    done = try_repo(throwaway_repo(tmp_path, "shop"), checkout, pre_commit_home, "archlint")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "archlint" in done.stdout and "Failed" in done.stdout
    assert "docker-compose.yml:42:9  PRT005  error" in done.stdout


def test_the_hook_passes_on_a_conforming_repository(
    tmp_path: Path, checkout: Path, pre_commit_home: Path
) -> None:
    done = try_repo(throwaway_repo(tmp_path, "clean"), checkout, pre_commit_home, "archlint")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_the_sarif_hook_writes_its_file_and_says_where(
    tmp_path: Path, checkout: Path, pre_commit_home: Path
) -> None:
    repo = throwaway_repo(tmp_path, "shop")
    done = try_repo(repo, checkout, pre_commit_home, "archlint-sarif", "--hook-stage", "manual")
    assert done.returncode == 1  # error findings
    assert "wrote the sarif report to archlint.sarif" in done.stdout
    assert "PRT005" in done.stdout  # the findings are shown too
    log = json.loads((repo / "archlint.sarif").read_text("utf-8"))
    assert len(log["runs"][0]["results"]) == 7
