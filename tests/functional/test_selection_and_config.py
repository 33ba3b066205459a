"""--select/--ignore and [tool.archlint] in a pyproject.toml change what is reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SHOP_RULES = ["PRT004", "PRT002", "PRT003", "PRT003", "PRT005", "PRT002", "PRT001"]


def _rules(result: Any) -> list[str]:
    return [rule for rule, _, _ in result.findings()]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--select", "PRT00"], SHOP_RULES),
        (["--select", "PRT002"], ["PRT002"] * 2),
        (["--select", "prt001,PRT005"], ["PRT005", "PRT001"]),
        (["--ignore", "PRT"], []),
        (["--ignore", "PRT002,PRT003"], ["PRT004", "PRT005", "PRT001"]),
        (["--select", "PRT", "--ignore", "PRT00"], []),
        (["--select", "PRT002", "--ignore", "PRT"], ["PRT002"] * 2),  # longer prefix wins
    ],
)
def test_select_and_ignore(
    run: Any, samples: Path, options: list[str], expected: list[str]
) -> None:
    result = run("check", samples / "shop", "--format", "json", *options)
    assert _rules(result) == expected
    errors = {"PRT004", "PRT005"}  # the others are warnings, below the default --fail-on error
    assert result.code == (1 if errors & set(expected) else 0)


def _configure(root: Path, body: str) -> None:
    (root / "pyproject.toml").write_text("[tool.archlint]\n" + body, encoding="utf-8")


def test_config_select_and_ignore(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    _configure(root, 'select = ["PRT00"]\nignore = ["PRT002", "PRT003"]\n')
    assert _rules(run("check", root, "--format", "json")) == ["PRT004", "PRT005", "PRT001"]
    # a command-line option replaces the config's value
    assert _rules(run("check", root, "--format", "json", "--ignore", "PRT00")) == []


def test_config_severity_override(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    _configure(root, '[tool.archlint.severity]\nPRT004 = "note"\nPRT005 = "warning"\n')
    result = run("check", root, "--format", "json")
    severities = {f["rule_id"]: f["severity"] for f in result.json()["findings"]}
    assert severities["PRT004"] == "note"
    assert severities["PRT005"] == "warning"
    assert result.code == 0  # nothing is an error any more
    rules = {r["id"]: r["severity"] for r in result.json()["rules"]}
    assert rules["PRT004"] == "note"


def test_config_rule_parameters_widen_a_range(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    _configure(root, "[tool.archlint.rules.PRT002]\nmax = 9099\n")
    assert "PRT002" not in _rules(run("check", root, "--format", "json"))
    _configure(root, "[tool.archlint.rules.PRT002]\nallowed = [9000]\n")
    assert "PRT002" not in _rules(run("check", root, "--format", "json"))


def test_config_unknown_rule_parameter_is_an_error(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    _configure(root, "[tool.archlint.rules.PRT002]\nmaximum = 9099\n")
    result = run("check", root)
    assert result.code == 2
    assert "maximum" in result.err
    assert "pyproject.toml" in result.err


def test_config_per_path_ignores(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    _configure(
        root,
        '[tool.archlint.per-path-ignores]\n"services/**" = ["PRT002"]\n"web/" = ["PRT"]\n',
    )
    result = run("check", root, "--format", "json")
    assert ("PRT002", "services/admin/Dockerfile", 10) not in result.findings()
    # the compose file is not under services/, so its PRT002 stays
    assert ("PRT002", "docker-compose.yml", 23) in result.findings()
    assert "PRT001" not in _rules(result)


def test_config_exclude_globs(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    _configure(root, 'exclude = ["web/", "services/admin/Dockerfile"]\n')
    result = run("check", root, "--format", "json")
    paths = {path for _, path, _ in result.findings()}
    assert paths == {"docker-compose.yml"}


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("warning", 1), ("note", 1)])
def test_config_fail_on(run: Any, sample_copy: Any, fail_on: str, code: int) -> None:
    root = sample_copy("shop")
    _configure(root, f'fail-on = "{fail_on}"\nselect = ["PRT002"]\n')
    assert run("check", root).code == code


def test_config_fail_on_is_overridden_by_the_option(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    _configure(root, 'fail-on = "never"\n')
    assert run("check", root).code == 0
    assert run("check", root, "--fail-on", "error").code == 1


def test_explicit_config_file(run: Any, samples: Path, tmp_path: Path) -> None:
    config = tmp_path / "strict.toml"
    config.write_text('[tool.archlint]\nselect = ["PRT001"]\n')
    result = run("check", samples / "shop", "--format", "json", "--config", config)
    assert _rules(result) == ["PRT001"]
    assert run("check", samples / "shop", "--config", tmp_path / "none.toml").code == 2


def test_inline_suppression_above_a_compose_port(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    compose = root / "docker-compose.yml"
    lines = compose.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[22] == '      - "9000:9000"\n'
    lines.insert(22, "      # archlint: ignore[PRT002] the admin port is fixed by the VPN rules\n")
    compose.write_text("".join(lines), encoding="utf-8")
    text = run("check", root)
    assert "docker-compose.yml:24:9  PRT002" not in text.out
    assert text.out.rstrip().splitlines()[-1] == (
        "6 findings (2 errors, 4 warnings) in 27 files; 1 suppressed"
    )
    doc = run("check", root, "--format", "json").json()
    assert doc["summary"]["suppressed"] == 1
    sarif = run("check", root, "--format", "sarif").json()
    locations = [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in sarif["runs"][0]["results"]
    ]
    assert ("PRT002", "docker-compose.yml", 24) not in locations
    assert ("PRT002", "services/admin/Dockerfile", 10) in locations  # other files unaffected


def test_inline_suppression_of_one_finding(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    package = root / "web" / "package.json"
    dockerfile = root / "services" / "admin" / "Dockerfile"
    text = dockerfile.read_text(encoding="utf-8")
    dockerfile.write_text(text.replace("CMD [", "# archlint: ignore[PRT002] legacy port\nCMD ["))
    result = run("check", root)
    assert result.out.rstrip().splitlines()[-1].endswith("; 1 suppressed")
    assert "services/admin/Dockerfile" not in result.out
    assert package.is_file()


def test_suppression_of_another_rule_does_not_apply(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    dockerfile = root / "services" / "admin" / "Dockerfile"
    text = dockerfile.read_text(encoding="utf-8")
    dockerfile.write_text(text.replace("CMD [", "# archlint: ignore[PRT001]\nCMD ["))
    result = run("check", root, "--format", "json")
    assert ("PRT002", "services/admin/Dockerfile", 11) in result.findings()
    assert result.json()["summary"]["suppressed"] == 0


def test_a_selector_that_matches_no_rule_is_an_error(run: Any, samples: Path) -> None:
    result = run("check", samples / "shop", "--select", "PRT,PTR002", "--ignore", "XYZ")
    assert result.code == 2
    assert "'PTR002' matches no rule id or prefix; did you mean 'PRT002'?" in result.err
    assert "[ignore]: 'XYZ' matches no rule id or prefix" in result.err


def test_every_config_mistake_is_reported_in_one_run_with_its_line(
    run: Any, tmp_path: Path
) -> None:
    """Eight mistakes of three kinds (the table's shape, names of rules and parameters, ids in
    selectors) used to take three runs to see, the later ones without lines."""
    (tmp_path / "archlint.toml").write_text(
        'select = ["PRT9"]\n'
        'ignore = ["XYZ"]\n'
        'fail-on = "sometimes"\n'
        'exclud = ["a"]\n'
        "[severity]\n"
        'PRT04 = "error"\n'
        'PRT001 = "bad"\n'
        "[rules.PRT002]\n"
        "mn = 3\n"
        "[per-path-ignores]\n"
        '"a/**" = ["NOPE001"]\n',
        "utf-8",
    )
    result = run("check", tmp_path)
    assert result.code == 2
    assert result.err.splitlines() == [
        "error: archlint.toml:1 [select]: 'PRT9' matches no rule id or prefix; did you mean 'PRT005'?",
        "error: archlint.toml:2 [ignore]: 'XYZ' matches no rule id or prefix; `archlint rules` lists them",
        "error: archlint.toml:3 [fail-on]: expected one of error, warning, note, never, got 'sometimes'",
        "error: archlint.toml:4 [exclud]: unknown key 'exclud' in the top level; did you mean 'exclude'?",
        "error: archlint.toml:6 [severity.PRT04]: unknown rule id 'PRT04'; did you mean 'PRT004'?",
        "error: archlint.toml:7 [severity.PRT001]: expected one of error, warning, note, got 'bad'",
        "error: archlint.toml:9 [rules.PRT002.mn]: PRT002 has no parameter 'mn'; did you mean 'min'?",
        "error: archlint.toml:11 [per-path-ignores.\"a/**\"]: 'NOPE001' matches no rule id or prefix; did you mean 'PY001'?",
    ]


def test_a_broken_pyproject_is_a_parse_finding_not_a_config_error(run: Any, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project\nname = "x"\n', "utf-8")
    (tmp_path / "docker-compose.yml").write_text("services:\n  db:\n    image: mysql:8\n", "utf-8")
    result = run("check", tmp_path, "--format", "json")
    assert result.code == 1
    assert ("PARSE001", "pyproject.toml", 1) in result.findings()
    assert ("DB001", "docker-compose.yml", 3) in result.findings()  # the rest is still checked


def test_a_broken_pyproject_with_archlint_config_is_a_config_error(
    run: Any, tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.archlint\nselect = ["PRT"]\n', "utf-8")
    result = run("check", tmp_path)
    assert result.code == 2
    assert "pyproject.toml:1: invalid TOML" in result.err
