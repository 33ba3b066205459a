"""TOML with positions: the line and column of every key, table header and array item.

tomlkit (which archlint uses to read TOML, keeping the text as written) exposes no line numbers, so
this scanner walks the text once more and records where each path starts. It assumes the text has
already been parsed successfully and only tracks paths: on anything unexpected it moves on.
Paths are tuples of keys and array indexes, the way ``tomlkit.parse(text).unwrap()`` nests them.
"""

from __future__ import annotations

import bisect
import json
import re

Path = tuple[str | int, ...]
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
_KEY = re.compile(_STRING.pattern + r"|[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^,\]}\n#]*")


def toml_positions(text: str) -> dict[Path, tuple[int, int]]:
    """``(line, column)`` of every key, table header and array item of a valid TOML text."""
    scanner = _TomlScanner(text)
    scanner.document()
    return scanner.positions


class _TomlScanner:
    """A tolerant scanner: tomlkit has already validated the text, so it only tracks paths."""

    def __init__(self, text: str) -> None:
        self.text, self.i = text, 0
        self.positions: dict[Path, tuple[int, int]] = {}
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def here(self) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, self.i)
        return line, self.i - self.starts[line - 1] + 1

    def peek(self, s: str = "") -> bool:
        return self.text.startswith(s, self.i) if s else self.i < len(self.text)

    def skip(self, newlines: bool) -> None:
        while self.peek():
            c = self.text[self.i]
            if c in " \t" or (newlines and c in "\r\n"):
                self.i += 1
            elif c == "#":
                end = self.text.find("\n", self.i)
                self.i = len(self.text) if end < 0 else end
            else:
                return

    def document(self) -> None:
        table: Path = ()
        arrays: dict[Path, int] = {}
        while True:
            self.skip(newlines=True)
            if not self.peek():
                return
            start, before = self.here(), self.i
            if self.peek("["):
                double = self.peek("[[")
                self.i += 2 if double else 1
                table = self.resolve(self.key(), arrays)
                if double:
                    arrays[table] = arrays.get(table, -1) + 1
                    self.mark(table, start)
                    table = (*table, arrays[table])
                self.mark(table, start)
                end = self.text.find("\n", self.i)  # the rest of a header line is "]" or a comment
                self.i = len(self.text) if end < 0 else end
            else:
                self.keyval(table)
            if self.i == before:
                self.i += 1

    def resolve(self, key: Path, arrays: dict[Path, int]) -> Path:
        """A header's path, with the current index of every enclosing array of tables."""
        out: Path = ()
        for part in key:
            out = (*out, part)
            if out in arrays and len(out) < len(key):
                out = (*out, arrays[out])
        return out

    def mark(self, path: Path, where: tuple[int, int]) -> None:
        for n in range(1, len(path) + 1):
            self.positions.setdefault(path[:n], where)

    def key(self) -> Path:
        parts: list[str] = []
        while True:
            self.skip(newlines=False)
            m = _KEY.match(self.text, self.i)
            if m is None:
                return tuple(parts)
            raw, self.i = m.group(0), m.end()
            parts.append(_unquote(raw))
            self.skip(newlines=False)
            if not self.peek("."):
                return tuple(parts)
            self.i += 1

    def keyval(self, base: Path) -> None:
        start = self.here()
        path = (*base, *self.key())
        self.mark(path, start)
        self.skip(newlines=False)
        if self.peek("="):
            self.i += 1
            self.value(path)

    def value(self, path: Path) -> None:
        self.skip(newlines=False)
        for quote in ('"""', "'''"):
            if self.peek(quote):
                end = self.text.find(quote, self.i + 3)
                while quote == '"""' and end > 0 and _escaped(self.text, end):
                    end = self.text.find(quote, end + 1)
                self.i = len(self.text) if end < 0 else end + 3
                while self.peek(quote[0]):
                    self.i += 1
                return
        if self.peek('"') or self.peek("'"):
            m = _STRING.match(self.text, self.i)
            self.i = m.end() if m else self.i + 1
        elif self.peek("["):
            self.items(path, "]", array=True)
        elif self.peek("{"):
            self.items(path, "}", array=False)
        else:
            m = _SCALAR.match(self.text, self.i)
            self.i = m.end() if m else self.i + 1

    def items(self, path: Path, close: str, array: bool) -> None:
        self.i += 1
        index = 0
        while True:
            self.skip(newlines=True)
            if not self.peek() or self.peek(close):
                self.i += 1
                return
            before = self.i
            if array:
                self.mark((*path, index), self.here())
                self.value((*path, index))
                index += 1
            else:
                self.keyval(path)
            self.skip(newlines=True)
            if self.peek(","):
                self.i += 1
            if self.i == before:
                self.i += 1


def _unquote(raw: str) -> str:
    if raw.startswith("'"):
        return raw[1:-1]
    if raw.startswith('"'):
        try:
            return str(json.loads(raw))
        except ValueError:
            return raw[1:-1]
    return raw


def _escaped(text: str, index: int) -> bool:
    n = 0
    while index - n - 1 >= 0 and text[index - n - 1] == "\\":
        n += 1
    return n % 2 == 1
