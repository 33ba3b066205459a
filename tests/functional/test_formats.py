"""Output formats: text, json, sarif (schema-valid), --output, colour, determinism, fingerprints."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

ANSI = re.compile(r"\x1b\[")


def test_text_is_grouped_by_file_with_a_summary(
    run: Any, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(samples / "shop")
    out = run("check", ".").out
    groups = out.rstrip("\n").split("\n\n")
    assert len(groups) == 4  # docker-compose.yml, admin Dockerfile, web/package.json, summary
    assert groups[-1] == "7 findings (2 errors, 5 warnings) in 27 files"
    for group in groups[:-1]:
        heads = [line for line in group.splitlines() if not line.startswith("    related: ")]
        assert len({line.split(":", 1)[0] for line in heads}) == 1
    assert (
        "web/package.json:7:5  PRT001  warning  frontend dev-server port 3000 (package-script) "
        "of shop-web is outside 5100-5199\n" in out
    )
    assert "    related: services/api/Dockerfile:14:1 port 8000 (dockerfile-expose)\n" in out
    head = re.compile(r"^\S+:\d+:\d+  [A-Z]+\d+  (error|warning|note)  \S.*$")
    for group in groups[:-1]:
        for line in group.splitlines():
            assert line.startswith("    related: ") or head.match(line), line


def test_text_has_no_ansi_when_not_a_tty(run: Any, samples: Path) -> None:
    assert not ANSI.search(run("check", samples / "shop").out)


def test_text_is_coloured_on_a_tty_unless_no_color(
    run: Any, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert ANSI.search(run("check", samples / "shop").out)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(run("check", samples / "shop").out)


def test_text_from_subprocess_with_no_color(run_module: Any, samples: Path) -> None:
    result = run_module("check", samples / "shop", env={"NO_COLOR": "1"})
    assert result.code == 1
    assert not ANSI.search(result.out + result.err)


def test_json_shape(run: Any, samples: Path) -> None:
    doc = run("check", samples / "shop", "--format", "json").json()
    assert set(doc) == {"version", "tool", "root", "summary", "findings", "rules"}
    assert doc["version"] == 1
    assert doc["tool"]["name"] == "archlint"
    assert doc["root"] == (samples / "shop").resolve().as_posix()
    assert doc["summary"] == {
        "findings": 7,
        "by_severity": {"error": 2, "warning": 5, "note": 0},
        "suppressed": 0,
        "files_scanned": 27,
    }
    assert [r["id"] for r in doc["rules"]] == sorted(r["id"] for r in doc["rules"])
    assert {"PARSE001", "PRT001", "PRT002", "PRT003", "PRT004", "PRT005"} <= {
        r["id"] for r in doc["rules"]
    }
    for finding in doc["findings"]:
        assert set(finding) == {
            "rule_id", "severity", "message", "location", "related", "fingerprint"
        }  # fmt: skip
        assert re.fullmatch(r"[0-9a-f]{64}", finding["fingerprint"])
    assert len({f["fingerprint"] for f in doc["findings"]}) == len(doc["findings"])


@pytest.mark.parametrize("name", ["shop", "clean", "broken"])
def test_sarif_is_schema_valid(run: Any, samples: Path, sarif_validator: Any, name: str) -> None:
    log = json.loads(run("check", samples / name, "--format", "sarif").out)
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    for result in run_["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]


def test_sarif_of_shop_matches_json(run: Any, samples: Path) -> None:
    log = json.loads(run("check", samples / "shop", "--format", "sarif").out)
    doc = run("check", samples / "shop", "--format", "json").json()
    results = log["runs"][0]["results"]
    got = [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["partialFingerprints"]["archlint/v1"],
        )
        for r in results
    ]
    want = [
        (f["rule_id"], f["location"]["path"], f["location"]["line"], f["fingerprint"])
        for f in doc["findings"]
    ]
    assert got == want


def test_broken_sarif_has_the_parse_failure_as_a_notification(run: Any, samples: Path) -> None:
    log = json.loads(run("check", samples / "broken", "--format", "sarif").out)
    [notification] = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["descriptor"]["id"] == "PARSE001"
    assert notification["level"] == "error"
    where = notification["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == "docker-compose.yml"
    assert where["region"]["startLine"] == 5
    assert "invalid YAML" in notification["message"]["text"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_output_file(run: Any, samples: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    result = run("check", samples / "shop", "--format", fmt, "--output", target)
    assert result.code == 1
    assert result.out == ""
    assert target.read_text(encoding="utf-8") == run("check", samples / "shop", "--format", fmt).out
    assert not ANSI.search(target.read_text(encoding="utf-8"))


def test_output_to_unwritable_place_is_a_usage_error(
    run: Any, samples: Path, tmp_path: Path
) -> None:
    result = run("check", samples / "clean", "--output", tmp_path / "missing" / "out.json")
    assert result.code == 2
    assert "cannot write the report" in result.err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
@pytest.mark.parametrize("name", ["shop", "broken"])
def test_output_is_deterministic(run: Any, samples: Path, fmt: str, name: str) -> None:
    first = run("check", samples / name, "--format", fmt).out
    second = run("check", samples / name, "--format", fmt).out
    assert first.encode() == second.encode()


def _fingerprints(log: dict[str, Any]) -> set[str]:
    return {r["partialFingerprints"]["archlint/v1"] for r in log["runs"][0]["results"]}


def test_fingerprints_survive_lines_inserted_above(run: Any, sample_copy: Any) -> None:
    root = sample_copy("shop")
    before = json.loads(run("check", root, "--format", "sarif").out)
    for name in ("docker-compose.yml", "services/admin/Dockerfile"):
        path = root / name
        path.write_text("# a comment\n# another one\n\n" + path.read_text(encoding="utf-8"))
    after = json.loads(run("check", root, "--format", "sarif").out)
    lines = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in after["runs"][0]["results"]
    ]
    old_lines = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in before["runs"][0]["results"]
    ]
    assert lines[:6] == [n + 3 for n in old_lines[:6]]  # the compose and Dockerfile findings moved
    assert lines[6] == old_lines[6]  # web/package.json was not edited
    assert _fingerprints(after) == _fingerprints(before)
    assert len(_fingerprints(before)) == 7
