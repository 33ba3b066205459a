"""Compose files used together: scripts, COMPOSE_FILE, include, overlays."""

from __future__ import annotations

import textwrap

import pytest

from archlint.domain.facts import NodeKind, ParseResult
from archlint.knowledge import load_servers
from archlint.parsers.base import SourceFile
from archlint.parsers.docker.compose import ComposeParser
from archlint.parsers.docker.compose_combos import combinations, references, script_inputs

BASE = """\
services:
  database:
    image: postgres:16
"""
OVERLAY = """\
services:
  electric-shard-1:
    image: electricsql/electric:1.2.4
    depends_on:
      - database
"""


def parse(files: dict[str, str], anchor: str) -> ParseResult:
    files = {k: textwrap.dedent(v) for k, v in files.items()}
    parser = ComposeParser(load_servers())
    (unit,) = [u for u in parser.units(sorted(files)) if u.anchor == anchor]
    return parser.parse_unit(unit, {p: SourceFile(p, files[p]) for p in unit.inputs if p in files})


def project_files(result: ParseResult) -> list[str]:
    (project,) = [f for f in result.facts if f.kind is NodeKind.COMPOSE_PROJECT]
    return list(project.get("files"))


def test_an_overlay_that_depends_on_base_services_is_merged_with_the_base() -> None:
    files = {"docker/docker-compose.yml": BASE, "docker/docker-compose.extras.yml": OVERLAY}
    result = parse(files, "docker/docker-compose.extras.yml")
    assert project_files(result) == [
        "docker/docker-compose.yml",
        "docker/docker-compose.extras.yml",
    ]
    assert result.diagnostics == ()


def test_an_overlay_of_another_folder_is_merged_when_a_script_runs_them_together() -> None:
    files = {
        "docker/docker-compose.yml": BASE,
        "docker/observability/docker-compose.yml": OVERLAY,
        "Makefile": "up:\n\tdocker compose -f docker/docker-compose.yml \\\n"
        "\t  -f docker/observability/docker-compose.yml up -d\n",
    }
    result = parse(files, "docker/observability/docker-compose.yml")
    assert project_files(result) == [
        "docker/docker-compose.yml",
        "docker/observability/docker-compose.yml",
    ]
    assert result.diagnostics == ()
    # without the Makefile it is evaluated alone, and the missing service is reported
    del files["Makefile"]
    alone = parse(files, "docker/observability/docker-compose.yml")
    assert [d.message for d in alone.diagnostics] == [
        "services.electric-shard-1.depends_on[0]: depends on unknown service 'database'"
    ]


def test_compose_file_in_the_env_beside_them_combines_files() -> None:
    files = {
        "deploy/.env": "COMPOSE_FILE=compose.yaml:monitoring.compose.yaml\n",
        "deploy/compose.yaml": BASE,
        "deploy/monitoring.compose.yaml": OVERLAY,
    }
    result = parse(files, "deploy/monitoring.compose.yaml")
    assert project_files(result) == ["deploy/compose.yaml", "deploy/monitoring.compose.yaml"]


def test_include_loads_the_services_of_another_file() -> None:
    files = {
        "compose.yaml": "include:\n  - path: infra/compose.yaml\n" + OVERLAY,
        "infra/compose.yaml": BASE,
    }
    result = parse(files, "compose.yaml")
    names = sorted(f.get("name") for f in result.facts if f.kind is NodeKind.COMPOSE_SERVICE)
    assert names == ["database", "electric-shard-1"] and result.diagnostics == ()


def test_script_inputs_are_the_scripts_of_the_folder_and_above() -> None:
    paths = ["Makefile", "docker/up.sh", "docker/x/compose.yaml", "other/Makefile", "package.json"]
    assert script_inputs("docker/x/compose.yaml", paths) == [
        "Makefile",
        "docker/up.sh",
        "package.json",
    ]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        # package.json scripts, relative to the package's folder, through a wrapper script
        (
            '{"scripts": {"docker:full": "node scripts/docker.mjs -f docker/a.compose.yml'
            ' --file=docker/b.compose.yml up"}}',
            [["docker/a.compose.yml", "docker/b.compose.yml"]],
        ),
        # one file is no combination; unknown or variable paths spoil it
        ('{"scripts": {"up": "docker compose -f docker/a.compose.yml up"}}', []),
        ('{"scripts": {"up": "docker compose -f docker/a.compose.yml -f $EXTRA up"}}', []),
        ('{"scripts": {"up": "docker compose -f docker/a.compose.yml -f nope.yml"}}', []),
        ("not json", []),
        ('{"scripts": []}', []),
        # each command of a chain on its own
        (
            '{"scripts": {"x": "docker compose -f docker/a.compose.yml up && kubectl apply'
            ' -f docker/b.compose.yml"}}',
            [],
        ),
    ],
)
def test_combinations_in_package_json(script: str, expected: list[list[str]]) -> None:
    sources = {"package.json": SourceFile("package.json", script)}
    known = {"docker/a.compose.yml", "docker/b.compose.yml"}
    assert combinations(sources, ["package.json", "absent.sh"], known) == expected


def test_a_shell_script_with_unbalanced_quotes_is_still_read() -> None:
    text = "docker-compose -f a.yml -f b.yml up 'oops\n"
    sources = {"run.sh": SourceFile("run.sh", text)}
    assert combinations(sources, ["run.sh"], {"a.yml", "b.yml"}) == [["a.yml", "b.yml"]]


def test_references_name_the_services_a_file_needs() -> None:
    services = {
        "a": {"depends_on": {"db": {"condition": "service_healthy"}}, "links": ["cache:redis"]},
        "b": {"extends": {"service": "base"}, "network_mode": "service:vpn"},
        "c": {"extends": {"file": "other.yml", "service": "x"}},
        "d": None,
    }
    assert references(services) == {"db", "cache", "base", "vpn"}
