"""``archlint test DIR``: a rule pack against its fixtures, expectations as comments
(archlint-expect / archlint-ok) or <case>.expected.yaml; pass/fail per rule, exit 1 on any."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "examples" / "acme-pack"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "acme-pack"
    shutil.copytree(EXAMPLE, target)
    return target


def test_the_example_pack_passes(run: Any) -> None:
    result = run("test", EXAMPLE)
    assert result.code == 0, result.out
    assert result.out == (
        "ACME001  ok    2 cases\nACME002  ok    2 cases\n2 rules: 2 passed, 0 failed (4 cases)\n"
    )


def test_the_bundled_pack_runs_the_same_way(run: Any) -> None:
    # SEC002's cases are package.json files: their expectations are .expected.yaml files
    result = run("test", REPO / "rules", "--select", "SEC002,PRT005")
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1].startswith("2 rules: 2 passed, 0 failed")


def test_a_missed_expectation_fails_the_rule(run: Any, pack: Path) -> None:
    rule = pack / "ACME001.yaml"
    rule.write_text(rule.read_text("utf-8").replace("[5678, 9229]", "[5678]"), "utf-8")
    result = run("test", pack)
    assert result.code == 1
    assert "ACME001  FAIL  1 of 2 cases\n" in result.out
    assert "    fail-debugpy: docker-compose.yml:13: expected a finding, got none\n" in result.out
    assert "ACME002  ok    2 cases\n" in result.out
    assert result.out.endswith("2 rules: 1 passed, 1 failed (4 cases)\n")


def test_an_unexpected_finding_and_a_broken_ok_fail(run: Any, pack: Path) -> None:
    rule = pack / "ACME001.yaml"
    rule.write_text(
        rule.read_text("utf-8").replace("      - not: {attr: host_ip, equals: 127.0.0.1}\n", ""),
        "utf-8",
    )
    out = run("test", pack).out
    assert "fail-debugpy: docker-compose.yml:14: archlint-ok, but ACME001 reports it" in out
    assert "pass-local-only: docker-compose.yml:6: unexpected finding" in out
    assert "actual findings: docker-compose.yml:6 api publishes the debugger port 5678" in out


def test_expected_yaml_counts_findings(run: Any, pack: Path) -> None:
    case = pack / "fixtures" / "ACME001" / "fail-debugpy"
    (pack / "fixtures" / "ACME001" / "fail-debugpy.expected.yaml").write_text(
        "- {path: docker-compose.yml, line: 8}\n- {path: docker-compose.yml, line: 8}\n", "utf-8"
    )
    out = run("test", pack).out
    assert "fail-debugpy: docker-compose.yml:8: expected 2 findings, got 1" in out
    assert case.is_dir()


def test_xfail_marks_a_known_bug_and_a_fixed_one_is_reported(run: Any, pack: Path) -> None:
    cases = pack / "fixtures" / "ACME001"
    (cases / "fail-debugpy" / "xfail.txt").write_text("the inspector port is missed\n")
    result = run("test", pack)
    assert result.code == 1
    assert "fail-debugpy: passes, but xfail.txt says: the inspector port is missed" in result.out
    rule = pack / "ACME001.yaml"
    rule.write_text(rule.read_text("utf-8").replace("[5678, 9229]", "[5678]"), "utf-8")
    result = run("test", pack)
    assert result.code == 0, result.out
    assert "ACME001  ok    2 cases, 1 known failures\n" in result.out


def test_a_fail_case_needs_expectations_and_a_rule_needs_cases(run: Any, pack: Path) -> None:
    shutil.rmtree(pack / "fixtures" / "ACME002")
    empty = pack / "fixtures" / "ACME001" / "fail-nothing"
    empty.mkdir()
    (empty / "docker-compose.yml").write_text("services:\n  api:\n    image: python:3.12\n")
    out = run("test", pack).out
    assert "fail-nothing: fail case without expectations: add `archlint-expect: ACME001`" in out
    assert "ACME002  FAIL  1 of 1 case\n" in out
    assert "no fixture cases in" in out


def test_bad_packs_are_usage_errors(run: Any, tmp_path: Path) -> None:
    assert run("test", tmp_path).code == 2
    assert "no rule files" in run("test", tmp_path).err
    (tmp_path / "x.yaml").write_text("id: BAD\n")
    result = run("test", tmp_path)
    assert result.code == 2  # a broken rule is reported like in `archlint check`


def test_bad_expected_file(run: Any, pack: Path) -> None:
    (pack / "fixtures" / "ACME001" / "fail-debugpy.expected.yaml").write_text("{path: x}\n")
    out = run("test", pack).out
    assert "fail-debugpy.expected.yaml: expected a list of {path: str, line: int}" in out
    (pack / "fixtures" / "ACME001" / "fail-debugpy.expected.yaml").write_text("[: x\n")
    assert "invalid YAML" in run("test", pack).out


def test_case_config_and_fixtures_option(run: Any, pack: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere"
    shutil.move(pack / "fixtures", moved)
    (moved / "ACME001" / "pass-local-only.config.toml").write_text(
        "[tool.archlint.rules.ACME001]\nports = [9999]\n"
    )
    result = run("test", pack, "--fixtures", moved)
    assert result.code == 0, result.out
