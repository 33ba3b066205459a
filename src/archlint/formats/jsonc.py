"""JSON with comments and trailing commas, read the way TypeScript reads tsconfig.json (and
ESLint ``.eslintrc.json``): comments and trailing commas are blanked out, keeping every other
character where it was, so positions in the result are positions in the file."""

from __future__ import annotations

import json
import re
from typing import Any

from archlint.formats import nesting

Path = tuple[str | int, ...]
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_SCALAR = re.compile(r"[^,\]}\s]+")


class JsoncError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def loads(text: str, max_depth: int = 200) -> tuple[Any, dict[Path, tuple[int, int]]]:
    """The value and the ``(line, column)`` of every key; raises :class:`JsoncError`, also for
    text nested deeper than ``max_depth``."""
    clean = strip(text.removeprefix("\ufeff"))
    if not clean.strip():
        return {}, {}
    return decode(clean, max_depth), json_positions(clean)


def decode(text: str, max_depth: int) -> Any:
    """``json.loads`` within ``max_depth`` levels; raises :class:`JsoncError`."""
    deep = nesting.too_deep(text, max_depth)
    if deep is not None:
        raise JsoncError(nesting.message(max_depth), *deep)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsoncError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:  # pragma: no cover - too_deep stops this first
        raise JsoncError(nesting.message(max_depth), 1, 1) from None


def strip(text: str) -> str:
    """``text`` with ``//`` and ``/* */`` comments and trailing commas replaced by spaces."""
    out = list(text)
    i, n = 0, len(text)
    last_comma: int | None = None  # a comma not yet followed by a value
    while i < n:
        char = text[i]
        if char == '"':
            last_comma = None
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                out[i] = " "
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            for j in range(i, end):
                if out[j] != "\n":
                    out[j] = " "
            i = end
        elif char == ",":
            last_comma = i
            i += 1
        elif char in "}]":
            if last_comma is not None:
                out[last_comma] = " "
            last_comma = None
            i += 1
        else:
            if not char.isspace():
                last_comma = None
            i += 1
    return "".join(out)


def json_positions(text: str) -> dict[Path, tuple[int, int]]:
    """``(line, column)`` of every key and array item of a valid JSON text (last duplicate wins)."""
    positions: dict[Path, tuple[int, int]] = {}
    line, line_start, i = 1, 0, 0

    def skip() -> None:
        nonlocal line, line_start, i
        while i < len(text) and text[i] in " \t\r\n":
            if text[i] == "\n":
                line, line_start = line + 1, i + 1
            i += 1

    def value(path: Path) -> None:
        nonlocal i
        skip()
        if i >= len(text):
            return
        if text[i] in "{[":
            close, index = "}" if text[i] == "{" else "]", 0
            i += 1
            while True:
                skip()
                if i >= len(text) or text[i] == close:
                    i += 1
                    return
                where = (line, i - line_start + 1)
                if close == "}":
                    m = _STRING.match(text, i)
                    if m is None:
                        i += 1
                        continue
                    key: str | int = json.loads(m.group(0))
                    i = m.end()
                    skip()
                    i += 1  # the colon
                else:
                    key, index = index, index + 1
                positions[(*path, key)] = where
                value((*path, key))
                skip()
                if i < len(text) and text[i] == ",":
                    i += 1
        else:
            m = (_STRING if text[i] == '"' else _SCALAR).match(text, i)
            i = m.end() if m else i + 1

    value(())
    return positions
