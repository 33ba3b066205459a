"""Nesting of JSON-like text, measured before a recursive decoder would overflow on it."""

from __future__ import annotations

import inspect
import sys

import pytest

from archlint.formats.nesting import headroom, too_deep


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("[[]]", 2, None),
        ("[[[]]]", 2, (1, 3)),
        ('{"a":\n  [[["[[[[[[", "]"]]]}', 3, (2, 5)),
        ('["[[[[", "\\"[[[["]', 1, None),  # brackets in strings, escaped quotes
        ("{" * 10_000 + "}" * 10_000, 200, (1, 201)),
        ("]]]]][[", 1, (1, 7)),  # stray closers do not go below zero
    ],
)
def test_the_first_bracket_too_deep(
    text: str, limit: int, expected: tuple[int, int] | None
) -> None:
    assert too_deep(text, limit) == expected


def test_headroom_makes_a_walk_independent_of_the_callers_depth() -> None:
    def down(n: int) -> int:
        return 0 if n == 0 else 1 + down(n - 1)

    def from_depth(depth: int, walk: int) -> int:
        if depth:
            return from_depth(depth - 1, walk)
        with headroom(walk + 50):
            return down(walk)

    before = sys.getrecursionlimit()
    near = before - len(inspect.stack(0)) - 20
    assert from_depth(near, 2_000) == 2_000  # called near the limit, walks past it
    assert sys.getrecursionlimit() == before  # and the limit is back
    with headroom(10):  # already room enough: nothing changes
        assert sys.getrecursionlimit() == before
