"""The hooks of .pre-commit-hooks.yaml, run by the real ``pre-commit try-repo`` against this
checkout on throwaway git repositories (try-repo builds archlint's hook environment in a
temporary store each run: ~25 s a run, the slow part)."""

from __future__ import annotations

import json
import os
import re
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


def test_the_hooks_fail_on_a_violating_repository_and_the_sarif_one_says_where(
    tmp_path: Path, checkout: Path, pre_commit_home: Path
) -> None:
    # no hook id and the manual stage: both hooks run (try-repo builds a fresh hook environment
    # every run, ~25 s, so one run checks both)
    repo = throwaway_repo(tmp_path, "shop")
    done = try_repo(repo, checkout, pre_commit_home, "--hook-stage", "manual")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^archlint\.+Failed$", done.stdout, flags=re.M), done.stdout
    assert re.search(r"^archlint \(SARIF report\)\.+Failed$", done.stdout, flags=re.M)
    assert "docker-compose.yml:42:9  PRT005  error" in done.stdout
    assert "wrote the sarif report to archlint.sarif" in done.stdout
    log = json.loads((repo / "archlint.sarif").read_text("utf-8"))
    assert len(log["runs"][0]["results"]) == 7


def test_the_hook_passes_on_a_conforming_repository(
    tmp_path: Path, checkout: Path, pre_commit_home: Path
) -> None:
    done = try_repo(throwaway_repo(tmp_path, "clean"), checkout, pre_commit_home, "archlint")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^archlint\.+Passed$", done.stdout, flags=re.M), done.stdout
