"""How deep JSON-like text nests, found before a recursive decoder overflows the stack on it."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}]')


def too_deep(text: str, max_depth: int) -> tuple[int, int] | None:
    """The ``(line, column)`` (1-based) of the first ``[`` or ``{`` that opens a level deeper than
    ``max_depth``, outside strings; ``None`` when the text stays within it."""
    if text.count("[") + text.count("{") <= max_depth:
        return None
    depth = 0
    for match in _TOKEN.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > max_depth:
                start = match.start()
                line = text.count("\n", 0, start) + 1
                return line, start - (text.rfind("\n", 0, start) + 1) + 1
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def message(max_depth: int) -> str:
    """What a diagnostic about :func:`too_deep` says."""
    return f"nested more than {max_depth} levels deep (limits: max-nesting)"


@contextmanager
def headroom(frames: int) -> Iterator[None]:
    """At least ``frames`` more Python frames than are in use now, whatever the caller's depth:
    a walk over text within a nesting limit then succeeds or fails the same way from a CLI, a
    test runner or a worker (the recursion limit is restored after)."""
    before = sys.getrecursionlimit()
    depth = _depth()
    if depth + frames > before:
        sys.setrecursionlimit(depth + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def _depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1  # type: ignore[assignment]
    return depth
