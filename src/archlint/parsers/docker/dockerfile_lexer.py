"""Dockerfile lexer: text to :class:`Instruction` s with exact first-line numbers.

Reads the parser directives at the top (``syntax``, ``escape``, ``check``), joins continuation
lines (with the ``escape`` character in force, dropping comment and empty lines inside them),
splits each instruction into keyword and arguments, and collects heredoc bodies for RUN, COPY
and ADD. :func:`split_flags` and :func:`command_form` split an instruction's arguments further.
Building facts from the instructions is :mod:`archlint.parsers.docker.dockerfile`'s job.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_HEREDOC_INSTRUCTIONS = {"RUN", "COPY", "ADD"}
_DIRECTIVE = re.compile(r"#\s*([A-Za-z]+)\s*=\s*(\S*)\s*$")
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")


@dataclass(frozen=True, slots=True)
class Instruction:
    keyword: str  # upper case
    args: str  # continuation lines joined, escape characters removed
    line: int  # first physical line
    column: int
    heredocs: tuple[str, ...] = ()


def tokenize(text: str) -> tuple[dict[str, str], list[Instruction], list[tuple[int, str]]]:
    """Parser directives, instructions (with first-line numbers) and (line, message) problems."""
    lines = text.splitlines()
    directives: dict[str, str] = {}
    i = 0
    # directives only at the very top; an unknown one is a comment and ends them (as in BuildKit)
    while (
        i < len(lines)
        and (m := _DIRECTIVE.match(lines[i].strip()))
        and m.group(1).lower() in {"syntax", "escape", "check"}
    ):
        directives.setdefault(m.group(1).lower(), m.group(2))
        i += 1
    escape = "`" if directives.get("escape") == "`" else "\\"
    result: list[Instruction] = []
    problems: list[tuple[int, str]] = []
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start, column, parts = i + 1, len(lines[i]) - len(lines[i].lstrip()) + 1, []
        while True:
            current = lines[i].strip()
            i += 1
            if current.endswith(escape):
                parts.append(current[:-1])
                while i < len(lines) and lines[i].strip()[:1] in {"", "#"}:
                    i += 1  # comment and empty lines inside a continuation are dropped
                if i < len(lines):
                    continue
            else:
                parts.append(current)
            break
        joined = " ".join(p.strip() for p in parts if p.strip())
        keyword, _, args = joined.partition(" ")
        bodies: list[str] = []
        if keyword.upper() in _HEREDOC_INSTRUCTIONS:
            for m in _HEREDOC.finditer(args):
                body, i, closed = _read_heredoc(lines, i, m.group(3), m.group(1) == "-")
                bodies.append(body)
                if not closed:
                    problems.append((start, f"unterminated heredoc <<{m.group(3)} (line {start})"))
        result.append(Instruction(keyword.upper(), args.strip(), start, column, tuple(bodies)))
    return directives, result, problems


def split_flags(args: str) -> tuple[dict[str, str], list[str]]:
    """Leading ``--key=value`` flags (keys lower-cased) and the remaining words."""
    words = args.split()
    flags: dict[str, str] = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key.lower()] = value
    return flags, words


def command_form(args: str) -> str | list[str]:
    """Exec form (a JSON array of strings) or, as docker does for anything else, shell form."""
    if args.startswith("["):
        try:
            value = json.loads(args)
        except ValueError:
            return args
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    return args


# -- private helpers ------------------------------------------------------------------------------
def _read_heredoc(
    lines: list[str], i: int, delimiter: str, strip_tabs: bool
) -> tuple[str, int, bool]:
    body: list[str] = []
    while i < len(lines):
        line = lines[i].lstrip("\t") if strip_tabs else lines[i]
        i += 1
        if line.rstrip() == delimiter:
            return "\n".join(body), i, True
        body.append(line)
    return "\n".join(body), i, False
