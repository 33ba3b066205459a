"""The position-keeping YAML reader: errors point at what to fix, and input cannot blow it up."""

from __future__ import annotations

import time

import pytest

from archlint.formats import yamlpos


def test_an_unclosed_quote_is_reported_where_it_opens() -> None:
    with pytest.raises(yamlpos.YamlError) as info:
        yamlpos.load('id: A\nmessage: "m\ndocs: {summary: s}\n')
    assert info.value.line == 2
    assert "quoted string opened on line 2 is not closed" in str(info.value)


def test_an_unclosed_flow_sequence_is_reported_where_it_opens() -> None:
    with pytest.raises(yamlpos.YamlError) as info:
        yamlpos.load("a: 1\nb: [1, 2\nc: 3\n")
    assert info.value.line == 2


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_an_alias_bomb_stops_at_the_value_bound_quickly() -> None:
    start = time.monotonic()
    with pytest.raises(yamlpos.YamlError, match="alias bomb"):
        yamlpos.load(BOMB)
    assert time.monotonic() - start < 30  # bounded, not exponential (10^9 values unbounded)


def test_the_value_bound_is_a_setting() -> None:
    doc = yamlpos.load("a: &a [1, 2, 3]\nb: [*a, *a]\n", max_values=50)
    assert doc.data == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}
    with pytest.raises(yamlpos.YamlError, match="more than 5 values"):
        yamlpos.load("a: &a [1, 2, 3]\nb: [*a, *a]\n", max_values=5)


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 10_000 + "]" * 10_000,
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 600)),
    ],
)
def test_deep_nesting_is_a_yaml_error_not_a_crash(text: str) -> None:
    with pytest.raises(yamlpos.YamlError, match="nest"):
        yamlpos.load(text)
