"""Inline suppressions: ``archlint: ignore[ID1,ID2] reason`` in a comment.

The marker works in any comment style archlint reads: ``#`` (Python, YAML, Dockerfile, HCL, TOML,
shell, Procfile), ``//`` (TypeScript, JavaScript, JSONC, HCL), ``/* ... */`` and Helm's
``{{/* ... */}}``. It applies to

* its own line (a trailing comment), and
* the next line, when the comment stands on a line of its own.

IDs are exact rule ids, separated by commas; text after the brackets is the reason and is ignored.
A bare ``archlint: ignore`` (no brackets) suppresses every rule. An empty ``ignore[]`` suppresses
nothing. The marker only counts after a comment token that is not inside a quoted string on that
line (a heuristic: a block comment's inner lines and multi-line strings are not tracked).
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: line -> the suppressed ids, or None for every rule.
Marks = dict[int, frozenset[str] | None]

_MARKER = re.compile(r"archlint:\s*ignore(?:\[([^\]]*)\]|(?![\w\[-]))")
_COMMENT_TOKENS = ("#", "//", "/*")
_STRING_PREFIXES = frozenset({"r", "b", "f", "u", "rb", "br", "fr", "rf"})


def scan(text: str) -> Marks:
    """Lines (1-based) that carry a suppression marker in a comment, and what they suppress."""
    return _scan(text)[0]


class Suppressions:
    """Answers "is this finding suppressed?", reading and scanning each file once, on demand."""

    def __init__(self, get_text: Callable[[str], str | None]) -> None:
        self._get_text = get_text
        self._cache: dict[str, tuple[Marks, frozenset[int]]] = {}

    @classmethod
    def from_texts(cls, get_text: Callable[[str], str | None]) -> Suppressions:
        """``get_text(path)`` returns a file's text, or None when it cannot be read."""
        return cls(get_text)

    def is_suppressed(self, rule_id: str, path: str, line: int) -> bool:
        marks, standalone = self._marks(path)
        if _covers(marks.get(line, frozenset()), rule_id):
            return True
        return line - 1 in standalone and _covers(marks[line - 1], rule_id)

    def _marks(self, path: str) -> tuple[Marks, frozenset[int]]:
        if path not in self._cache:
            text = self._get_text(path)
            self._cache[path] = _scan(text) if text is not None else ({}, frozenset())
        return self._cache[path]


# -- private --------------------------------------------------------------------------------------


def _covers(ids: frozenset[str] | None, rule_id: str) -> bool:
    return ids is None or rule_id in ids


def _scan(text: str) -> tuple[Marks, frozenset[int]]:
    """The marks, and the marked lines that hold nothing but the comment (they cover the next)."""
    marks: Marks = {}
    standalone: set[int] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if "archlint:" not in line:
            continue
        start = _comment_start(line)
        if start is None:
            continue
        ids: frozenset[str] | None = frozenset()
        found = False
        for match in _MARKER.finditer(line, start):
            found = True
            if match.group(1) is None or ids is None:
                ids = None
            else:
                ids |= {i.strip() for i in match.group(1).split(",") if i.strip()}
        if not found:
            continue
        marks[number] = ids
        before = line[:start].strip()
        if before in ("", "{{", "{{-"):
            standalone.add(number)
    return marks, frozenset(standalone)


def _comment_start(line: str) -> int | None:
    """Index of the first comment token outside a quoted string, or None."""
    quote: str | None = None
    i = 0
    while i < len(line):
        char = line[i]
        if quote is not None:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif char in '"`' or (char == "'" and not _is_apostrophe(line, i)):
            quote = char
        elif line.startswith(_COMMENT_TOKENS, i):
            return i
        i += 1
    return None


def _is_apostrophe(line: str, i: int) -> bool:
    """``it's`` in prose, not the start of a string (``'x'``, ``f'x'``, ``rb'x'``)."""
    word = re.search(r"\w*$", line[:i])
    prefix = word.group(0) if word else ""
    return bool(prefix) and prefix.lower() not in _STRING_PREFIXES
