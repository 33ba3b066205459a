from __future__ import annotations

import pytest

from archlint.domain.facts import Fact, NodeKind
from archlint.domain.location import Location
from archlint.engine.templates import placeholders, render

COMPONENT = Fact(
    "component:web",
    NodeKind.COMPONENT,
    Location("web/package.json", 1),
    {"name": "web", "role": "frontend", "labels": {"tier": "ui"}},
)
PORT = Fact(
    "port:web:dev",
    NodeKind.PORT,
    Location("web/package.json", 7, 5),
    {"number": 3000, "source": "package-script", "hosts": ["a", "b"], "note": None},
)
OTHER = Fact(
    "port:compose:web",
    NodeKind.PORT,
    Location("docker-compose.yml", 12),
    {"number": 3001, "source": "compose-target"},
)
PARAMS = {"min": 5100, "max": 5199, "roles": ["frontend", "web"]}


def test_others_leaves_out_the_primary_and_repeats() -> None:
    twin = Fact("port:twin", NodeKind.PORT, Location("b.yml", 3), dict(OTHER.attrs))
    out = render("{others}", COMPONENT, {}, {}, [PORT, OTHER, twin], primary=PORT)
    assert out == "port 3001 (compose-target)"
    assert render("{others}", COMPONENT, {}, {}, [PORT], primary=PORT) == "-"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{node.number} from {node.source}", "3000 from package-script"),
        ("{node}", "port:web:dev"),
        ("{node.id} {node.kind} {node.path}:{node.line}", "port:web:dev port web/package.json:7"),
        ("{node.hosts}", "a, b"),
        ("{node.note}", "-"),
        ("{node.missing}", "?"),
        ("{params.min}-{params.max}", "5100-5199"),
        ("{params.roles}", "frontend, web"),
        ("[{params.nope}]", "[]"),
        ("{component.name} ({component.role})", "web (frontend)"),
        ("{component.labels.tier}", "ui"),
        ("{unbound.name}", "?"),
        ("{primary.number}", "3001"),
        ("{evidence}", "port 3001 (compose-target) at docker-compose.yml:12"),
        # escapes
        ("{{node.number}}", "{node.number}"),
        ("{{{node.number}}}", "{3000}"),
        ("a {{ b }} c", "a { b } c"),
        # not placeholders: left alone
        ("{ node.number }", "{ node.number }"),
        ("{1abc}", "{1abc}"),
    ],
)
def test_render(template: str, expected: str) -> None:
    out = render(template, PORT, PARAMS, {"component": COMPONENT}, [OTHER], primary=OTHER)
    assert out == expected


def test_primary_defaults_to_the_node_and_empty_evidence_is_a_dash() -> None:
    assert render("{primary.number} {evidence}", PORT, {}, {}, []) == "3000 -"


def test_evidence_lists_every_fact_in_order() -> None:
    out = render("{evidence}", COMPONENT, {}, {}, [PORT, OTHER])
    assert out == (
        "port 3000 (package-script) at web/package.json:7, "
        "port 3001 (compose-target) at docker-compose.yml:12"
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("plain text", []),
        ("{node.number} {params.min}", [("node", "number"), ("params", "min")]),
        ("{evidence} {component.name}", [("evidence", None), ("component", "name")]),
        ("{node.labels.tier}", [("node", "labels.tier")]),
        ("{{node.number}} {{params.x}}", []),
        ("{{{params.x}}}", [("params", "x")]),
    ],
)
def test_placeholders(template: str, expected: list[tuple[str, str | None]]) -> None:
    assert placeholders(template) == expected
