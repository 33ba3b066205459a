"""Alembic setups: ini sections, package locations, env.py target_metadata, revisions."""

from __future__ import annotations

from archlint.domain.facts import Fact
from archlint.parsers.base import SourceFile
from archlint.parsers.python.alembic import AlembicParser

PARSER = AlembicParser()


def parse(files: dict[str, str]) -> tuple[list[Fact], list[str]]:
    facts: list[Fact] = []
    messages: list[str] = []
    for unit in PARSER.units(sorted(files)):
        result = PARSER.parse_unit(unit, {p: SourceFile(p, files[p]) for p in unit.inputs})
        facts += result.facts
        messages += [d.message for d in result.diagnostics]
    return facts, messages


def test_here_location_env_and_revisions() -> None:
    facts, _ = parse(
        {
            "api/alembic.ini": "[alembic]\nscript_location = %(here)s/migrations\n",
            "api/migrations/env.py": "target_metadata = Base.metadata\n",
            "api/migrations/versions/0001_init.py": "revision = '1'\n",
            "api/migrations/versions/__init__.py": "",
        }
    )
    (setup,) = facts
    assert setup.location.line == 2
    assert (setup.get("target_metadata"), setup.get("revisions")) == (True, 1)


def test_named_sections_with_package_locations() -> None:
    facts, _ = parse(
        {
            "src/shop/alembic.ini": "[alembic]\n[core]\nscript_location = shop:db/core\n",
            "src/shop/db/core/env.py": "target_metadata = None\n",
        }
    )
    (setup,) = facts
    assert setup.get("script_location") == "src/shop/db/core"
    assert setup.get("target_metadata") is False


def test_pyproject_table_and_missing_location() -> None:
    facts, messages = parse(
        {
            "pyproject.toml": '[tool.alembic]\nscript_location = "migrations"\n',
            "migrations/env.py": "x = 1\n",
            "other/alembic.ini": "[alembic]\n",
            "plain/pyproject.toml": "[project]\nname = 'x'\n",
            "plain/env.py": "",
        }
    )
    assert [f.get("script_location") for f in facts] == ["migrations"]
    assert messages == ["alembic.ini: no script_location in any section"]
