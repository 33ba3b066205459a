from __future__ import annotations

import json
from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.engine.schema import format_path, rule_schema, schema_text, validate

RAW_JSONSCHEMA = ("is not valid under any of the given schemas", "should not be valid under")

VALID: dict[str, Any] = {
    "id": "TST001",
    "name": "test-rule",
    "severity": "warning",
    "message": "m",
    "docs": {"summary": "s", "why": "w", "fix": "f"},
    "select": {"kind": "port"},
}


def with_where(where: Any) -> dict[str, Any]:
    return {**VALID, "select": {"kind": "port", "where": where}}


def test_schema_text_is_the_schema_as_json() -> None:
    text = schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == rule_schema()


def test_kind_enums_match_the_fact_model() -> None:
    definitions = json.loads(schema_text())["definitions"]
    assert definitions["nodeKind"]["enum"] == [k.value for k in NodeKind]
    assert definitions["edgeKind"]["enum"] == [k.value for k in EdgeKind]


def test_a_valid_rule_has_no_problems() -> None:
    assert validate(VALID) == []


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        ({k: v for k, v in VALID.items() if k != "id"}, ("id",), ["missing", "'id'"]),
        (
            {**VALID, "docs": {"summary": "s", "why": "w"}},
            ("docs", "fix"),
            ["missing", "'fix'"],
        ),
        ({**VALID, "bogus": 1}, ("bogus",), ["unknown key 'bogus'", "severity"]),
        ({**VALID, "id": "tst1"}, ("id",), ["capital letters and three digits"]),
        ({**VALID, "name": "Test_Rule"}, ("name",), ["kebab-case"]),
        ({**VALID, "severity": "fatal"}, ("severity",), ["'fatal'", "error, warning, note"]),
        ({**VALID, "select": {"kind": "portt"}}, ("select", "kind"), ["'portt'", "port"]),
        (
            with_where({"all": [{"attr": "n", "gt": 1}, {"attr": "n", "betwen": [1, 2]}]}),
            ("select", "where", "all", 1, "betwen"),
            ["unknown key 'betwen'", "between", "outside", "satisfies"],
        ),
        (
            with_where({"not": {"attr": "n", "betwen": 1}}),
            ("select", "where", "not", "betwen"),
            ["unknown key 'betwen'"],
        ),
        (with_where({"attr": "n"}), ("select", "where"), ["exactly one operator"]),
        (with_where({"attr": "n", "gt": 1, "lt": 3}), ("select", "where"), ["exactly one"]),
        (with_where({}), ("select", "where"), ["not a valid condition", "attr", "related"]),
        (with_where({"kind": "portt"}), ("select", "where", "kind"), ["'portt'"]),
        (
            with_where({"related": {"edge": "ownz"}}),
            ("select", "where", "related", "edge"),
            ["'ownz'", "owns"],
        ),
        (
            with_where({"related": {"edge": "has", "path": [{"edge": "has"}]}}),
            ("select", "where", "related"),
            ["either `edge`", "not both"],
        ),
        (
            with_where({"related": {"kind": "port"}}),
            ("select", "where", "related"),
            ["`edge`", "`path`"],
        ),
        (
            with_where({"related": {"edge": "has", "quantifier": "most"}}),
            ("select", "where", "related", "quantifier"),
            ["'most'", "any, all, none"],
        ),
        (
            with_where({"agree": {"edge": "owns", "value": "number"}}),
            ("select", "where", "agree", "group_by"),
            ["missing", "'group_by'"],
        ),
        (
            with_where({"attr": "n", "outside": [1]}),
            ("select", "where", "outside"),
            ["two numbers", "[1]"],
        ),
        (
            with_where({"attr": "n", "between": ["a", 2]}),
            ("select", "where", "between"),
            ["two numbers"],
        ),
        (with_where({"attr": "n", "gt": "abc"}), ("select", "where", "gt"), ["a number"]),
        (with_where({"attr": "n", "in": 3}), ("select", "where", "in"), ["a list"]),
        (with_where("$roles"), ("select", "where"), ["expected a condition", "'$roles'"]),
        (with_where({"all": [1]}), ("select", "where", "all", 0), ["expected a condition", "1"]),
        (
            with_where({"related": {"edge": "has", "where": None}}),
            ("select", "where", "related", "where"),
            ["expected a condition", "None"],
        ),
        (None, (), ["must be a mapping"]),
        (["a"], (), ["must be a mapping"]),
    ],
)
def test_problems_are_readable_and_point_at_the_key(
    data: Any, path: tuple[str | int, ...], words: list[str]
) -> None:
    problems = validate(data)
    assert [p for p, _ in problems] == [path]
    message = problems[0][1]
    for word in words:
        assert word in message
    assert not any(raw in message for raw in RAW_JSONSCHEMA)


def test_every_problem_is_reported() -> None:
    data = {**with_where({"attr": "n", "betwen": 1}), "bogus": 1, "severity": "fatal"}
    del data["docs"]
    paths = [p for p, _ in validate(data)]
    assert paths == [("bogus",), ("docs",), ("select", "where", "betwen"), ("severity",)]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), "<top level>"),
        (("id",), "id"),
        (("select", "where", "all", 1, "betwen"), "select.where.all[1].betwen"),
        (("require", "any", 0, "related", "path", 2), "require.any[0].related.path[2]"),
    ],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text
