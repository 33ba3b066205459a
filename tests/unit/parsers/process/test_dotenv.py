from __future__ import annotations

from typing import Any

import pytest

from archlint.domain.facts import NodeKind, ParseResult
from archlint.knowledge import load_servers
from archlint.parsers.base import SourceFile
from archlint.parsers.process.dotenv import DotenvParser
from archlint.parsers.registry import builtin_parsers, parsers_for


def parse(text: str, path: str = ".env") -> ParseResult:
    return DotenvParser().parse(SourceFile(path, text))


def variables(text: str, path: str = ".env") -> dict[str, tuple[Any, ...]]:
    """name -> (line, column, value, raw) of every env_var fact."""
    return {
        f.attrs["name"]: (f.location.line, f.location.column, f.attrs["value"], f.attrs["raw"])
        for f in parse(text, path).facts
    }


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        (".env", True),
        ("services/api/.env", True),
        (".env.local", True),
        (".env.production", True),
        ("web/.env.example", True),
        (".envrc", False),
        ("env", False),
        ("app.env", False),
        ("docs/.environment", False),
        ("patches/.env.patch", False),
        (".env.d.ts", False),
        (".env.sh", False),
    ],
)
def test_matches(path: str, matches: bool) -> None:
    assert DotenvParser().selector.matches(path) is matches


def test_registered_under_its_name() -> None:
    assert [p.name for p in parsers_for("api/.env.local", builtin_parsers(load_servers()))] == [
        "dotenv"
    ]


def test_fact_attributes() -> None:
    result = parse("# db\n\nDB_PASSWORD=s3cret\n", "api/.env.production")
    assert result.diagnostics == ()
    (fact,) = result.facts
    assert fact.kind is NodeKind.ENV_VAR
    assert fact.id == "api/.env.production#env/DB_PASSWORD"
    assert (fact.location.path, fact.location.line, fact.location.column) == (
        "api/.env.production",
        3,
        1,
    )
    assert dict(fact.attrs) == {
        "name": "DB_PASSWORD",
        "value": "s3cret",
        "raw": "s3cret",
        "source": "dotenv",
        "artifact": "api/.env.production",
        "example": False,
    }


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A=1", ("A", 1, "1", "1")),
        ("export A=1", ("A", 8, "1", "1")),
        ("  A = spaced value  ", ("A", 3, "spaced value", "spaced value")),
        ("A=", ("A", 1, "", "")),
        ("A", ("A", 1, None, None)),
        ("A=value # comment", ("A", 1, "value", "value")),
        ("A=val#ue", ("A", 1, "val#ue", "val#ue")),
        (
            "A='single # not a comment'",
            ("A", 1, "single # not a comment", "single # not a comment"),
        ),
        ("A='$HOME stays'", ("A", 1, "$HOME stays", "$HOME stays")),
        ('A="a\\nb \\"q\\""  # c', ("A", 1, 'a\nb "q"', 'a\nb "q"')),
        ('A="tab\\tx\\\\y\\z"', ("A", 1, "tab\tx\\y\\z", "tab\tx\\y\\z")),
        ("app.name=x", ("app.name", 1, "x", "x")),
    ],
)
def test_value_forms(line: str, expected: tuple[Any, ...]) -> None:
    name, column, value, raw = expected
    assert variables(line + "\n") == {name: (1, column, value, raw)}


def test_interpolation_uses_keys_above_and_keeps_raw() -> None:
    found = variables(
        "USER=app\n"
        "URL=postgresql://${USER}@db/${NAME:-shop}\n"
        'QUOTED="$USER-x"\n'
        "LITERAL='${USER}'\n"
        "LATER=${UNSET}\n"
    )
    assert found["URL"] == (
        2,
        1,
        "postgresql://app@db/shop",
        "postgresql://${USER}@db/${NAME:-shop}",
    )
    assert found["QUOTED"][2:] == ("app-x", "$USER-x")
    assert found["LITERAL"][2:] == ("${USER}", "${USER}")
    assert found["LATER"][2:] == ("${UNSET}", "${UNSET}")


def test_multiline_double_quoted_value() -> None:
    found = variables('KEY="-----BEGIN KEY-----\nabc\n-----END KEY-----"\nNEXT=1\n')
    assert found["KEY"] == (1, 1, "-----BEGIN KEY-----\nabc\n-----END KEY-----", found["KEY"][3])
    assert found["NEXT"][:3] == (4, 1, "1")


def test_last_definition_wins() -> None:
    assert variables("A=1\nB=2\nA=3\n") == {"A": (3, 1, "3", "3"), "B": (2, 1, "2", "2")}


@pytest.mark.parametrize(
    ("path", "example"),
    [
        (".env", False),
        (".env.local", False),
        (".env.example", True),
        (".env.sample", True),
        (".env.template", True),
        (".env.dist", True),
        ("web/.env.local.example", True),
        (".env.Example", True),
    ],
)
def test_example_files(path: str, example: bool) -> None:
    (fact,) = parse("A=1\n", path).facts
    assert fact.attrs["example"] is example


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not a line\n", [(1, "line 1 is not KEY=VALUE: 'not a line'")]),
        ("=value\n", [(1, "line 1 is not KEY=VALUE")]),
        ("1A=x\n", [(1, "line 1 is not KEY=VALUE")]),
        ("A='open\nB=2\n", [(1, "A: the ' quote is never closed")]),
        ('A="x" y\n', [(1, "A: unexpected text after the closing quote: 'y'")]),
    ],
)
def test_diagnostics(text: str, expected: list[tuple[int, str]]) -> None:
    found = [(d.location.line, d.message) for d in parse(text).diagnostics]
    assert len(found) == len(expected)
    for (line, message), (want_line, want) in zip(found, expected, strict=True):
        assert line == want_line and message.startswith(want)


def test_bad_lines_do_not_stop_the_rest() -> None:
    result = parse("not ok\nA='never closed\nB=2\n")
    assert [d.location.line for d in result.diagnostics] == [1, 2]
    assert [f.attrs["name"] for f in result.facts] == ["B"]


def test_a_file_that_is_not_dotenv_at_all_gives_a_few_diagnostics() -> None:
    text = "".join(f"+ line {i}\n" for i in range(10))
    result = DotenvParser().parse(SourceFile("x/.env", text))
    assert [d.location.line for d in result.diagnostics] == [1, 2, 3]
    assert result.diagnostics[-1].message.endswith("(and 7 more such lines)")
