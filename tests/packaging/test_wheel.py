"""The bundled rule pack ships inside the wheel and loads from an installed copy, not the source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("archlint-*.whl")
    return built


def test_wheel_contains_every_rule_and_the_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    rules = sorted(p.name for p in (REPO / "rules").glob("*.yaml"))
    assert rules, "the source tree has no rules"
    missing = [r for r in rules if f"archlint/rules/{r}" not in names]
    assert missing == []
    assert "archlint/engine/rule.schema.json" in names


def test_installed_wheel_loads_its_own_rules(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import archlint, json\n"
        "from archlint.engine.loader import bundled_rule_files, load_rules\n"
        "files = bundled_rule_files()\n"
        "ids = [r.meta.id for r in load_rules(files)]\n"
        "print(json.dumps({'module': archlint.__file__, 'ids': ids}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    # run from an empty folder so nothing of the source tree is importable by accident
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert Path(result["module"]).is_relative_to(site)
    expected = sorted(p.stem for p in (REPO / "rules").glob("*.yaml"))
    assert result["ids"] == expected
    # the rules came from the installed package, not from the source tree fallback
    shipped = sorted(p.stem for p in (site / "archlint" / "rules").glob("*.yaml"))
    assert shipped == expected
