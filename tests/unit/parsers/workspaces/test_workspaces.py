from __future__ import annotations

import pytest

from archlint.parsers.base import SourceFile
from archlint.parsers.workspaces.angular_json import AngularJsonParser
from archlint.parsers.workspaces.pnpm_workspace import PnpmWorkspaceParser


def test_pnpm_workspace_globs_keep_exclusions_in_order() -> None:
    text = "packages:\n  - 'packages/*'\n  - '!packages/legacy'\n  - apps/*\n"
    result = PnpmWorkspaceParser().parse(SourceFile("pnpm-workspace.yaml", text))
    (fact,) = result.facts
    assert fact.id == "pnpm-workspace.yaml#manifest" and result.diagnostics == ()
    assert fact.attrs == {
        "type": "pnpm-workspace",
        "dir": "",
        "workspaces": ["packages/*", "!packages/legacy", "apps/*"],
    }


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("packages: [a\n", "invalid YAML", 1),
        ("- a\n", "must be a mapping", 1),
        ("packages: apps/*\n", "packages: expected a list of globs", 1),
        ("packages:\n  - apps/*\n  - {x: 1}\n", "packages[1]: expected a glob string", 3),
    ],
)
def test_pnpm_workspace_bad_input(text: str, message: str, line: int) -> None:
    result = PnpmWorkspaceParser().parse(SourceFile("w/pnpm-workspace.yaml", text))
    (diag,) = result.diagnostics
    assert message in diag.message and diag.location.line == line


def test_empty_pnpm_workspace_has_no_globs() -> None:
    (fact,) = PnpmWorkspaceParser().parse(SourceFile("pnpm-workspace.yaml", "")).facts
    assert fact.get("workspaces") == []


def test_angular_project_types() -> None:
    text = (
        '{"projects": {"lib": {"projectType": "library"}, "demo": {"projectType": "application"},'
        ' "odd": {"projectType": 3}, "x": []}}'
    )
    (fact,) = AngularJsonParser().parse(SourceFile("ng/angular.json", text)).facts
    assert fact.attrs == {
        "type": "angular",
        "dir": "ng",
        "project_types": ["application", "library"],
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "invalid JSON"),
        ("[]", "expected an object"),
        ('{"projects": 1}', "expected an object"),
    ],
)
def test_angular_bad_input(text: str, message: str) -> None:
    (diag,) = AngularJsonParser().parse(SourceFile("angular.json", text)).diagnostics
    assert message in diag.message


def test_angular_dev_server_ports() -> None:
    text = (
        '{"projects": {\n'
        ' "web": {"architect": {"serve": {"options": {"port": 5150},\n'
        '   "configurations": {"e2e": {"port": 4300}, "dev": {"buildTarget": "web:build"}}}}},\n'
        ' "nx": {"targets": {"serve": {"options": {"port": "4200"}}}},\n'
        ' "lib": {"projectType": "library"}\n'
        "}}\n"
    )
    result = AngularJsonParser().parse(SourceFile("angular.json", text))
    ports = [
        (f.id, f.location.line, f.get("number")) for f in result.facts if f.kind.value == "port"
    ]
    assert ports == [
        ("angular.json#port/web/options", 2, 5150),
        ("angular.json#port/web/configurations/e2e", 3, 4300),
    ]
    assert {(r.source, r.target) for r in result.relations} == {
        ("angular.json#manifest", "angular.json#port/web/options"),
        ("angular.json#manifest", "angular.json#port/web/configurations/e2e"),
    }
