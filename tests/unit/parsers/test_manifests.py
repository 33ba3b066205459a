"""pyproject.toml, requirements files and package.json: facts, lines, relations, diagnostics."""

from __future__ import annotations

from textwrap import dedent

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult
from archlint.formats.tomlpos import toml_positions
from archlint.knowledge import load_servers
from archlint.parsers.base import SourceFile
from archlint.parsers.javascript.package_json import PackageJsonParser
from archlint.parsers.python.pep508 import (
    InvalidRequirement,
    Requirement,
    normalize_name,
    parse_reference,
    parse_requirement,
)
from archlint.parsers.python.pyproject import PyprojectParser
from archlint.parsers.python.requirements import RequirementsParser


def pyproject(text: str, path: str = "svc/pyproject.toml") -> ParseResult:
    return PyprojectParser().parse(SourceFile(path, dedent(text).lstrip("\n")))


def requirements(text: str, path: str = "requirements.txt", *files: str) -> ParseResult:
    """Parse ``path`` as its unit, with ``files`` the other discovered paths."""
    parser = RequirementsParser()
    (unit,) = (u for u in parser.units(sorted({path, *files})) if u.anchor == path)
    return parser.parse_unit(unit, {path: SourceFile(path, dedent(text).lstrip("\n"))})


def package_json(text: str, path: str = "web/package.json") -> ParseResult:
    return PackageJsonParser(load_servers()).parse(SourceFile(path, dedent(text).lstrip("\n")))


def by_id(result: ParseResult) -> dict[str, Fact]:
    facts = {f.id: f for f in result.facts}
    assert len(facts) == len(result.facts), "fact ids must be unique"
    assert list(result.facts) == sorted(result.facts, key=Fact.sort_key)
    return facts


def deps(result: ParseResult) -> dict[str, tuple[int, int, str]]:
    """dependency id (without the path) -> (line, column, spec)."""
    return {
        f.id.split("#", 1)[1]: (f.location.line, f.location.column, f.attrs["spec"])
        for f in result.facts
        if f.kind is NodeKind.DEPENDENCY
    }


def messages(result: ParseResult) -> list[tuple[int, str]]:
    return [(d.location.line, d.message) for d in result.diagnostics]


# -- pep508 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("click", Requirement("click", "", (), None, None, "registry")),
        ("Foo_Bar.baz>=1.0,<2", Requirement("foo-bar-baz", ">=1.0,<2", (), None, None, "registry")),
        ("name (>=1.0)", Requirement("name", ">=1.0", (), None, None, "registry")),
        (
            "requests[Socks, security] == 2.31 ; python_version < '3.12'",
            Requirement(
                "requests",
                "== 2.31",
                ("security", "socks"),
                "python_version < '3.12'",
                None,
                "registry",
            ),
        ),
        (
            "x @ git+https://github.com/a/x.git@main ; sys_platform == 'linux'",
            Requirement(
                "x", "", (), "sys_platform == 'linux'", "git+https://github.com/a/x.git@main", "git"
            ),
        ),
        ("y @ file:///src/y", Requirement("y", "", (), None, "file:///src/y", "path")),
    ],
)
def test_parse_requirement(text: str, expected: Requirement) -> None:
    assert parse_requirement(text) == expected


@pytest.mark.parametrize(
    "text", ["", "-e .", "bad>>1", "foo bar", "foo[b@d]", "foo; ", "foo; nonsense", "foo @ "]
)
def test_parse_requirement_rejects(text: str) -> None:
    with pytest.raises(InvalidRequirement):
        parse_requirement(text)


@pytest.mark.parametrize(
    ("text", "name", "source"),
    [
        ("git+https://github.com/a/b.git#egg=b_lib", "b-lib", "git"),
        ("hg+https://hg.example/x#egg=x", "x", "vcs"),
        ("https://files/foo_bar-2.0.tar.gz", "foo-bar", "url"),
        ("./wheels/My_Pkg-1.0-py3-none-any.whl", "my-pkg", "path"),
        (".", None, None),
        ("./local/project", None, None),
    ],
)
def test_parse_reference(text: str, name: str | None, source: str | None) -> None:
    req = parse_reference(text)
    assert (req.name, req.source) == (name, source) if req else name is None


def test_normalize_name() -> None:
    assert normalize_name("Django_REST--framework.x") == "django-rest-framework-x"


# -- pyproject.toml -------------------------------------------------------------------------------
PEP621 = """
[build-system]
requires = ["hatchling>=1.21", "hatch-vcs"]  # backend
build-backend = "hatchling.build"

[project]
name = "demo"
version = "1.2.0"
requires-python = ">=3.11"
dependencies = [
  "click>=8.1",
  "Foo_Bar[socks] >= 1 ; python_version < '3.12'",
  'vendored @ git+https://github.com/a/vendored.git',
    "click[extra]<9 ; sys_platform == 'win32'",
]
urls.Homepage = "https://example.com"

[project.optional-dependencies]
test = [
  "pytest>=8", "pytest-cov",
]
"docs" = ["mkdocs"]

[project.scripts]
demo = "demo.cli:main"

[dependency-groups]
lint = ["ruff"]
dev = [
  {include-group = "lint"},
  "mypy",
]

[tool.ruff]
line-length = 100

[tool.bandit]
skips = []
"""


def test_pyproject_pep621_lines_and_groups() -> None:
    result = pyproject(PEP621)
    assert deps(result) == {
        "dep/build/hatchling": (2, 13, ">=1.21"),
        "dep/build/hatch-vcs": (2, 32, ""),
        "dep/main/click": (10, 3, ">=8.1"),
        "dep/main/foo-bar": (11, 3, ">= 1"),
        "dep/main/vendored": (12, 3, ""),
        "dep/main/click[2]": (13, 5, "<9"),
        "dep/optional:docs/mkdocs": (21, 11, ""),
        "dep/optional:test/pytest": (19, 3, ">=8"),
        "dep/optional:test/pytest-cov": (19, 16, ""),
        "dep/group:lint/ruff": (27, 9, ""),
        "dep/group:dev/ruff": (29, 3, ""),
        "dep/group:dev/mypy": (30, 3, ""),
    }
    assert result.diagnostics == ()
    facts = by_id(result)
    foo = facts["svc/pyproject.toml#dep/main/foo-bar"].attrs
    assert foo["extras"] == ["socks"]
    assert foo["markers"] == "python_version < '3.12'"
    assert foo["ecosystem"] == "pypi"
    assert foo["manifest"] == "svc/pyproject.toml#manifest"
    assert facts["svc/pyproject.toml#dep/main/vendored"].attrs["source"] == "git"
    assert facts["svc/pyproject.toml#dep/group:dev/ruff"].attrs["via_group"] == "lint"
    manifest = facts["svc/pyproject.toml#manifest"].attrs
    assert dict(manifest) == {
        "type": "pyproject",
        "name": "demo",
        "version": "1.2.0",
        "dir": "svc",
        "requires_python": ">=3.11",
        "build_backend": "hatchling.build",
        "has_project_table": True,
        "tools": ["bandit", "ruff"],
        "scripts": {"demo": "demo.cli:main"},
    }
    has = {(r.source, r.target) for r in result.relations if r.kind is EdgeKind.HAS}
    assert len(has) == len(deps(result))
    assert all(s == "svc/pyproject.toml#manifest" for s, _ in has)


POETRY = """
[tool.poetry]
name = "svc"
version = "0.3.0"

[tool.poetry.dependencies]
python = "^3.11"
fastapi = {version="^0.110", extras=["all"]}
"SQLAlchemy" = "^2.0"
mylib = { git = "https://github.com/a/mylib.git", branch = "main" }
local = { path = "../local", develop = true }
multi = [
    { version = "<2", python = "<3.9" },
    { version = ">=2", python = ">=3.9" },
]
uvicorn.version = "^0.29"
uvicorn.extras = ["standard"]

[tool.poetry.dev-dependencies]
pytest = "^8"

[tool.poetry.group.docs.dependencies]
mkdocs = "*"

[tool.poetry.scripts]
svc = "svc.main:run"

[tool.pdm.dev-dependencies]
test = ["pytest-xdist", "-e file:///${PROJECT_ROOT}/sub#egg=sub"]
"""


def test_pyproject_poetry_and_pdm() -> None:
    result = pyproject(POETRY, "pyproject.toml")
    assert deps(result) == {
        "dep/main/fastapi": (7, 1, "^0.110"),
        "dep/main/sqlalchemy": (8, 1, "^2.0"),
        "dep/main/mylib": (9, 1, ""),
        "dep/main/local": (10, 1, ""),
        "dep/main/multi": (12, 5, "<2"),
        "dep/main/multi[2]": (13, 5, ">=2"),
        "dep/main/uvicorn": (15, 1, "^0.29"),
        "dep/dev/pytest": (19, 1, "^8"),
        "dep/group:docs/mkdocs": (22, 1, "*"),
        "dep/group:test/pytest-xdist": (28, 9, ""),
        "dep/group:test/sub": (28, 25, ""),
    }
    facts = by_id(result)
    assert facts["pyproject.toml#dep/main/fastapi"].attrs["extras"] == ["all"]
    assert facts["pyproject.toml#dep/main/uvicorn"].attrs["extras"] == ["standard"]
    assert facts["pyproject.toml#dep/main/mylib"].attrs["source"] == "git"
    assert facts["pyproject.toml#dep/main/local"].attrs["source"] == "path"
    manifest = facts["pyproject.toml#manifest"].attrs
    assert (manifest["name"], manifest["version"], manifest["dir"]) == ("svc", "0.3.0", "")
    assert manifest["has_project_table"] is False
    assert manifest["tools"] == ["pdm", "poetry"]
    assert manifest["scripts"] == {"svc": "svc.main:run"}
    assert result.diagnostics == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[project]\nname = 'x'\ndependencies = [\n  'ok',\n  = 2]\n", [(5, "invalid TOML")]),
        ("a = 1\na = 2\n", [(2, "invalid TOML")]),
        ("[project]\ndependencies = 'click'\n", [(2, "project.dependencies must be an array")]),
        (
            "[project]\ndependencies = ['ok', 'bad>>1', 3]\n",
            [
                (2, "invalid requirement in project.dependencies[1]"),
                (2, "project.dependencies[2] must be a requirement string, not an integer"),
            ],
        ),
        ("project = 3\n", [(1, "project must be a table, not an integer")]),
        (
            "[tool.poetry]\ndependencies = ['x']\n",
            [(2, "tool.poetry.dependencies must be a table")],
        ),
        (
            "[tool.poetry.dependencies]\nx = 3\n",
            [(2, "tool.poetry.dependencies.x must be a version")],
        ),
        (
            "[dependency-groups]\na = [{include-group = 'b'}]\nb = [{include-group = 'a'}]\n"
            "c = [{include-group = 'zzz'}]\n",
            [
                (2, "dependency group 'a' includes itself via 'a'"),
                (3, "dependency group 'b' includes itself via 'b'"),
                (4, "dependency group 'c' includes unknown group 'zzz'"),
            ],
        ),
    ],
)
def test_pyproject_diagnostics(text: str, expected: list[tuple[int, str]]) -> None:
    result = pyproject(text)
    got = messages(result)
    assert len(got) == len(expected), got
    for (line, message), (want_line, want) in zip(got, expected, strict=True):
        assert line == want_line and message.startswith(want), got


def test_pyproject_keeps_good_dependencies_next_to_bad_ones() -> None:
    result = pyproject("[project]\ndependencies = [\n  'bad>>1',\n  'good',\n]\n")
    assert deps(result) == {"dep/main/good": (4, 3, "")}
    assert messages(result)[0][0] == 3


def test_pyproject_error_column_is_one_based() -> None:
    (diagnostic,) = pyproject("x = [\n  = 2]\n").diagnostics
    assert (diagnostic.location.line, diagnostic.location.column) == (2, 3)


def test_pyproject_scanner_ignores_lookalikes_in_strings_and_arrays_of_tables() -> None:
    text = '''
    [tool.x]
    note = """
    [project]
    dependencies = ["nope"]
    """
    [[tool.poetry.source]]
    name = "a"
    [[tool.poetry.source]]
    name = "b"
    [project]
    dependencies = ["# not a comment", "real"]
    '''
    result = pyproject(text)
    assert deps(result) == {"dep/main/real": (11, 36, "")}
    assert [line for line, _ in messages(result)] == [11]


# -- requirements ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("requirements.txt", True),
        ("svc/requirements-dev.txt", True),
        ("requirements.in", True),
        ("requirements/base.txt", True),
        ("svc/requirements/test.in", True),
        ("constraints.txt", False),
        ("requirements.yml", False),
        ("docs/notes.txt", False),
    ],
)
def test_requirements_matches(path: str, matches: bool) -> None:
    assert RequirementsParser().selector.matches(path) is matches


REQUIREMENTS = """
# pinned
--index-url https://pypi.org/simple
-r base.txt
--requirement=../../shared/requirements.txt
-c constraints.txt
Django>=4.2 \\
    --hash=sha256:abc \\
    --hash=sha256:def
  requests[socks]==2.31 ; python_version >= "3.8"  # why
-e .
-e git+https://github.com/a/b.git#egg=b_lib
pkg @ https://x/pkg-1.0-py3-none-any.whl
https://files/foo_bar-2.0.tar.gz
django<5 ; python_version < "3.10"
bad>>1
-r missing.txt
"""


def test_requirements_lines_includes_and_diagnostics() -> None:
    existing = (
        "svc/requirements/base.txt",
        "shared/requirements.txt",
        "svc/requirements/constraints.txt",
    )
    result = requirements(REQUIREMENTS, "svc/requirements/test.txt", *existing)
    assert deps(result) == {
        "dep/dev/django": (6, 1, ">=4.2"),
        "dep/dev/requests": (9, 3, "==2.31"),
        "dep/dev/b-lib": (11, 1, ""),
        "dep/dev/pkg": (12, 1, ""),
        "dep/dev/foo-bar": (13, 1, ""),
        "dep/dev/django[2]": (14, 1, "<5"),
    }
    facts = by_id(result)
    requests = facts["svc/requirements/test.txt#dep/dev/requests"].attrs
    assert (requests["extras"], requests["markers"]) == (["socks"], 'python_version >= "3.8"')
    assert facts["svc/requirements/test.txt#dep/dev/b-lib"].attrs["editable"] is True
    manifest = facts["svc/requirements/test.txt#manifest"].attrs
    assert manifest["includes"] == [
        "svc/requirements/base.txt",
        "shared/requirements.txt",
        "svc/requirements/missing.txt",
    ]
    assert manifest["constraints"] == ["svc/requirements/constraints.txt"]
    assert manifest["unnamed"] == ["."]
    assert manifest["dir"] == "svc/requirements"
    includes = {(r.source, r.target) for r in result.relations if r.kind is EdgeKind.INCLUDES}
    assert includes == {
        ("svc/requirements/test.txt#manifest", "svc/requirements/base.txt#manifest"),
        ("svc/requirements/test.txt#manifest", "shared/requirements.txt#manifest"),
    }
    assert messages(result) == [
        (15, "invalid requirement: 'bad>>1': bad version specifier '>>1'"),
        (16, "included requirements file 'svc/requirements/missing.txt' does not exist"),
    ]


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("requirements.txt", "main"),
        ("requirements-dev.txt", "dev"),
        ("requirements_test.txt", "dev"),
        ("requirements/lint.txt", "dev"),
        ("requirements/development.in", "dev"),
        ("requirements/latest.txt", "main"),
        ("requirements/prod.txt", "main"),
    ],
)
def test_requirements_group_from_file_name(path: str, group: str) -> None:
    (dep,) = (f for f in requirements("flask\n", path).facts if f.kind is NodeKind.DEPENDENCY)
    assert dep.attrs["group"] == group
    assert dep.id == f"{path}#dep/{group}/flask"


def test_requirements_missing_constraints_and_url_include() -> None:
    result = requirements("-rhttps://example.com/reqs.txt\n-c constraints.txt\n")
    assert messages(result) == [(2, "constraints file 'constraints.txt' does not exist")]
    assert not [r for r in result.relations if r.kind is EdgeKind.INCLUDES]


# -- package.json ---------------------------------------------------------------------------------
PACKAGE = """
{
  "name": "web",
  "version": "1.0.0",
  "private": true,
  "type": "module",
  "workspaces": {"packages": ["packages/*"]},
  "scripts": {
    "dev": "vite --port 5100",
    "start": "next dev -p 3001",
    "build": "tsc && vite build"
  },
  "dependencies": {"react": "^18", "lib": "workspace:*",
    "alias": "npm:@x/y@^2"},
  "devDependencies": {
    "typescript": "~5.4",
    "react": "^18.2"
  },
  "peerDependencies": {"react-dom": ">=18"},
  "optionalDependencies": {"fsevents": "2.x"}
}
"""


def test_package_json_dependencies_keep_their_own_lines() -> None:
    result = package_json(PACKAGE)
    assert deps(result) == {
        "dep/main/react": (12, 20, "^18"),
        "dep/main/lib": (12, 36, "workspace:*"),
        "dep/main/alias": (13, 5, "npm:@x/y@^2"),
        "dep/dev/typescript": (15, 5, "~5.4"),
        "dep/dev/react": (16, 5, "^18.2"),
        "dep/peer/react-dom": (18, 24, ">=18"),
        "dep/optional/fsevents": (19, 28, "2.x"),
    }
    facts = by_id(result)
    alias = facts["web/package.json#dep/main/alias"].attrs
    assert (alias["source"], alias["alias_of"], alias["ecosystem"]) == ("alias", "@x/y", "npm")
    assert facts["web/package.json#dep/main/lib"].attrs["source"] == "workspace"
    assert dict(facts["web/package.json#manifest"].attrs) == {
        "type": "package.json",
        "name": "web",
        "version": "1.0.0",
        "dir": "web",
        "private": True,
        "module_type": "module",
        "workspaces": ["packages/*"],
        "package_manager": None,
        "publish_config": False,
        "entry_points": [],
        "files": [],
    }


def test_package_json_says_what_it_publishes() -> None:
    text = """{
  "name": "@acme/sdk",
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "exports": {".": {"import": "./dist/index.js"}},
  "types": "./dist/index.d.ts",
  "bin": "",
  "files": ["dist", 3, "README.md"],
  "publishConfig": {"access": "public"}
}
"""
    attrs = by_id(package_json(text))["web/package.json#manifest"].attrs
    assert attrs["publish_config"] is True
    assert attrs["entry_points"] == ["exports", "main", "module", "types"]  # empty bin: none
    assert attrs["files"] == ["dist", "README.md"]


@pytest.mark.parametrize(
    ("script", "line", "port"),
    [("dev", 8, 5100), ("start", 9, 3001), ("build", 10, None)],
)
def test_package_json_scripts_yield_commands_and_ports(
    script: str, line: int, port: int | None
) -> None:
    result = package_json(PACKAGE)
    facts = by_id(result)
    script_id = f"web/package.json#script/{script}"
    fact = facts[script_id]
    assert fact.kind is NodeKind.SCRIPT
    assert (fact.location.line, fact.location.column) == (line, 5)
    assert fact.attrs["manifest"] == "web/package.json#manifest"
    command = facts[f"{script_id}/command"]
    assert command.attrs["origin"] == "package-script"
    assert command.attrs["script"] == script
    has = {(r.source, r.target) for r in result.relations if r.kind is EdgeKind.HAS}
    assert ("web/package.json#manifest", script_id) in has
    assert (script_id, command.id) in has
    ports = [f for f in result.facts if f.kind is NodeKind.PORT and f.id.startswith(command.id)]
    assert [(p.attrs["number"], p.attrs["scope"]) for p in ports] == (
        [(port, "listen")] if port else []
    )


@pytest.mark.parametrize(
    ("spec", "source"),
    [
        ("^1.2.3", "registry"),
        ("1.x", "registry"),
        ("v1.2.3", "registry"),
        ("latest", "tag"),
        ("file:../lib", "path"),
        ("github:user/repo", "git"),
        ("user/repo#main", "git"),
        ("git+ssh://git@github.com/a/b.git", "git"),
        ("https://example.com/x.tgz", "url"),
        ("catalog:", "catalog"),
    ],
)
def test_package_json_dependency_sources(spec: str, source: str) -> None:
    result = package_json(f'{{"dependencies": {{"x": "{spec}"}}}}')
    assert by_id(result)["web/package.json#dep/main/x"].attrs["source"] == source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{\n  "name": "x",\n  "dependencies": {\n    "a": "1"\n    "b": "2"\n  }\n}',
            [(5, "invalid JSON")],
        ),
        ("[1, 2]", [(1, "package.json must be an object, not an array")]),
        (
            '{\n"dependencies": ["react"]\n}',
            [(2, "'dependencies' must be an object, not an array")],
        ),
        ('{\n"scripts": {\n"a": 1}\n}', [(3, "scripts.a must be a string, not a number")]),
        ('{"devDependencies": {\n"a": null}}', [(2, "devDependencies.a must be a version string")]),
        ('{\n"workspaces": "packages/*"}', [(2, "'workspaces' must be an array of strings")]),
    ],
)
def test_package_json_diagnostics(text: str, expected: list[tuple[int, str]]) -> None:
    got = messages(package_json(text))
    assert len(got) == len(expected), got
    for (line, message), (want_line, want) in zip(got, expected, strict=True):
        assert line == want_line and message.startswith(want), got


def test_package_json_workspaces_array_and_escaped_keys() -> None:
    text = '{"workspaces": ["a", "b"],\n "dependencies": {"we\\"ird": "1", "ok": "2"}}'
    result = package_json(text, "package.json")
    facts = by_id(result)
    assert facts["package.json#manifest"].attrs["workspaces"] == ["a", "b"]
    assert facts["package.json#manifest"].attrs["dir"] == ""
    assert deps(result) == {'dep/main/we"ird': (2, 19, "1"), "dep/main/ok": (2, 35, "2")}


@pytest.mark.parametrize(
    ("path", "parser", "matches"),
    [
        ("pyproject.toml", PyprojectParser(), True),
        ("svc/pyproject.toml", PyprojectParser(), True),
        ("pyproject.toml.bak", PyprojectParser(), False),
        ("package.json", PackageJsonParser(load_servers()), True),
        ("web/package-lock.json", PackageJsonParser(load_servers()), False),
    ],
)
def test_manifest_matches(
    path: str, parser: PyprojectParser | PackageJsonParser, matches: bool
) -> None:
    assert parser.selector.matches(path) is matches


def test_pyproject_odd_entries() -> None:
    text = """
    [dependency-groups]
    a = "ruff"
    b = [3, {include-group = "a"}]
    [tool.pdm.dev-dependencies]
    dev = ["-e ./local"]
    [tool.poetry.dependencies]
    wheel = {url = "https://example.com/wheel-1.0-py3-none-any.whl"}
    """
    result = pyproject(text)
    assert messages(result) == [
        (2, "dependency-groups.a must be an array, not a string"),
        (
            3,
            "dependency-groups.b[0] must be a requirement string or {include-group = ...}, "
            "not an integer",
        ),
        (
            5,
            "invalid requirement in tool.pdm.dev-dependencies.dev[0]: "
            "'-e ./local' names no package (no #egg= fragment)",
        ),
    ]
    wheel = by_id(result)["svc/pyproject.toml#dep/main/wheel"]
    assert (wheel.attrs["source"], wheel.attrs["url"]) == (
        "url",
        "https://example.com/wheel-1.0-py3-none-any.whl",
    )


def test_toml_positions() -> None:
    text = dedent('''
    'literal key' = """multi \\""" line
    still""""
    [[a]]
    x = 1
    [a.b]
    y = 2
    [[a]]
    [a.b]
    y = 3
    [c]
    "quoted \\u0041" = { inner = [1, [2, 3]], "k" = 'v' }
    ''').lstrip("\n")
    positions = toml_positions(text)
    assert positions[("literal key",)] == (1, 1)
    assert positions[("a", 0)] == (3, 1)
    assert positions[("a", 0, "x")] == (4, 1)
    assert positions[("a", 0, "b", "y")] == (6, 1)
    assert positions[("a", 1, "b", "y")] == (9, 1)
    assert positions[("c", "quoted A", "inner", 1, 0)] == (11, 34)
    assert positions[("c", "quoted A", "k")] == (11, 42)


def test_requirements_odd_lines() -> None:
    result = requirements("./local/pkg\n--pre\nflask \\\n")
    assert by_id(result)["requirements.txt#manifest"].attrs["unnamed"] == ["./local/pkg"]
    assert deps(result) == {"dep/main/flask": (3, 1, "")}


def test_package_json_ignores_missing_sections_and_positions_fallback() -> None:
    result = package_json('{"name": 3, "private": "yes", "scripts": {}}')
    manifest = by_id(result)["web/package.json#manifest"].attrs
    assert (manifest["name"], manifest["private"], manifest["workspaces"]) == (None, False, [])
    assert result.diagnostics == ()
