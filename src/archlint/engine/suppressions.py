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

:meth:`Suppressions.unknown` finds ids that name no rule (a typo suppresses nothing, silently:
so it is a warning, with a did-you-mean) and :meth:`Suppressions.unused` the markers that
suppressed nothing in this run (``--report-unused-suppressions``, like ruff's RUF100).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

#: line -> the suppressed ids, or None for every rule.
Marks = dict[int, frozenset[str] | None]
#: a file's marks and its marked lines that hold only the comment
Scanned = tuple[Marks, frozenset[int]]

_MARKER = re.compile(r"archlint:\s*ignore(?:\[([^\]]*)\]|(?![\w\[-]))")
_COMMENT_TOKENS = ("#", "//", "/*")
_STRING_PREFIXES = frozenset({"r", "b", "f", "u", "rb", "br", "fr", "rf"})


def scan(text: str) -> Marks:
    """Lines (1-based) that carry a suppression marker in a comment, and what they suppress."""
    return _scan(text)[0]


def prescan(text: str) -> Scanned:
    """What :class:`Suppressions` needs of one file, taken while the text is in memory anyway
    (the parse read), so the file is not read a second time."""
    return _scan(text)


@dataclass(frozen=True, order=True, slots=True)
class Remark:
    """Something wrong with a marker: where it is and what to say."""

    path: str
    line: int
    message: str


class Suppressions:
    """Answers "is this finding suppressed?", reading and scanning each file once, on demand."""

    def __init__(
        self, get_text: Callable[[str], str | None], scanned: Mapping[str, Scanned] | None = None
    ) -> None:
        self._get_text = get_text
        self._cache: dict[str, Scanned] = dict(scanned or {})
        # (path, marked line, rule id) of every suppression that took effect
        self._used: set[tuple[str, int, str]] = set()

    @classmethod
    def from_texts(
        cls, get_text: Callable[[str], str | None], scanned: Mapping[str, Scanned] | None = None
    ) -> Suppressions:
        """``get_text(path)`` returns a file's text, or None when it cannot be read; files in
        ``scanned`` (:func:`prescan` of their text) are not read again."""
        return cls(get_text, scanned)

    def is_suppressed(self, rule_id: str, path: str, line: int) -> bool:
        marks, standalone = self._marks(path)
        for marked in (line, line - 1):
            if marked == line - 1 and marked not in standalone:
                break
            if _covers(marks.get(marked, frozenset()), rule_id):
                self._used.add((path, marked, rule_id))
                return True
        return False

    def unknown(self, paths: Iterable[str], known: Collection[str]) -> list[Remark]:
        """Every id in a marker of ``paths`` that names no rule in ``known``, sorted."""
        remarks = []
        for path, line, ids in self._all(paths):
            for rule_id in sorted(ids or ()):
                if rule_id not in known:
                    close = difflib.get_close_matches(rule_id, sorted(known), n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    message = f"archlint: ignore[{rule_id}] names no rule{hint}"
                    remarks.append(Remark(path, line, message))
        return sorted(remarks)

    def unused(self, paths: Iterable[str], selected: Collection[str]) -> list[Remark]:
        """Markers of ``paths`` that suppressed nothing in this run. Only ids of ``selected``
        rules are judged: a marker for a rule that did not run may be used by another run."""
        hits: dict[tuple[str, int], set[str]] = {}
        for path, line, rule_id in self._used:
            hits.setdefault((path, line), set()).add(rule_id)
        remarks = []
        for path, line, ids in self._all(paths):
            used = hits.get((path, line), set())
            if ids is None:
                if not used and selected:
                    remarks.append(Remark(path, line, "archlint: ignore suppresses nothing"))
                continue
            idle = sorted(i for i in ids if i in selected and i not in used)
            if idle:
                names = ",".join(idle)
                remarks.append(Remark(path, line, f"archlint: ignore[{names}] suppresses nothing"))
        return sorted(remarks)

    def _all(self, paths: Iterable[str]) -> list[tuple[str, int, frozenset[str] | None]]:
        marked = []
        for path in sorted(set(paths)):
            marks, _ = self._marks(path)
            marked += [(path, line, marks[line]) for line in sorted(marks)]
        return marked

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
    if "archlint:" not in text:  # most files: one scan instead of one a line
        return marks, frozenset()
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
