"""Paths are relative to the repository root (the git work tree, else the scanned folder) in every
machine format, and open from the current directory in text output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def monorepo(tmp_path: Path, samples: Path) -> Path:
    """A git work tree (``.git`` is all it takes) with the shop sample under services/shop."""
    repo = tmp_path / "mono"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(samples / "shop", repo / "services" / "shop", symlinks=True)
    return repo


def test_sarif_uri_is_relative_to_the_git_work_tree(run: Any, monorepo: Path) -> None:
    log = json.loads(run("check", monorepo / "services" / "shop", "--format", "sarif").out)
    run_ = log["runs"][0]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == monorepo.resolve().as_uri() + "/"
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]
    }
    assert "services/shop/services/admin/Dockerfile" in uris
    assert all(uri.startswith("services/shop/") for uri in uris)
    related = [
        rel["physicalLocation"]["artifactLocation"]["uri"]
        for r in run_["results"]
        for rel in r.get("relatedLocations", [])
    ]
    assert related and all(uri.startswith("services/shop/") for uri in related)


def test_json_paths_and_root_name_the_work_tree(run: Any, monorepo: Path) -> None:
    doc = run("check", monorepo / "services" / "shop", "--format", "json").json()
    assert doc["root"] == monorepo.resolve().as_posix()
    assert ("services/shop/web/package.json", 7) in {
        (f["location"]["path"], f["location"]["line"]) for f in doc["findings"]
    }


def test_a_worktree_git_file_marks_the_root_too(run: Any, monorepo: Path) -> None:
    (monorepo / ".git").rmdir()
    (monorepo / ".git").write_text("gitdir: /elsewhere/.git/worktrees/mono\n")
    doc = run("check", monorepo / "services" / "shop", "--format", "json").json()
    assert doc["findings"][0]["location"]["path"].startswith("services/shop/")


def test_outside_a_work_tree_paths_are_relative_to_the_scanned_folder(
    run: Any, samples: Path
) -> None:
    doc = run("check", samples / "shop", "--format", "json").json()
    assert doc["root"] == (samples / "shop").resolve().as_posix()
    assert doc["findings"][0]["location"]["path"] == "docker-compose.yml"


@pytest.mark.parametrize(
    ("cwd", "shown"),
    [
        (".", "services/shop/web/package.json:7:5"),
        ("services/shop", "web/package.json:7:5"),
        ("services/shop/web", "package.json:7:5"),
        ("services/other", "../shop/web/package.json:7:5"),
    ],
)
def test_text_paths_open_from_the_current_directory(
    run: Any, monorepo: Path, monkeypatch: pytest.MonkeyPatch, cwd: str, shown: str
) -> None:
    (monorepo / "services" / "other").mkdir()
    monkeypatch.chdir(monorepo / cwd)
    out = run("check", monorepo / "services" / "shop").out
    assert any(line.startswith(shown + "  PRT001") for line in out.splitlines()), out


def test_suppressions_and_per_path_ignores_still_use_scanned_paths(
    run: Any, monorepo: Path
) -> None:
    shop = monorepo / "services" / "shop"
    (shop / "archlint.toml").write_text('[per-path-ignores]\n"web/**" = ["PRT001"]\n')
    doc = run("check", shop, "--format", "json").json()
    assert "PRT001" not in {f["rule_id"] for f in doc["findings"]}
