"""The README's examples work: its config block loads, its rule example loads and fires."""

from __future__ import annotations

import re
from pathlib import Path

from archlint import app
from archlint.config import load_config
from archlint.engine.evaluator import evaluate
from archlint.engine.loader import RuleFile, load_rules

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def block(language: str, containing: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)
    (found,) = [b for b in blocks if containing in b]
    return found


def test_the_configuration_example_is_valid(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(block("toml", "[tool.archlint]"), "utf-8")
    (tmp_path / "tools" / "archlint-rules").mkdir(parents=True)
    config = load_config(tmp_path)
    assert config.fail_on == "warning" and config.select == ("ALL",)
    assert dict(config.parameters["PRT002"]) == {"min": 4000, "max": 8099, "allowed": [9090]}
    # the parameters it names exist, with the right types
    assert app.load_all_rules(config)


def test_the_rule_example_loads_and_fires(tmp_path: Path) -> None:
    (rule,) = load_rules([RuleFile("README.md", block("yaml", "id: ACME001"))])
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  api:\n    image: app:1\n    ports: ['8000:8000', '5678:5678']\n", "utf-8"
    )
    scan = app.build_graph(tmp_path, load_config(tmp_path))
    (finding,) = evaluate([rule], scan.graph)
    assert (finding.location.path, finding.location.line) == ("docker-compose.yml", 4)
    assert finding.message == "api publishes the debugger port 5678"
