"""The parser contract: selectors, parse units and their cache key."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archlint.parsers.base import ParseUnit, Selector, SourceFile, file_unit, unit_key

SELECTOR = Selector(
    names=frozenset({"Chart.yaml"}),
    suffixes=(".tf", ".tar.gz"),
    patterns=(r"values.*\.ya?ml",),
    paths=(r"(?:.*/)?templates/.+",),
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("charts/api/Chart.yaml", True),
        ("main.tf", True),
        ("a/b.tar.gz", True),
        ("values-prod.yaml", True),
        ("chart/templates/deploy.yaml", True),
        ("chart/values.json", False),
        ("Chart.yml", False),
        ("templates", False),
    ],
)
def test_selector_matches_names_suffixes_and_regexes(path: str, expected: bool) -> None:
    assert SELECTOR.matches(path) is expected


def test_a_unit_reads_its_anchor_and_declares_optional_inputs_among_its_inputs() -> None:
    with pytest.raises(ValueError, match="anchor"):
        ParseUnit("p", "u", "a", ("b",))
    with pytest.raises(ValueError, match="anchor"):
        ParseUnit("p", "u", "a", ("a",), optional=("a",))
    with pytest.raises(ValueError, match="optional"):
        ParseUnit("p", "u", "a", ("a",), optional=(".env",))


UNIT = ParseUnit("compose", "compose.yaml", "compose.yaml", ("compose.yaml", ".env"), (".env",))
SOURCES = {"compose.yaml": SourceFile("compose.yaml", "services: {}\n")}


def test_unit_key_is_a_sha256_of_parser_version_and_declared_inputs() -> None:
    key = unit_key(UNIT, SOURCES, "1")
    assert len(key) == 64 and key == unit_key(UNIT, dict(SOURCES), "1")
    changed = [
        unit_key(UNIT, SOURCES, "2"),  # another parser version
        unit_key(UNIT, {"compose.yaml": SourceFile("compose.yaml", "services: {a: {}}\n")}, "1"),
        unit_key(UNIT, {**SOURCES, ".env": SourceFile(".env", "")}, "1"),  # absent vs empty
        unit_key(replace(UNIT, parser="other"), SOURCES, "1"),
        unit_key(replace(UNIT, probes=frozenset({"x"})), SOURCES, "1"),
    ]
    assert key not in changed and len(set(changed)) == len(changed)
    # a text that is not an input does not change the key
    assert unit_key(UNIT, {**SOURCES, "other.yaml": SourceFile("other.yaml", "x")}, "1") == key


def test_a_file_parse_is_the_unit_of_its_one_file() -> None:
    unit = file_unit("dockerfile", "api/Dockerfile")
    assert (unit.anchor, unit.inputs, unit.claims) == ("api/Dockerfile", ("api/Dockerfile",), ())
