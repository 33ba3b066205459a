"""``.env`` files (``.env``, ``.env.local``, ``.env.production``, ``.env.example``, ...).

The format docker compose and python-dotenv read: ``KEY=VALUE`` lines, an optional ``export``,
single quotes (literal), double quotes (``\\n``-style escapes, may span lines), unquoted values
with `` #`` comments, and ``${VAR}`` references to keys defined above (never to the process
environment). A bare ``KEY`` declares the name without a value.

Facts emitted:

- ``env_var`` ``{path}#env/{name}`` at the key: name, value (interpolated, None for a bare
  ``KEY``), raw (the value as written, quotes removed, before interpolation), source ``"dotenv"``,
  artifact, example (True for a template that is meant to be committed: ``.env.example``,
  ``.env.sample``, ``.env.template``, ``.env.dist``). A key defined twice keeps its last line.

Lines that are not an assignment, and quotes that never close, are diagnostics; the rest parses.
"""

from __future__ import annotations

import re

from archlint.domain.facts import Diagnostic, Fact, NodeKind, ParseResult
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common.interpolation import interpolate

EXAMPLE_SUFFIXES = frozenset({"example", "sample", "template", "dist", "tpl"})
_LINE = re.compile(r"(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.]*)\s*(?:(=)\s*(.*))?")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


# suffixes of files that merely start with ".env."
_NOT_DOTENV = frozenset(
    {
        "patch",
        "diff",
        "sh",
        "bash",
        "zsh",
        "ps1",
        "py",
        "js",
        "ts",
        "json",
        "yml",
        "yaml",
        "toml",
        "md",
        "txt",
        "orig",
        "rej",
        "bak",
        "swp",
        "gpg",
        "enc",
        "age",
        "vault",
    }
)
_MAX_DIAGNOSTICS = 3


def _first(diagnostics: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """A file that is not a dotenv file at all would give a diagnostic per line: keep a few."""
    if len(diagnostics) <= _MAX_DIAGNOSTICS:
        return tuple(diagnostics)
    kept = diagnostics[:_MAX_DIAGNOSTICS]
    last = kept[-1]
    more = len(diagnostics) - _MAX_DIAGNOSTICS
    note = f"{last.message} (and {more} more such line{'s' if more > 1 else ''})"
    return (*kept[:-1], Diagnostic(last.location, note))


class DotenvParser:
    name = "dotenv"

    version = "1"
    # .env.local, .env.production, .env.example - not .env.patch, .env.sh or .env.d.ts
    selector = Selector(
        names=frozenset({".env"}),
        patterns=(rf"\.env\.(?!(?ai:{'|'.join(sorted(_NOT_DOTENV))})\Z)[^.]*",),
    )

    def parse(self, source: SourceFile) -> ParseResult:
        example = bool(EXAMPLE_SUFFIXES & set(source.pure.name.lower().split(".")[2:]))
        lines = source.text.splitlines()
        env: dict[str, str] = {}
        facts: dict[str, Fact] = {}
        diagnostics: list[Diagnostic] = []
        i = 0
        while i < len(lines):
            number, text = i + 1, lines[i]
            i += 1
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            m = _LINE.fullmatch(text)
            if m is None:
                message = f"line {number} is not KEY=VALUE: {text.strip()!r}"
                diagnostics.append(Diagnostic(source.loc(number), message))
                continue
            name = m.group(2)
            raw: str | None = None
            value: str | None = None
            if m.group(3):
                written, quote, i, error = _value(m.group(4), lines, i)
                if error:
                    diagnostics.append(Diagnostic(source.loc(number), f"{name}: {error}"))
                    continue
                raw = written
                value = written if quote == "'" else interpolate(written, env).value
                env[name] = value
            attrs = {
                "name": name,
                "value": value,
                "raw": raw,
                "source": "dotenv",
                "artifact": source.path,
                "example": example,
            }
            fact_id = f"{source.path}#env/{name}"
            loc = source.loc(number, len(m.group(1)) + 1)
            facts.pop(fact_id, None)  # the last definition wins, at its own line
            facts[fact_id] = Fact(fact_id, NodeKind.ENV_VAR, loc, attrs)
        return ParseResult(facts=tuple(facts.values()), diagnostics=_first(diagnostics))


def _value(first: str, lines: list[str], i: int) -> tuple[str, str, int, str | None]:
    """(text as written, quote, index of the next line, error) of the value starting ``first``;
    a quoted value continues on the following lines until its closing quote."""
    quote = first[:1]
    if quote not in {"'", '"'}:
        return re.split(r"\s+#", first, maxsplit=1)[0].strip(), "", i, None
    body, start = first[1:], i
    while (end := _closing(body, quote)) < 0:
        if i >= len(lines):  # the lines below are still read as lines of their own
            return "", quote, start, f"the {quote} quote is never closed"
        body += "\n" + lines[i]
        i += 1
    rest = body[end + 1 :].strip()
    if rest and not rest.startswith("#"):
        return "", quote, i, f"unexpected text after the closing quote: {rest!r}"
    if quote == "'":
        return body[:end], quote, i, None
    text = re.sub(r"\\(.)", lambda e: _ESCAPES.get(e.group(1), e.group(0)), body[:end])
    return text, quote, i, None


def _closing(body: str, quote: str) -> int:
    """Index of the closing quote (a double quote can be escaped), or -1."""
    j = 0
    while j < len(body):
        if quote == '"' and body[j] == "\\":
            j += 2
            continue
        if body[j] == quote:
            return j
        j += 1
    return -1
