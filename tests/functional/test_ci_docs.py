"""action.yml and docs/ci/ are copy-paste ready: valid YAML, and every archlint command in them
runs with the options it names (on a sample repository, exit 0 or 1, never a usage error)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CI = REPO / "docs" / "ci"
ARCHLINT = Path(sys.executable).parent / "archlint"  # the one installed with the tests


def _scripts(node: Any) -> list[str]:
    """Every shell script (`run:`, `script:`, `before_script:` entries) in a CI file."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script", "before_script"):
                found += value if isinstance(value, list) else [value]
            else:
                found += _scripts(value)
    elif isinstance(node, list):
        for item in node:
            found += _scripts(item)
    return [s for s in found if isinstance(s, str)]


def _commands(text: str) -> list[str]:
    return [
        part.strip()
        for line in text.splitlines()
        for part in line.split("&&")
        if part.strip().startswith("archlint ")
    ]


def test_action_is_a_composite_that_installs_checks_and_uploads() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert "actions/setup-python@v5" in uses
    assert "github/codeql-action/upload-sarif@v3" in uses
    assert all("shell" in s for s in steps if "run" in s)
    assert "$GITHUB_ACTION_PATH" in steps[1]["run"]  # installs the action's own version
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name


def test_the_action_check_step_runs(sample_copy: Any, tmp_path: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    defaults = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    env = {
        k: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: defaults[m[1]], v)
        for k, v in step["env"].items()
    }
    root = sample_copy("shop")
    summary, output = tmp_path / "summary.md", tmp_path / "out"
    done = subprocess.run(
        ["bash", "-c", step["run"]],
        cwd=root,
        env={
            **os.environ,
            **env,
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
            "PATH": f"{ARCHLINT.parent}:{os.environ['PATH']}",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr  # findings fail the job after the upload
    assert output.read_text() == "exit-code=1\n"
    assert (root / "archlint.sarif").is_file()
    assert summary.read_text("utf-8").startswith("## archlint: 7 findings")


@pytest.mark.parametrize("name", ["github-workflow.yml", "gitlab-ci.yml", "azure-pipelines.yml"])
def test_ci_files_are_yaml_with_working_commands(
    name: str, sample_copy: Any, tmp_path: Path
) -> None:
    data = yaml.safe_load((CI / name).read_text("utf-8"))
    commands = [c for script in _scripts(data) for c in _commands(script)]
    if name == "github-workflow.yml":
        steps = data["jobs"]["archlint"]["steps"]
        assert any(s.get("uses", "").startswith("archlint/archlint@") for s in steps)
        return
    assert commands, f"{name}: no archlint command"
    installs = [s for s in _scripts(data) if "pip install" in s]
    assert installs and all("git+https://github.com/archlint/archlint@" in s for s in installs)
    root = sample_copy("shop")
    for command in commands:
        command = command.replace("$(Build.ArtifactStagingDirectory)", str(tmp_path))
        args = shlex.split(command, comments=True)[1:]
        done = subprocess.run(
            [str(ARCHLINT), *args], cwd=root, capture_output=True, text=True, check=False
        )
        assert done.returncode in (0, 1), f"{command}: {done.stderr}"


def test_markdown_snippets_run(sample_copy: Any, tmp_path: Path) -> None:
    """The archlint commands in docs/ci/README.md (and README's CI section) run as written."""
    root = sample_copy("shop")
    text = (CI / "README.md").read_text("utf-8")
    blocks = re.findall(r"```(?:sh|yaml)\n(.*?)```", text, flags=re.S)
    commands = [c for block in blocks for c in _commands(block.replace("- run: ", ""))]
    assert len(commands) >= 2
    for command in commands:
        command = command.replace("$GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
        done = subprocess.run(
            [str(ARCHLINT), *shlex.split(command, comments=True)[1:]],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode in (0, 1), f"{command}: {done.stderr}"
