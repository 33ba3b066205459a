"""A small reader of the Prisma schema language: blocks, their key/value pairs, model fields.

It reads what the facts need and nothing more: ``datasource`` / ``generator`` blocks (``key =
value`` with strings, ``env("X")``, arrays, identifiers), ``model`` / ``view`` blocks (fields,
their ``@map`` and the block's ``@@map``). ``//`` and ``/* */`` comments are skipped. A line it
cannot read inside a block is reported with its line number; the rest of the schema is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BLOCK = re.compile(r"^\s*(datasource|generator|model|view|enum|type)\s+(\w+)\s*\{\s*$")
_PAIR = re.compile(r"^\s*(\w+)\s*=\s*(.+?)\s*$")
_FIELD = re.compile(r"^\s*(\w+)\s+(\w+(?:\(\))?(?:\[\])?\??)(.*)$")
_MAP = re.compile(r"@map\(\s*(?:name\s*:\s*)?\"([^\"]*)\"")
_BLOCK_MAP = re.compile(r"^\s*@@map\(\s*(?:name\s*:\s*)?\"([^\"]*)\"")
_ENV = re.compile(r"^env\(\s*\"([^\"]*)\"\s*\)$")
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"$')


@dataclass(frozen=True, slots=True)
class Value:
    text: str  # as written
    string: str | None  # a string literal's value
    env: str | None  # env("X")
    line: int
    column: int


@dataclass
class Block:
    kind: str
    name: str
    line: int
    pairs: dict[str, Value] = field(default_factory=dict)
    fields: list[tuple[str, str, int]] = field(default_factory=list)  # name, column, line
    table: str | None = None


@dataclass
class Schema:
    blocks: list[Block] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_schema(text: str) -> Schema:
    schema = Schema()
    # `/* ... */` block comments (Prisma reads them, doc comments in models use them), blanked
    # out line for line so every line keeps its number
    text = _BLOCK_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    current: Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if current is None:
            found = _BLOCK.match(line)
            if found is None:
                schema.problems.append((number, f"expected a block, not {line.strip()[:40]!r}"))
                continue
            current = Block(found.group(1), found.group(2), number)
            schema.blocks.append(current)
            continue
        if line.strip() == "}":
            current = None
            continue
        if current.kind in ("datasource", "generator"):
            pair = _PAIR.match(line)
            if pair is None:
                schema.problems.append((number, f"expected `key = value` in {current.kind}"))
                continue
            written = pair.group(2)
            column = line.index(written, pair.end(1)) + 1
            string = _STRING.match(written)
            env = _ENV.match(written)
            current.pairs[pair.group(1)] = Value(
                written,
                string.group(1) if string else None,
                env.group(1) if env else None,
                number,
                column,
            )
        elif current.kind in ("model", "view", "type"):
            mapped = _BLOCK_MAP.match(line)
            if mapped is not None:
                current.table = mapped.group(1)
                continue
            if line.strip().startswith("@@"):
                continue
            found = _FIELD.match(line)
            if found is None:
                schema.problems.append((number, f"expected a field in model {current.name}"))
                continue
            column_map = _MAP.search(found.group(3))
            current.fields.append(
                (found.group(1), column_map.group(1) if column_map else found.group(1), number)
            )
    if current is not None:
        schema.problems.append((current.line, f"{current.kind} {current.name} is not closed"))
    return schema


_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _strip_comment(line: str) -> str:
    """The line without a ``//`` comment (one inside a string is kept)."""
    in_string = False
    for i, char in enumerate(line):
        if char == '"' and (i == 0 or line[i - 1] != "\\"):
            in_string = not in_string
        elif char == "/" and not in_string and line[i : i + 2] == "//":
            return line[:i]
    return line
