"""Tools run from pre-commit and CI files."""

from __future__ import annotations

import pytest

from archlint.parsers.base import SourceFile
from archlint.parsers.ci.tools import CiToolsParser

PARSER = CiToolsParser()


@pytest.mark.parametrize(
    ("path", "text", "found"),
    [
        (
            ".pre-commit-config.yaml",
            "repos:\n  - repo: https://github.com/PyCQA/bandit\n    hooks:\n      - id: bandit\n",
            [("bandit", "pre-commit", 2)],
        ),
        (
            ".github/workflows/ci.yml",
            "jobs:\n  a:\n    steps:\n      - run: pip install pip-audit\n"
            "      - uses: pyupio/safety-action@v1\n",
            [("pip-audit", "github-actions", 4), ("safety", "github-actions", 5)],
        ),
        (".gitlab-ci.yml", "sast:\n  script:\n    - bandit -r app\n", [("bandit", "gitlab-ci", 3)]),
        ("azure-pipelines.yml", "steps:\n  - script: echo bandits\n", []),
    ],
)
def test_tool_runs(path: str, text: str, found: list[tuple[str, str, int]]) -> None:
    result = PARSER.parse(SourceFile(path, text))
    got = [(f.get("tool"), f.get("source"), f.location.line) for f in result.facts]
    assert got == found
    assert all(r.source == f"file:{path}" for r in result.relations)


def test_invalid_yaml_is_a_diagnostic() -> None:
    result = PARSER.parse(SourceFile(".gitlab-ci.yml", "a: [\n"))
    assert result.diagnostics and "invalid YAML" in result.diagnostics[0].message
