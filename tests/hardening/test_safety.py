"""archlint reads a repository; it never runs, imports or evaluates anything in it, never opens
a network connection, and writes nothing but the output it was asked for."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from archlint.cli import main

MARKER = "ARCHLINT_RAN_REPO_CODE"


def hostile_repo(root: Path, marker: Path) -> Path:
    touch = f"open({str(marker)!r}, 'w').write('ran')"
    files = {
        "setup.py": f"{touch}\nfrom setuptools import setup\nsetup(name='x')\n",
        "conftest.py": f"{touch}\n",
        "app/__init__.py": f"{touch}\n",
        "app/main.py": f"import os\n{touch}\nos.system('touch {marker}')\n",
        "app/settings.py": f"SECRET_KEY = __import__('os').system('touch {marker}')\n",
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi"]\n'
        '[tool.setuptools.cmdclass]\nbuild_py = "app.main:Build"\n',
        "package.json": '{"name": "w", "scripts": {"postinstall": "touch '
        + str(marker)
        + '", "prepare": "touch '
        + str(marker)
        + '"}, "dependencies": {"react": "18", "vite": "5"}}\n',
        "vite.config.ts": f"import {{ execSync }} from 'child_process'\nexecSync('touch {marker}')\n",
        "Dockerfile": f'FROM python:3.12\nRUN touch {marker}\nCMD ["sh", "-c", "touch {marker}"]\n',
        "docker-compose.yml": f"services:\n  api:\n    build: .\n    command: sh -c 'touch {marker}'\n",
        "Makefile": f"all:\n\ttouch {marker}\n",
        "chart/Chart.yaml": "apiVersion: v2\nname: api\nversion: 0.1.0\n",
        "chart/templates/hook.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  annotations:\n"
        '    "helm.sh/hook": pre-install\nspec:\n  template:\n    spec:\n      containers:\n'
        f"        - name: h\n          image: busybox\n          command: ['touch', '{marker}']\n",
        "main.tf": f'resource "null_resource" "x" {{\n  provisioner "local-exec" {{\n'
        f'    command = "touch {marker}"\n  }}\n}}\n',
        ".envrc": f"touch {marker}\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    return root


def listing(root: Path) -> dict[str, float]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime
        for p in sorted(root.rglob("*"))
        if ".archlint_cache" not in p.parts
    }


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("archlint opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_hostile_repository_is_read_not_run(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / MARKER
    repo = hostile_repo(tmp_path / "repo", marker)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    before_repo, modules = listing(repo), set(sys.modules)
    code = main(["check", str(repo), "--format", fmt, "--fail-on", "never"])
    assert code == 0, capsys.readouterr().err
    assert not marker.exists()
    assert listing(repo) == before_repo  # nothing written into the repository
    assert list(work.iterdir()) == []  # nor into the working directory
    # nothing of the repository was imported
    assert not {m for m in set(sys.modules) - modules if m in ("app", "setup", "conftest")}
    assert os.environ.get(MARKER) is None
    assert capsys.readouterr().out


@pytest.mark.usefixtures("no_network")
def test_graph_and_output_file_write_only_what_was_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = hostile_repo(tmp_path / "repo", tmp_path / MARKER)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["graph", str(repo)]) == 0
    out = work / "report.sarif"
    main(["check", str(repo), "--format", "sarif", "--output", str(out), "--fail-on", "never"])
    assert sorted(p.name for p in work.iterdir()) == ["report.sarif"]
    assert not (tmp_path / MARKER).exists()
