"""Which heavy modules a command imports (docs/benchmarks.md, "Decisions"): a deterministic
stand-in for start-up time, checked in a fresh interpreter through ``sys.modules``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEAVY = (
    "networkx",
    "sarif_om",
    "attr",
    "jsonschema",
    "rich",
    "libcst",
    "tree_sitter",
    "hcl2",
    "yaml",
    "tomlkit",
    "archlint.app",
    "archlint.parsers.registry",
)
_PROBE = """
import json, sys
from archlint.cli import main
argv = json.loads(sys.argv[1])
code = main(argv) if argv is not None else 0
sys.stdout.flush()
print("\\n" + json.dumps([m for m in {heavy!r} if m in sys.modules]), file=sys.stderr)
"""


def loaded(argv: list[str] | None, cwd: Path) -> set[str]:
    probe = _PROBE.format(heavy=HEAVY)
    run = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(run.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [None, ["--version"]])  # --help imports every command
def test_import_and_version_load_none_of_the_heavy_modules(
    argv: list[str] | None, tmp_path: Path
) -> None:
    assert loaded(argv, tmp_path) == set()


def test_rules_lists_the_shipped_pack_from_its_compiled_metadata(tmp_path: Path) -> None:
    # with a configuration that changes nothing in the pack, the list is read from
    # rules/compiled.jsonl: no YAML, no rule compiler, no app, no parser, and the table is text
    found = loaded(["rules"], tmp_path)
    assert found & set(HEAVY) == set()
    assert loaded(["rules", "--format", "markdown"], tmp_path) & set(HEAVY) == set()


def test_rules_with_a_configured_parameter_loads_the_pack(tmp_path: Path) -> None:
    (tmp_path / "archlint.toml").write_text("[rules.PRT002]\nmax = 8000\n", "utf-8")
    found = loaded(["rules", "--format", "markdown"], tmp_path)
    assert "archlint.app" in found and "jsonschema" not in found


def test_check_of_python_code_as_json_loads_what_it_parses_with_only(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print('hi')\n", "utf-8")
    found = loaded(["check", str(tmp_path), "--format", "json", "--fail-on", "never"], tmp_path)
    assert found.isdisjoint({"networkx", "sarif_om", "attr", "jsonschema", "rich", "libcst"})
    assert "archlint.parsers.registry" in found  # the probe sees a real check


def test_graph_export_and_sarif_still_load_their_libraries(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print('hi')\n", "utf-8")
    sarif = loaded(["check", str(tmp_path), "--format", "sarif", "--fail-on", "never"], tmp_path)
    assert {"sarif_om", "attr"} <= sarif
    assert "rich" in loaded(["check", str(tmp_path), "--fail-on", "never"], tmp_path)


def test_the_cli_package_gives_the_rule_reference_renderer_lazily() -> None:
    import archlint.cli as cli

    assert callable(cli.rules_markdown)
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = cli.no_such_thing
