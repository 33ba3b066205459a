"""Go-template lexing: a template's text split into text pieces and actions, and an action's
inside split into tokens. Each piece keeps the line it starts on.

Trim markers (``{{- `` and `` -}}``) remove the white space next to the action, as Go does;
comments (``{{/* ... */}}``) produce nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class TemplateSyntaxError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Piece:
    """A text piece (``action`` False) or an action's inside, and the line it starts on."""

    text: str
    line: int
    action: bool


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # field, var, ident, string, number, char, pipe, lparen, rparen, decl, assign, comma
    text: str


def split(text: str, left: str = "{{", right: str = "}}") -> list[Piece]:
    """Text pieces and action insides, in order; trimming applied, comments dropped."""
    pieces: list[Piece] = []
    pos, line, trim_next = 0, 1, False
    while True:
        start = text.find(left, pos)
        chunk = text[pos:] if start < 0 else text[pos:start]
        trim_before = start >= 0 and text.startswith(left + "-", start) and _trim_space(text, start)
        chunk_line = line
        line += chunk.count("\n")
        if trim_next:
            stripped = chunk.lstrip(" \t\r\n")
            chunk_line += chunk[: len(chunk) - len(stripped)].count("\n")
            chunk = stripped
        if trim_before:
            chunk = chunk.rstrip(" \t\r\n")
        if chunk:
            pieces.append(Piece(chunk, chunk_line, False))
        if start < 0:
            return pieces
        inner_start = start + len(left) + (1 if trim_before else 0)
        end, inner, trim_next = _action_end(text, inner_start, right, line)
        if not _is_comment(inner):
            pieces.append(Piece(inner, line, True))
        line += text[start:end].count("\n")
        pos = end


def tokens(action: str, line: int) -> list[Token]:
    """The tokens of one action's inside."""
    found: list[Token] = []
    pos = 0
    while pos < len(action):
        match = _TOKEN.match(action, pos)
        if match is None:
            raise TemplateSyntaxError(f"unexpected {action[pos]!r} in action", line)
        pos = match.end()
        kind = match.lastgroup or ""
        if kind == "space":
            continue
        text = match.group()
        if kind == "ident" and text in ("true", "false", "nil"):
            kind = text if text == "nil" else "bool"
        found.append(Token(kind, text))
    return found


_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<string>"(?:[^"\\\n]|\\.)*"|`[^`]*`)
    |(?P<char>'(?:[^'\\]|\\.)+')
    |(?P<number>[-+]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)))
    |(?P<var>\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)
    |(?P<field>(?:\.[A-Za-z0-9_]+)+|\.)
    |(?P<ident>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<decl>:=)
    |(?P<assign>=)
    |(?P<pipe>\|)
    |(?P<lparen>\()
    |(?P<rparen>\)(?:\.[A-Za-z0-9_]+)*)
    |(?P<comma>,)
    """,
    re.VERBOSE,
)


def _trim_space(text: str, start: int) -> bool:
    """``{{-`` trims only when a space follows (``{{-3}}`` is the number -3)."""
    after = start + 3
    return after < len(text) and text[after] in " \t\r\n"


def _action_end(text: str, pos: int, right: str, line: int) -> tuple[int, str, bool]:
    """Where the action opened before ``pos`` ends, its inside, and whether it trims after."""
    stops = _STOPS.get(right)
    if stops is None:
        stops = _STOPS[right] = re.compile(r"[\"`']|/\*|" + re.escape(right))
    i = pos
    while True:
        found = stops.search(text, i)
        if found is None:
            raise TemplateSyntaxError(f"unclosed action: no matching {right!r}", line)
        at, what = found.start(), found.group()
        if what == right:
            trim = at > pos and text[at - 1] == "-" and at - 2 >= pos and text[at - 2] in " \t\r\n"
            inner = text[pos : at - 1] if trim else text[pos:at]
            return at + len(right), inner, trim
        if what == "/*":
            close = text.find("*/", at + 2)
            if close < 0:
                raise TemplateSyntaxError("unclosed comment", line)
            i = close + 2
            continue
        close = _string_end(text, at)
        if close < 0:
            raise TemplateSyntaxError("unterminated string in action", line)
        i = close + 1


_STOPS: dict[str, re.Pattern[str]] = {}


def _string_end(text: str, i: int) -> int:
    quote = text[i]
    j = i + 1
    while j < len(text):
        if text[j] == "\\" and quote != "`":
            j += 2
            continue
        if text[j] == quote:
            return j
        if text[j] == "\n" and quote != "`":
            return -1
        j += 1
    return -1


def _is_comment(inner: str) -> bool:
    stripped = inner.strip()
    return stripped.startswith("/*") and stripped.endswith("*/")
