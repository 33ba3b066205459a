"""Nesting of JSON-like text, measured before a recursive decoder would overflow on it."""

from __future__ import annotations

import pytest

from archlint.formats.nesting import too_deep


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
