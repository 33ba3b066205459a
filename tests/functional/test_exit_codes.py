"""Exit codes: 0 clean, 1 findings at/above --fail-on, 2 usage/config/rule errors, 3 internal."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import pytest

from archlint import app


def test_clean_exits_0(run: Any, samples: Path) -> None:
    assert run("check", samples / "clean").code == 0


def test_findings_exit_1(run: Any, samples: Path) -> None:
    assert run("check", samples / "shop").code == 1


@pytest.mark.parametrize(
    ("select", "fail_on", "code"),
    [
        ("PRT002", "error", 0),  # only warnings
        ("PRT002", "warning", 1),
        ("PRT002", "note", 1),
        ("PRT004", "error", 1),
        ("PRT004", "never", 0),
        ("ALL", "never", 0),
    ],
)
def test_fail_on(run: Any, samples: Path, select: str, fail_on: str, code: int) -> None:
    result = run("check", samples / "shop", "--select", select, "--fail-on", fail_on)
    assert result.code == code
    assert "finding" in result.out  # the report is printed either way


def test_bad_fail_on_value_is_a_usage_error(run: Any, samples: Path) -> None:
    assert run("check", samples / "clean", "--fail-on", "fatal").code == 2


def test_missing_path_exits_2(run: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = run("check", missing)
    assert result.code == 2
    assert f"{missing}: no such file or directory" in result.err
    assert "Traceback" not in result.err


def test_unknown_config_key_suggests_the_closest(run: Any, sample_copy: Any) -> None:
    root = sample_copy("clean")
    (root / "archlint.toml").write_text('selct = ["PRT"]\nfail-on = "warning"\n')
    result = run("check", root)
    assert result.code == 2
    assert result.out == ""
    assert "archlint.toml:1 [selct]: unknown key 'selct'" in result.err
    assert "did you mean 'select'?" in result.err


def test_unknown_key_in_pyproject_names_the_table(run: Any, sample_copy: Any) -> None:
    root = sample_copy("clean")
    (root / "pyproject.toml").write_text('[tool.archlint]\nfail_on = "note"\n')
    result = run("check", root)
    assert result.code == 2
    assert "pyproject.toml:2 [tool.archlint.fail_on]" in result.err
    assert "did you mean 'fail-on'?" in result.err


BAD_RULE = """\
id: BAD001
name: bad rule
severity: fatal
message: "x"
docs:
  summary: s
select:
  kind: nosuchkind
"""


def test_broken_rule_file_lists_every_problem(run: Any, sample_copy: Any) -> None:
    root = sample_copy("clean")
    (root / "archrules").mkdir()
    (root / "archrules" / "BAD001.yaml").write_text(BAD_RULE)
    (root / "pyproject.toml").write_text('[tool.archlint]\nrule-dirs = ["archrules"]\n')
    result = run("check", root)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert all(line.startswith("error: ") and "BAD001.yaml" in line for line in lines)
    assert any(":2 [name]:" in line for line in lines)
    assert any(":3 [severity]:" in line and "'fatal'" in line for line in lines)
    assert any(":5 [docs" in line and "'why'" in line for line in lines)
    assert any(":5 [docs" in line and "'fix'" in line for line in lines)
    assert any(":8 [select.kind]:" in line and "'nosuchkind'" in line for line in lines)
    assert "Traceback" not in result.err


def test_missing_rule_dir_is_a_config_error(run: Any, sample_copy: Any) -> None:
    root = sample_copy("clean")
    (root / "pyproject.toml").write_text('[tool.archlint]\nrule-dirs = ["nowhere"]\n')
    result = run("check", root)
    assert result.code == 2
    assert "pyproject.toml:2 [tool.archlint.rule-dirs]: rule directory not found" in result.err


def _boom(*args: object, **kwargs: object) -> NoReturn:
    raise RuntimeError("boom")


def test_internal_error_exits_3_and_mentions_debug(
    run: Any, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "check_scan", _boom)
    result = run("check", samples / "clean")
    assert result.code == 3
    assert "internal error: RuntimeError('boom')" in result.err
    assert "--debug" in result.err
    assert "Traceback" not in result.err


def test_internal_error_with_debug_shows_the_traceback(
    run: Any, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "check_scan", _boom)
    result = run("check", samples / "clean", "--debug")
    assert result.code == 3
    assert "Traceback (most recent call last)" in result.err
    assert "RuntimeError: boom" in result.err


def test_module_entry_point_exit_codes(run_module: Any, samples: Path) -> None:
    assert run_module("check", samples / "clean").code == 0
    shop = run_module("check", samples / "shop")
    assert shop.code == 1
    assert "7 findings (2 errors, 5 warnings)" in shop.out
    assert run_module("check", samples / "nope").code == 2


def test_path_that_is_a_file_exits_2(run: Any, samples: Path) -> None:
    result = run("check", samples / "shop.expected.json")
    assert result.code == 2
    assert "archlint checks a directory" in result.err


def test_graph_of_a_repo_with_a_broken_file_still_works(run: Any, samples: Path) -> None:
    result = run("graph", samples / "broken")
    assert result.code == 0
    assert '"kind": "diagnostic"' in result.out
    assert "Traceback" not in result.err
