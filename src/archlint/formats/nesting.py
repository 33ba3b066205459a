"""How deep JSON-like text nests, found before a recursive decoder overflows the stack on it."""

from __future__ import annotations

import re

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
