"""Adoption on a repository with findings: --write-baseline, --baseline and the config key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def shop(sample_copy: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    root: Path = sample_copy("shop")
    monkeypatch.chdir(root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_write_baseline_records_every_finding_and_passes(run: Any, shop: Path) -> None:
    result = run("check", ".", "--write-baseline", "base.json")
    assert result.code == 0
    assert "wrote 7 findings to the baseline base.json" in result.err
    assert result.out.endswith("No findings in 27 files; 7 in the baseline.\n")
    doc = json.loads((shop / "base.json").read_text("utf-8"))
    assert doc["version"] == 1
    assert sum(e["count"] for e in doc["findings"]) == 7
    assert {"fingerprint", "rule_id", "path", "message", "count"} == set(doc["findings"][0])
    assert "line" not in doc["findings"][0]  # lines move; the file would churn


def test_baseline_accepts_old_findings_after_lines_move_and_edits(run: Any, shop: Path) -> None:
    run("check", ".", "--write-baseline", "base.json")
    compose = shop / "docker-compose.yml"
    compose.write_text("# the shop\n\n" + compose.read_text("utf-8"), "utf-8")
    edit(compose, "CELERY_BROKER_URL: redis://redis:6379/1", "CELERY_BROKER_URL: redis://r:1/2")
    result = run("check", ".", "--baseline", "base.json")
    assert result.code == 0, result.out
    assert result.out == "No findings in 28 files; 7 in the baseline.\n"  # and base.json


def test_a_new_instance_of_a_rule_is_not_absorbed(run: Any, shop: Path) -> None:
    run("check", ".", "--write-baseline", "base.json")
    compose = shop / "docker-compose.yml"
    edit(compose, '      - "9000:9000"', '      - "9000:9000"\n      - "9100:9100"')
    result = run("check", ".", "--baseline", "base.json", "--format", "json")
    assert result.code == 0  # PRT002 is a warning; the exit code follows --fail-on
    assert [(f["rule_id"], f["location"]["line"]) for f in result.json()["findings"]] == [
        ("PRT002", 24)
    ]
    assert result.json()["baseline"] == {"accepted": 7, "fixed": []}


def test_fixed_entries_are_reported_and_pruned(run: Any, shop: Path) -> None:
    run("check", ".", "--write-baseline", "base.json")
    edit(shop / "web" / "package.json", "vite --port 3000", "vite --port 5173")
    result = run("check", ".", "--baseline", "base.json")
    assert result.code == 0
    assert "note: 1 baseline entry no longer match (fixed)" in result.out
    assert "    fixed: PRT001 web/package.json: frontend dev-server port 3000" in result.out
    assert "6 in the baseline" in result.out
    again = run("check", ".", "--write-baseline", "base.json")
    assert "wrote 6 findings to the baseline base.json; 1 fixed entries pruned" in again.err
    assert "fixed" not in run("check", ".", "--baseline", "base.json").out


def test_config_key_names_the_baseline(run: Any, shop: Path) -> None:
    (shop / "archlint").mkdir()
    run("check", ".", "--write-baseline", "archlint/base.json")
    (shop / "archlint.toml").write_text('baseline = "archlint/base.json"\n', "utf-8")
    result = run("check", shop)
    assert result.code == 0
    assert "7 in the baseline" in result.out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no baseline file; create it with `archlint check --write-baseline"),
        ("{", "not a baseline file: invalid JSON"),
        ('{"version": 2, "findings": []}', "not a baseline file (version 1 expected)"),
        ('{"version": 1, "findings": {}}', "[findings]: expected a list of findings"),
        ('{"version": 1, "findings": [{"rule_id": 1}]}', "[findings[0]]: expected {fingerprint"),
        (
            '{"version": 1, "findings": [{"fingerprint": "a", "rule_id": "b", "path": "c",'
            ' "message": "d", "count": 0}]}',
            "[findings[0].count]: expected a positive integer, got 0",
        ),
    ],
)
def test_a_bad_baseline_is_a_usage_error(
    run: Any, shop: Path, content: str | None, message: str
) -> None:
    if content is not None:
        (shop / "base.json").write_text(content, "utf-8")
    result = run("check", ".", "--baseline", "base.json")
    assert result.code == 2
    assert "base.json" in result.err and message in result.err


def test_write_baseline_replaces_a_file_that_is_no_baseline(run: Any, shop: Path) -> None:
    (shop / "base.json").write_text("junk", "utf-8")
    assert run("check", ".", "--write-baseline", "base.json").code == 0
    assert json.loads((shop / "base.json").read_text("utf-8"))["version"] == 1


def test_unwritable_baseline_is_a_usage_error(run: Any, shop: Path) -> None:
    result = run("check", ".", "--write-baseline", "missing/base.json")
    assert result.code == 2
    assert "cannot write the baseline" in result.err


def test_bad_config_value(run: Any, shop: Path) -> None:
    (shop / "archlint.toml").write_text("baseline = 3\n", "utf-8")
    result = run("check", ".")
    assert result.code == 2
    assert "archlint.toml:1 [baseline]: expected a file name, got integer 3" in result.err
