"""Concepts are decided once: overriding one in config changes every rule that uses it, and a
rule with a typo is an error, never a rule that silently does not fire."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# a QA stack the team keeps under qa/: a MySQL service, a literal password, a one-stage image
QA_REPO = {
    "pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
    "qa/docker-compose.yml": (
        "services:\n"
        "  db:\n"
        "    image: mysql:8.4\n"
        "    environment:\n"
        "      MYSQL_ROOT_PASSWORD: hunter2-root\n"
    ),
    "qa/Dockerfile": 'FROM python:3.12\nCOPY . /app\nCMD ["uvicorn", "main:app"]\n',
}


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    return root


def rule_ids(result: Any) -> set[tuple[str, str]]:
    return {(rule_id, path) for rule_id, path, _ in result.findings()}


def test_overriding_test_code_changes_every_rule_that_uses_it(run: Any, tmp_path: Path) -> None:
    repo = write(tmp_path, QA_REPO)
    args = ("check", repo, "--format", "json", "--select", "DB001,SEC006,INF001")
    before = rule_ids(run(*args))
    assert {
        ("DB001", "qa/docker-compose.yml"),
        ("SEC006", "qa/docker-compose.yml"),
        ("INF001", "qa/Dockerfile"),
    } <= before
    (repo / "archlint.toml").write_text("[concepts.test-code]\nfolders = '(^|/)qa/'\n", "utf-8")
    after = run(*args)
    assert after.code == 0
    assert not {path for _, path in rule_ids(after)} & {"qa/docker-compose.yml", "qa/Dockerfile"}


def test_a_user_concept_that_labels_nothing_is_reported(run: Any, tmp_path: Path) -> None:
    repo = write(tmp_path, QA_REPO)
    (repo / "archlint.toml").write_text("[concepts.test-code]\nfolders = '(^|/)qq/'\n", "utf-8")
    text = run("check", repo, "--select", "DB001")
    assert "note: concept 'test-code' (archlint.toml) labels nothing in this repository" in text.out
    assert "rules using it: DB001" in text.out
    document = run("check", repo, "--format", "json", "--select", "DB001").json()
    assert document["notices"] == [
        "concept 'test-code' (archlint.toml) labels nothing in this repository; "
        "rules using it: DB001"
    ]


def test_an_unknown_concept_parameter_is_a_config_error(run: Any, tmp_path: Path) -> None:
    repo = write(tmp_path, QA_REPO)
    (repo / "archlint.toml").write_text("[concepts.test-code]\nfolder = 'x'\n", "utf-8")
    result = run("check", repo)
    assert result.code == 2
    assert "concept test-code has no parameter 'folder'; did you mean 'folders'?" in result.err


CUSTOM_RULE = """\
id: ACME001
name: no-published-debug-port
severity: error
message: "{node.servce} publishes the debugger port {node.number}"
parameters:
  ports: [5678]
docs: {summary: s, why: w, fix: f}
select:
  kind: port
  where:
    all:
      - {attr: scope, equals: published}
      - {attr: numbr, in: $ports}
"""


def test_a_rule_with_a_typo_exits_2_naming_file_line_key_and_the_fix(
    run: Any, tmp_path: Path
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ACME001.yaml").write_text(CUSTOM_RULE, "utf-8")
    repo = write(tmp_path / "repo", {"pyproject.toml": '[project]\nname = "x"\n'})
    (repo / "archlint.toml").write_text(f"rule-dirs = ['{rules.as_posix()}']\n", "utf-8")
    result = run("check", repo)
    assert result.code == 2
    lines = result.err.splitlines()
    assert any(
        "ACME001.yaml:4 [message]" in line
        and "{node.servce}" in line
        and "did you mean 'service'?" in line
        for line in lines
    ), result.err
    assert any(
        "ACME001.yaml:13 [select.where.all[1].attr]" in line and "did you mean 'number'?" in line
        for line in lines
    ), result.err
