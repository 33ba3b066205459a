from __future__ import annotations

import json

import pytest

from archlint.domain.facts import Fact, NodeKind
from archlint.formats.jsonc import JsoncError, loads, strip
from archlint.knowledge import load_servers
from archlint.parsers.base import SourceFile
from archlint.parsers.javascript.eslint import (
    EslintrcParser,
    config_package,
    plugin_name,
    plugin_package,
)
from archlint.parsers.javascript.package_json import PackageJsonParser
from archlint.parsers.javascript.source import JsSourceParser


def tool_runs(facts: tuple[Fact, ...]) -> list[Fact]:
    return [f for f in facts if f.kind is NodeKind.TOOL_RUN]


@pytest.mark.parametrize(
    ("written", "name", "package"),
    [
        ("security", "security", "eslint-plugin-security"),
        ("eslint-plugin-security", "security", "eslint-plugin-security"),
        (
            "@eslint-community/eslint-plugin-security",
            "@eslint-community/security",
            "@eslint-community/eslint-plugin-security",
        ),
        (
            "@eslint-community/security",
            "@eslint-community/security",
            "@eslint-community/eslint-plugin-security",
        ),
        (
            "@typescript-eslint/eslint-plugin",
            "@typescript-eslint",
            "@typescript-eslint/eslint-plugin",
        ),
        ("@typescript-eslint", "@typescript-eslint", "@typescript-eslint/eslint-plugin"),
    ],
)
def test_plugin_names(written: str, name: str, package: str) -> None:
    assert (plugin_name(written), plugin_package(written)) == (name, package)


@pytest.mark.parametrize(
    ("written", "package"),
    [
        ("airbnb", "eslint-config-airbnb"),
        ("airbnb/hooks", "eslint-config-airbnb"),
        ("eslint-config-prettier", "eslint-config-prettier"),
        ("@acme", "@acme/eslint-config"),
        ("@acme/eslint-config/base", "@acme/eslint-config"),
        ("@acme/style", "@acme/style"),
    ],
)
def test_config_packages(written: str, package: str) -> None:
    assert config_package(written) == package


def test_jsonc_blanks_comments_and_trailing_commas_in_place() -> None:
    text = '{\n  // c\n  "a": [1, 2,], /* x\n y */ "b": "// not a comment",\n}\n'
    assert len(strip(text)) == len(text)
    data, positions = loads(text)
    assert data == {"a": [1, 2], "b": "// not a comment"}
    assert positions[("b",)] == (4, 7)
    with pytest.raises(JsoncError) as caught:
        loads('{\n  "a": 1 2\n}')
    assert caught.value.line == 2
    assert loads("  // only a comment\n") == ({}, {})


@pytest.mark.parametrize(
    ("path", "text", "plugins", "line"),
    [
        (
            ".eslintrc.json",
            '{\n  "plugins": ["security"],\n  "extends": ["plugin:security/recommended"]\n}',
            ["security"],
            2,
        ),
        (
            ".eslintrc.yml",
            "root: true\nextends:\n  - plugin:@eslint-community/security/recommended\n",
            ["@eslint-community/security"],
            2,
        ),
        (".eslintrc", "extends: airbnb\nplugins: [react]\n", ["react"], 2),
        (
            ".eslintrc",
            '{"overrides": [{"files": ["*.ts"], "plugins": ["@typescript-eslint"]}]}',
            ["@typescript-eslint"],
            1,
        ),
        (".eslintrc.json", "", [], 1),
    ],
)
def test_eslintrc_files(path: str, text: str, plugins: list[str], line: int) -> None:
    result = EslintrcParser().parse(SourceFile(f"web/{path}", text))
    [run] = tool_runs(result.facts)
    assert (run.get("plugins"), run.location.line) == (plugins, line)
    assert (run.get("tool"), run.get("source"), run.get("config_format")) == (
        "eslint",
        "config-file",
        "legacy",
    )


def test_eslintrc_problems_are_diagnostics() -> None:
    [bad] = EslintrcParser().parse(SourceFile(".eslintrc.json", "{\n  'a': 1\n}")).diagnostics
    assert bad.location.line == 2
    [yaml_bad] = EslintrcParser().parse(SourceFile(".eslintrc.yaml", "a: [\n")).diagnostics
    assert "invalid YAML" in yaml_bad.message
    [not_object] = EslintrcParser().parse(SourceFile(".eslintrc.json", "[1]")).diagnostics
    assert "must be an object" in not_object.message


def test_package_json_eslint_config() -> None:
    text = json.dumps(
        {"name": "web", "eslintConfig": {"extends": ["react-app", "plugin:security/recommended"]}},
        indent=2,
    )
    result = PackageJsonParser(load_servers()).parse(SourceFile("web/package.json", text))
    [run] = tool_runs(result.facts)
    assert run.get("plugins") == ["security"]
    assert run.get("packages") == ["eslint-config-react-app", "eslint-plugin-security"]
    assert (run.get("source"), run.location.line) == ("manifest", 3)


@pytest.mark.parametrize(
    ("path", "text", "plugins", "line"),
    [
        (
            "eslint.config.mjs",
            "import security from 'eslint-plugin-security';\nexport default [security.configs.recommended];\n",
            ["security"],
            2,
        ),
        (
            "eslint.config.ts",
            "import x from './local';\nexport default [{ plugins: { security: x, react } }];\n",
            ["react", "security"],
            2,
        ),
        (
            "eslint.config.js",
            "import { FlatCompat } from '@eslint/eslintrc';\nconst compat = new FlatCompat({ baseDirectory: __dirname });\n"
            "module.exports = [...compat.extends('plugin:security/recommended'), ...compat.plugins('jest')];\n",
            ["jest", "security"],
            3,
        ),
        (
            ".eslintrc.cjs",
            "module.exports = {\n  plugins: ['security', dynamicPlugin],\n  extends: ['eslint:recommended'],\n};\n",
            ["security"],
            1,
        ),
        (".eslintrc.js", "const x = 1;\n", [], 1),
        (
            "packages/eslint-config/next.js",
            "module.exports = { extends: ['plugin:security/recommended'] };\n",
            ["security"],
            1,
        ),
    ],
)
def test_javascript_configs(path: str, text: str, plugins: list[str], line: int) -> None:
    result = JsSourceParser().parse(SourceFile(path, text))
    [run] = tool_runs(result.facts)
    assert (run.get("plugins"), run.location.line) == (plugins, line)
