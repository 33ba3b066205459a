"""``archlint check`` options: repeatable --output FORMAT:PATH, --statistics, -q, --exit-zero,
--show-suppressed and FORCE_COLOR."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

ANSI = re.compile(r"\x1b\[")


def test_one_run_writes_text_to_stdout_and_sarif_and_junit_to_files(
    run: Any, samples: Path, tmp_path: Path
) -> None:
    sarif, junit = tmp_path / "a.sarif", tmp_path / "a.xml"
    result = run("check", samples / "shop", "-o", f"sarif:{sarif}", "--output", f"junit:{junit}")
    assert result.code == 1
    assert result.out == run("check", samples / "shop").out  # text, as without --output
    assert json.loads(sarif.read_text("utf-8")) == json.loads(
        run("check", samples / "shop", "--format", "sarif").out
    )
    suites = ET.fromstring(junit.read_text("utf-8").split("\n", 1)[1])
    assert suites.get("failures") == "5"  # PRT001 PRT002 PRT003 PRT004 PRT005 fire on shop
    assert f"wrote the sarif report to {sarif}" in result.err
    assert f"wrote the junit report to {junit}" in result.err


def test_a_bare_output_path_takes_format_and_stdout_stays_empty(
    run: Any, samples: Path, tmp_path: Path
) -> None:
    md = tmp_path / "summary.md"
    result = run("check", samples / "shop", "--format", "markdown", "-o", md, "-o", "json:x.json")
    assert result.out == ""
    assert md.read_text("utf-8").startswith("## archlint: 7 findings (2 errors, 5 warnings)")
    Path("x.json").unlink()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sarif:", "give a file after sarif:"),
        ("sraif:out.sarif", "unknown format 'sraif'"),
    ],
)
def test_bad_output_values_are_usage_errors(
    run: Any, samples: Path, value: str, message: str
) -> None:
    result = run("check", samples / "clean", "-o", value)
    assert result.code == 2
    assert message in result.err


def test_the_same_file_twice_is_a_usage_error(run: Any, samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = run("check", samples / "clean", "-o", f"json:{out}", "-o", f"sarif:{out}")
    assert result.code == 2
    assert "more than once" in result.err


def test_statistics_counts_per_rule(run: Any, samples: Path) -> None:
    result = run("check", samples / "shop", "--statistics")
    assert result.out.splitlines() == [
        "2  PRT002  warning  backend-api-port",
        "2  PRT003  warning  docs-port",
        "1  PRT001  warning  frontend-dev-port",
        "1  PRT004  error  port-consistency",
        "1  PRT005  error  host-port-collision",
        "7 findings (2 errors, 5 warnings) in 27 files",
    ]
    assert result.code == 1


def test_quiet_prints_findings_only(run: Any, samples: Path, tmp_path: Path) -> None:
    result = run("check", samples / "shop", "-q", "-o", f"json:{tmp_path / 'r.json'}")
    assert "findings" not in result.out
    assert result.out.count("PRT00") == 7
    assert result.err == ""
    assert run("check", samples / "clean", "--quiet").out == ""


def test_exit_zero(run: Any, samples: Path) -> None:
    assert run("check", samples / "shop", "--exit-zero").code == 0
    assert run("check", samples / "shop").code == 1


def test_show_suppressed(
    run: Any, sample_copy: Any, sarif_validator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sample_copy("shop")
    monkeypatch.chdir(root)
    compose = root / "docker-compose.yml"
    text = compose.read_text("utf-8").replace(
        '      - "9000:9000"', '      - "9000:9000"  # archlint: ignore[PRT002] agreed'
    )
    compose.write_text(text, "utf-8")
    plain = run("check", root)
    assert "(suppressed)" not in plain.out
    assert plain.out.endswith("; 1 suppressed\n")
    shown = run("check", root, "--show-suppressed")
    (line,) = [ln for ln in shown.out.splitlines() if ln.endswith("(suppressed)")]
    assert line.startswith("docker-compose.yml:23:9  PRT002")
    assert shown.code == plain.code
    doc = run("check", root, "--show-suppressed", "--format", "json").json()
    assert [f["rule_id"] for f in doc["suppressed_findings"]] == ["PRT002"]
    assert doc["summary"]["findings"] == 6
    log = json.loads(run("check", root, "--show-suppressed", "--format", "sarif").out)
    sarif_validator.validate(log)
    kinds = [r.get("suppressions") for r in log["runs"][0]["results"]]
    assert kinds.count([{"kind": "inSource"}]) == 1 and len(kinds) == 7


@pytest.mark.parametrize(
    ("env", "coloured"),
    [({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False), ({}, False)],
)
def test_force_color_colours_a_pipe(
    run_module: Any, samples: Path, env: dict[str, str], coloured: bool
) -> None:
    base = {"NO_COLOR": "", "FORCE_COLOR": ""}
    result = run_module("check", samples / "shop", env={**base, **env})
    assert bool(ANSI.search(result.out)) is coloured


def test_category_reaches_the_sarif_file(run: Any, samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.sarif"
    run("check", samples / "shop", "--category", "shop", "-o", f"sarif:{out}")
    log = json.loads(out.read_text("utf-8"))
    assert log["runs"][0]["automationDetails"]["id"] == "shop/"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["helpUri"].endswith(f"#{r['id'].lower()}-{r['name']}") for r in rules)
