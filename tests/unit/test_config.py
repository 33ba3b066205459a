from __future__ import annotations

from pathlib import Path

import pytest

from archlint.config import (
    Config,
    ignored_for_path,
    load_config,
    rule_selected,
    with_overrides,
)
from archlint.domain.findings import Severity
from archlint.domain.limits import Limits
from archlint.domain.limits import settings as limits_settings
from archlint.errors import ConfigError, Problem
from archlint.knowledge import Markers, RoleChange, load_servers
from archlint.parsers.registry import builtin_parsers, dispatch


def pyproject(root: Path, body: str) -> Path:
    path = root / "pyproject.toml"
    path.write_text('[project]\nname = "demo"\n\n[tool.archlint]\n' + body, encoding="utf-8")
    return path


def errors(root: Path, explicit: Path | None = None) -> list[Problem]:
    with pytest.raises(ConfigError) as info:
        load_config(root, explicit)
    return info.value.problems


# -- finding the file -----------------------------------------------------------------------------


def test_defaults_without_any_config(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(tmp_path) == Config()


def test_pyproject_table(tmp_path: Path) -> None:
    pyproject(tmp_path, 'select = ["PRT"]\n')
    config = load_config(tmp_path)
    assert config.select == ("PRT",)
    assert config.source == "pyproject.toml"


def test_archlint_toml_has_top_level_keys_and_wins_over_pyproject(tmp_path: Path) -> None:
    pyproject(tmp_path, 'select = ["PRT"]\n')
    (tmp_path / "archlint.toml").write_text('select = ["DOCK"]\n')
    config = load_config(tmp_path)
    assert (config.select, config.source) == (("DOCK",), "archlint.toml")


def test_explicit_file_outside_the_root(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    explicit = pyproject(other, 'fail-on = "never"\n')
    root = tmp_path / "repo"
    root.mkdir()
    config = load_config(root, explicit)
    assert (config.fail_on, config.source) == ("never", explicit.as_posix())


def test_explicit_file_must_exist(tmp_path: Path) -> None:
    [problem] = errors(tmp_path, tmp_path / "nope.toml")
    assert problem.render() == f"{tmp_path.as_posix()}/nope.toml: config file not found"


def test_explicit_pyproject_needs_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    [problem] = errors(tmp_path, tmp_path / "pyproject.toml")
    assert problem.message == "no [tool.archlint] table"


# -- each key -------------------------------------------------------------------------------------


def test_every_key(tmp_path: Path) -> None:
    (tmp_path / "cfg" / "archrules").mkdir(parents=True)
    explicit = tmp_path / "cfg" / "archlint.toml"
    explicit.write_text(
        """
select = ["ALL"]
ignore = ["PRT002", "DOCK"]
severity = { PRT001 = "warning", DOCK003 = "note" }
rule-dirs = ["archrules"]
exclude = ["legacy/", "*.gen.ts"]
fail-on = "warning"
bundled-rules = false

[per-path-ignores]
"tests/**" = ["PRT"]
"scripts/*.sh" = ["SH001", "SH002"]

[rules.PRT002]
min = 4000
names = ["a", "b"]
nested = { deep = true }
""",
        encoding="utf-8",
    )
    config = load_config(tmp_path, explicit)
    assert config.select == ("ALL",)
    assert config.ignore == ("PRT002", "DOCK")
    assert dict(config.severity) == {"PRT001": Severity.WARNING, "DOCK003": Severity.NOTE}
    assert config.rule_dirs == ((tmp_path / "cfg" / "archrules").resolve(),)
    assert config.exclude == ("legacy/", "*.gen.ts")
    assert config.fail_on == "warning"
    assert config.bundled_rules is False
    assert config.per_path_ignores == (
        ("scripts/*.sh", ("SH001", "SH002")),
        ("tests/**", ("PRT",)),
    )
    params = config.parameters["PRT002"]
    assert dict(params) == {"min": 4000, "names": ["a", "b"], "nested": {"deep": True}}
    # plain Python, not tomlkit wrappers
    assert type(params["min"]) is int
    assert type(params["names"]) is list
    assert type(params["nested"]) is dict
    assert config.source == "cfg/archlint.toml"


def test_roles_add_and_remove_packages(tmp_path: Path) -> None:
    pyproject(
        tmp_path,
        '[tool.archlint.roles.worker]\npypi = ["procrastinate"]\nremove-pypi = ["apscheduler"]\n'
        '[tool.archlint.roles.frontend]\nnpm = ["@acme/app-kit"]\n',
    )
    config = load_config(tmp_path)
    assert config.roles == {
        "frontend": RoleChange(add=Markers(npm=frozenset({"@acme/app-kit"}))),
        "worker": RoleChange(
            add=Markers(pypi=frozenset({"procrastinate"})),
            remove=Markers(pypi=frozenset({"apscheduler"})),
        ),
    }


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "line", "key", "message"),
    [
        ('exlude = ["a"]\n', 5, "tool.archlint.exlude",
         "unknown key 'exlude' in [tool.archlint]; did you mean 'exclude'?"),
        ('# exlude = ["a"] was here\n"exlude" = ["a"]\n', 6, "tool.archlint.exlude",
         "unknown key 'exlude' in [tool.archlint]; did you mean 'exclude'?"),
        ("[[tool.other]]\nexlude = 1\n[tool.archlint.'bogus']\n", 7, "tool.archlint.bogus",
         "unknown key 'bogus'"),
        (' [ tool . archlint . "severity" ] # c\nA = 1\n', 6, "tool.archlint.severity.A",
         "expected one of"),
        ("[tool.archlint.rules.'X'\n", 5, None, "invalid TOML"),
        ("zzz = 1\n", 5, "tool.archlint.zzz", "unknown key 'zzz' in [tool.archlint]"),
        ('fail-on = "warn"\n', 5, "tool.archlint.fail-on",
         "expected one of error, warning, note, never, got 'warn'"),
        ('select = "PRT"\n', 5, "tool.archlint.select",
         "expected a list of non-empty strings, got 'PRT'"),
        ('ignore = ["PRT 1"]\n', 5, "tool.archlint.ignore", "not a rule id or prefix: 'PRT 1'"),
        ("exclude = [1]\n", 5, "tool.archlint.exclude",
         "expected a list of non-empty strings, got array [1]"),
        ('bundled-rules = "yes"\n', 5, "tool.archlint.bundled-rules",
         "expected true or false, got 'yes'"),
        ('severity = "error"\n', 5, "tool.archlint.severity", "expected a table, got 'error'"),
        ('select = []\n[tool.archlint.severity]\nPRT001 = "fatal"\n', 7,
         "tool.archlint.severity.PRT001", "expected one of error, warning, note, got 'fatal'"),
        ('severity = { A1 = "warning", PRT001 = "fatal" }\n', 5, "tool.archlint.severity.PRT001",
         "expected one of error, warning, note, got 'fatal'"),
        ("[tool.archlint.rules]\nPRT002 = 5\n", 6, "tool.archlint.rules.PRT002",
         "expected a table of parameters, got integer 5"),
        ('[tool.archlint.per-path-ignores]\n"a.b/**" = "PRT"\n', 6,
         'tool.archlint.per-path-ignores."a.b/**"',
         "expected a list of non-empty strings, got 'PRT'"),
        ('rule-dirs = ["missing"]\n', 5, "tool.archlint.rule-dirs",
         "rule directory not found: 'missing'"),
        ("[tool.archlint.bogus]\nx = 1\n", 5, "tool.archlint.bogus",
         "unknown key 'bogus' in [tool.archlint]"),
        ('roles = "worker"\n', 5, "tool.archlint.roles", "expected a table, got 'worker'"),
        ('[tool.archlint.roles.wroker]\npypi = ["x"]\n', 5, "tool.archlint.roles.wroker",
         "unknown role 'wroker'; did you mean 'worker'?"),
        ("[tool.archlint.roles.zzz]\n", 5, "tool.archlint.roles.zzz",
         "unknown role 'zzz' (roles: python-backend, node-backend, go-backend, rust-backend, "
         "jvm-backend, dotnet-backend, php-backend, ruby-backend, docs, frontend, node-server, "
         "worker)"),
        ("[tool.archlint.roles]\nworker = 1\n", 6, "tool.archlint.roles.worker",
         "expected a table of packages, got integer 1"),
        ('[tool.archlint.roles.worker]\nremove-pipy = ["x"]\n', 6,
         "tool.archlint.roles.worker.remove-pipy",
         "unknown key 'remove-pipy'; did you mean 'remove-pypi'?"),
        ('[tool.archlint.roles.worker]\npython = ["x"]\n', 6,
         "tool.archlint.roles.worker.python",
         "unknown key 'python' (pypi, npm, npm-build, packages, servers, images, remove-pypi,"),
        ('[tool.archlint.roles.docs]\nimages = "mkdocs"\n', 6,
         "tool.archlint.roles.docs.images", "expected a list of non-empty strings, got 'mkdocs'"),
    ],
)  # fmt: skip
def test_problem(tmp_path: Path, body: str, line: int, key: str | None, message: str) -> None:
    pyproject(tmp_path, body)
    [problem] = errors(tmp_path)
    assert (problem.path, problem.line, problem.key) == ("pyproject.toml", line, key)
    assert problem.message.startswith(message)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    pyproject(
        tmp_path,
        'selct = ["PRT"]\nfail-on = "warn"\n\n[tool.archlint.rules.PRT002]\nmin = 1\n'
        '[tool.archlint.severity]\nPRT001 = "bad"\n',
    )
    rendered = [p.render() for p in errors(tmp_path)]
    assert rendered == [
        "pyproject.toml:5 [tool.archlint.selct]: unknown key 'selct' in [tool.archlint];"
        " did you mean 'select'?",
        "pyproject.toml:6 [tool.archlint.fail-on]: expected one of error, warning, note, never,"
        " got 'warn'",
        "pyproject.toml:11 [tool.archlint.severity.PRT001]: expected one of error, warning, note,"
        " got 'bad'",
    ]


def test_archlint_toml_problems_use_top_level_keys(tmp_path: Path) -> None:
    (tmp_path / "archlint.toml").write_text('# settings\n\nfail_on = "never"\n')
    [problem] = errors(tmp_path)
    assert problem.render() == (
        "archlint.toml:3 [fail_on]: unknown key 'fail_on' in the top level; did you mean 'fail-on'?"
    )


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    pyproject(tmp_path, 'select = ["PRT"]\nfail-on = = "x"\n')
    [problem] = errors(tmp_path)
    assert (problem.path, problem.line) == ("pyproject.toml", 6)
    assert problem.message.startswith("invalid TOML:")


# -- selection ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("select", "ignore", "rule_id", "expected"),
    [
        ((), (), "PRT001", True),
        (("PRT",), (), "PRT001", True),
        (("PRT",), (), "DOCK001", False),
        (("PRT001",), (), "PRT0011", True),  # a prefix, like ruff
        (("ALL",), (), "ANY1", True),
        (("ALL",), ("PRT",), "PRT001", False),
        (("ALL",), ("PRT",), "DOCK001", True),
        (("PRT001",), ("PRT",), "PRT001", True),  # longer select beats shorter ignore
        (("PRT",), ("PRT001",), "PRT001", False),  # longer ignore beats shorter select
        (("PRT",), ("PRT001",), "PRT002", True),
        (("PRT",), ("PRT",), "PRT001", False),  # a tie: ignore wins
        ((), ("PRT0",), "PRT001", False),  # empty select = everything
        ((), ("ALL",), "PRT001", False),
        (("PRT",), ("ALL",), "PRT001", True),
    ],
)
def test_rule_selected(
    select: tuple[str, ...], ignore: tuple[str, ...], rule_id: str, expected: bool
) -> None:
    assert rule_selected(rule_id, Config(select=select, ignore=ignore)) is expected


@pytest.mark.parametrize(
    ("rule_id", "path", "expected"),
    [
        ("PRT001", "tests/unit/test_x.py", True),
        ("PRT001", "src/tests/x.py", False),  # "tests/**" is anchored: it has a slash
        ("DOCK001", "tests/Dockerfile", False),
        ("DOCK001", "docker/dev/Dockerfile", True),
        ("DOCK001", "Dockerfile.dev", True),
        ("DOCK001", "sub/Dockerfile.dev", True),  # no slash: matches at any depth
        ("SH001", "x/gen/a.sh", True),
        ("SH002", "x/gen/a.sh", False),
    ],
)
def test_ignored_for_path(rule_id: str, path: str, expected: bool) -> None:
    config = Config(
        per_path_ignores=(
            ("tests/**", ("PRT",)),
            ("docker/dev/", ("ALL",)),
            ("Dockerfile.*", ("DOCK001",)),
            ("gen/", ("SH001",)),
        )
    )
    assert ignored_for_path(rule_id, path, config) is expected


def test_with_overrides_replaces_given_options() -> None:
    config = Config(select=("PRT",), ignore=("PRT002",), fail_on="warning")
    assert with_overrides(config) == config
    changed = with_overrides(config, select=("DOCK",), fail_on="never")
    assert (changed.select, changed.ignore, changed.fail_on) == (("DOCK",), ("PRT002",), "never")
    assert with_overrides(config, ignore=()).ignore == ()


def test_with_overrides_checks_fail_on() -> None:
    with pytest.raises(ConfigError, match=r"command line \[--fail-on\]: expected one of"):
        with_overrides(Config(), fail_on="warn")


def test_config_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "archlint.toml").write_bytes(b'select = ["\xff"]\n')
    [problem] = errors(tmp_path)
    assert (problem.path, problem.message[:12]) == ("archlint.toml", "cannot read:")


def test_tool_archlint_that_is_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool]\narchlint = "on"\n')
    [problem] = errors(tmp_path)
    assert (problem.line, problem.key, problem.message) == (2, "tool.archlint", "expected a table")


def test_archlint_toml_with_a_tool_table_says_why(tmp_path: Path) -> None:
    (tmp_path / "archlint.toml").write_text('[tool.archlint]\nselect = ["PRT"]\n')
    [problem] = errors(tmp_path)
    assert problem.line == 1
    assert problem.message.endswith("takes its keys at the top level, without [tool.archlint]")


def test_limits_are_settings(tmp_path: Path) -> None:
    pyproject(tmp_path, "[tool.archlint.limits]\nmax-file-bytes = 1000\n")
    assert load_config(tmp_path).limits.max_file_bytes == 1000
    assert load_config(tmp_path / "nowhere").limits.max_file_bytes == 8 * 2**20


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("max-file-byte = 1", "unknown limit 'max-file-byte'; did you mean 'max-file-bytes'?"),
        ("max-file-bytes = 0", "expected a positive whole number, got integer 0"),
        ("max-file-bytes = '1'", "expected a positive whole number"),
    ],
)
def test_limit_problems(tmp_path: Path, body: str, words: str) -> None:
    pyproject(tmp_path, f"[tool.archlint.limits]\n{body}\n")
    [problem] = errors(tmp_path)
    assert problem.line == 6 and words in problem.message


def test_every_limit_is_a_setting_with_a_default(tmp_path: Path) -> None:
    body = "\n".join(f"{name} = {i + 7}" for i, name in enumerate(limits_settings()))
    pyproject(tmp_path, f"[tool.archlint.limits]\n{body}\n")
    read = load_config(tmp_path).limits
    assert [getattr(read, n.replace("-", "_")) for n in limits_settings()] == list(
        range(7, 7 + len(limits_settings()))
    )
    assert Limits() == load_config(tmp_path / "nowhere").limits
    assert Limits().max_nesting == 200 and Limits().max_yaml_values == 250_000


def test_docs_list_every_limit_with_its_default() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "limits.md").read_text("utf-8")
    rows = {
        cells[2].strip("` "): cells[3].strip()
        for line in text.splitlines()
        if line.startswith("|") and len(cells := line.split("|")) > 4
    }
    for name in limits_settings():
        default = getattr(Limits(), name.replace("-", "_"))
        assert name in rows, f"docs/limits.md does not list {name}"
        assert rows[name].startswith(f"{default:,}"), (name, rows[name])


def test_changed_limits_change_the_versions_of_the_parsers_that_read_them() -> None:
    plain = builtin_parsers(load_servers())
    shallow = builtin_parsers(load_servers(), Limits(max_nesting=20))
    changed = sorted(n for n in plain if plain[n].version != shallow[n].version)
    assert changed == [
        "angular-json",
        "cargo",
        "ci-tools",
        "compose",
        "composer",
        "eslintrc",
        "helm",
        "kubernetes",
        "kustomize",
        "package-json",
        "pnpm-workspace",
        "pyproject",
        "server-config",
        "terraform",
        "tsconfig",
    ]
    assert shallow["helm"].version.endswith("+max_nesting=20")
    assert dispatch(load_servers(), Limits(max_nesting=20)) is not dispatch(load_servers())
