"""archlint reads a repository; it never runs, imports or evaluates anything in it, never opens
a network connection, and writes nothing but the output it was asked for."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from archlint.app import build_graph
from archlint.cli import main
from archlint.config import Config
from archlint.domain.facts import NodeKind

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
        # Terraform's external data source runs a program at plan time
        "infra/main.tf": f'data "external" "token" {{\n  program = ["sh", "-c", "touch {marker}"]\n}}\n'
        'output "token" {\n  value = data.external.token.result\n}\n',
        # test and migration code pytest and alembic would import
        "tests/conftest.py": f"{touch}\n",
        "tests/test_app.py": f"import app\n{touch}\n",
        "alembic.ini": "[alembic]\nscript_location = migrations\n",
        "migrations/env.py": f"{touch}\nfrom alembic import context\n",
        # an in-tree build backend a pip install would import
        "backend/pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "hooks"\n'
        'backend-path = ["."]\n[project]\nname = "b"\nversion = "1"\n',
        "backend/hooks.py": f"{touch}\n",
        # configs that run when a tool loads them
        "eslint.config.js": f"require('child_process').execSync('touch {marker}')\n"
        "module.exports = []\n",
        ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: t\n"
        f"        name: t\n        entry: touch {marker}\n        language: system\n",
        ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
        f"    steps:\n      - run: touch {marker}\n",
        # Helm: a value rendered through tpl, a hook with a script from .Files
        "chart/values.yaml": 'script: \'{{ printf "touch %s" "' + str(marker) + "\" }}'\n",
        "chart/hook.sh": f"touch {marker}\n",
        "chart/templates/job.yaml": "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n"
        '  annotations:\n    "helm.sh/hook": post-install\nspec:\n  template:\n    spec:\n'
        "      containers:\n        - name: j\n          image: busybox\n"
        "          command: ['sh', '-c', {{ tpl .Values.script . | quote }}]\n"
        '          args: [{{ .Files.Get "hook.sh" | quote }}]\n',
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
    """No network connection and no child process: whatever archlint would start fails."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("archlint opened a network connection")

    def no_process(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"archlint started a process: {args!r}")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(subprocess, "Popen", no_process)
    for name in ("system", "popen", "fork", "execv", "execve", "posix_spawn", "spawnv"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, no_process)


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
    repo_modules = ("app", "setup", "conftest", "hooks", "env", "tests", "test_app", "migrations")
    assert not {m for m in set(sys.modules) - modules if m.partition(".")[0] in repo_modules}
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


@pytest.mark.usefixtures("no_network")
def test_the_hostile_files_are_read_not_skipped(tmp_path: Path) -> None:
    """What would run is parsed: the external data source is a resource, the hook Job renders
    (its `tpl` value and `.Files.Get` script as text), the flat ESLint config is read."""
    repo = hostile_repo(tmp_path / "repo", tmp_path / MARKER)
    scan = build_graph(repo, Config())
    assert scan.diagnostics == ()
    found = {
        (f.kind, f.location.path, f.get("name"))
        for f in scan.graph.facts()
        if f.kind in (NodeKind.TF_RESOURCE, NodeKind.K8S_CONTAINER, NodeKind.TOOL_RUN)
    }
    assert {
        (NodeKind.TF_RESOURCE, "infra/main.tf", "token"),
        (NodeKind.K8S_CONTAINER, "chart/templates/job.yaml", "j"),
        (NodeKind.TOOL_RUN, "eslint.config.js", None),
    } <= found
    assert not (tmp_path / MARKER).exists()
