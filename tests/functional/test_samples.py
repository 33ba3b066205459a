"""Whole sample repos: exact findings of shop, a clean repo, a repo with a broken file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def test_shop_findings_are_exactly_the_planted_ones(run: Any, samples: Path) -> None:
    expected = json.loads((samples / "shop.expected.json").read_text(encoding="utf-8"))
    result = run("check", samples / "shop", "--format", "json")
    assert result.code == 1
    assert result.findings() == [(f["rule_id"], f["path"], f["line"]) for f in expected["findings"]]
    assert result.err == ""


def test_shop_port_consistency_lists_every_disagreeing_location(run: Any, samples: Path) -> None:
    doc = run("check", samples / "shop", "--format", "json", "--select", "PRT004").json()
    [finding] = doc["findings"]
    assert "8080 (compose-target)" in finding["message"]
    related = {(r["location"]["path"], r["location"]["line"]) for r in finding["related"]}
    assert related == {
        ("services/api/Dockerfile", 14),
        ("services/api/Dockerfile", 15),
        ("services/api/Procfile", 1),
    }


def test_shop_host_port_collision_points_at_the_other_service(run: Any, samples: Path) -> None:
    doc = run("check", samples / "shop", "--format", "json", "--select", "PRT005").json()
    [finding] = doc["findings"]
    assert finding["message"].startswith("host port 8000/tcp of docs is already published")
    assert finding["message"].endswith("port 8000 (compose-published of api)")
    assert [(r["location"]["path"], r["location"]["line"]) for r in finding["related"]] == [
        ("docker-compose.yml", 12)
    ]


def test_clean_sample_passes(run: Any, samples: Path) -> None:
    result = run("check", samples / "clean")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("No findings in ")
    sarif = json.loads(run("check", samples / "clean", "--format", "sarif").out)
    assert sarif["runs"][0]["results"] == []


def test_broken_compose_is_reported_and_the_rest_still_checked(run: Any, samples: Path) -> None:
    result = run("check", samples / "broken", "--format", "json")
    assert result.code == 1
    assert result.findings() == [
        ("PARSE001", "docker-compose.yml", 5),
        ("PRT002", "services/api/Dockerfile", 10),
        ("PRT002", "services/api/Dockerfile", 11),
        ("INF003", "services/api/pyproject.toml", 1),  # no chart deploys it
    ]
    assert "invalid YAML" in result.json()["findings"][0]["message"]
    assert "Traceback" not in result.out + result.err


def test_broken_text_output_has_no_traceback(run: Any, samples: Path) -> None:
    result = run("check", samples / "broken")
    assert result.code == 1
    assert "docker-compose.yml:5:12  PARSE001  error  invalid YAML" in result.out
    assert "Traceback" not in result.out + result.err


def test_samples_have_no_parse_problems_except_broken(run: Any, samples: Path) -> None:
    for name in ("shop", "clean"):
        doc = run("check", samples / name, "--format", "json", "--select", "PARSE").json()
        assert doc["findings"] == [], name
