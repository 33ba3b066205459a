"""Compose-style ``${VAR}`` interpolation, ``.env`` files, and YAML documents as located values
(:class:`Node`: each value keeps the file and line it was written at; merging them by the compose
rules is :mod:`archlint.parsers.docker.compose_merge`).

Variables only ever come from the project's ``.env`` text, never from the process environment, so
the output is a function of the repository alone. A variable that is unset and has no default is
left as written (``${PORT}``) and reported in ``missing``: callers must not read a number out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from archlint.domain.location import Location
from archlint.formats.yamlpos import Path, YamlDoc

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?", re.DOTALL)
_YAML11_BOOLS = frozenset({"yes", "no", "on", "off", "true", "false", "y", "n"})
_DOTENV = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)")


@dataclass(frozen=True, slots=True)
class Interpolated:
    value: str
    missing: tuple[str, ...] = ()  # unset variables without a default, left as written
    errors: tuple[str, ...] = ()  # ``${VAR:?msg}`` failures and malformed references


@dataclass(slots=True)
class Node:
    """A YAML value with where it was written: ``loc`` is its key (or item) position."""

    value: Any  # dict[str, Node] | list[Node] | str | int | float | bool | None
    loc: Location
    path: Path
    missing: tuple[str, ...] = ()  # unset variables left as written in this scalar

    def plain(self) -> Any:
        """The value without positions (for comparisons and ``command`` attributes)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def interpolate(text: str, env: dict[str, str]) -> Interpolated:
    """Substitute ``$VAR``, ``${VAR}``, ``${VAR:-d}``, ``${VAR-d}``, ``${VAR:?e}``, ``${VAR?e}``,
    ``${VAR:+a}``, ``${VAR+a}`` and the ``$$`` escape, the way docker compose does."""
    out: list[str] = []
    missing: list[str] = []
    errors: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        nxt = text[i + 1 : i + 2]
        if ch != "$":
            out.append(ch)
            i += 1
        elif nxt == "$":
            out.append("$")
            i += 2
        elif nxt == "{":
            end = _closing_brace(text, i + 1)
            if end < 0:
                errors.append(f"invalid interpolation format for {text[i:]!r}")
                out.append(text[i:])
                break
            out.append(_braced(text[i + 2 : end], text[i : end + 1], env, missing, errors))
            i = end + 1
        elif m := _NAME.match(text, i + 1):
            name = m.group(0)
            if name in env:
                out.append(env[name])
            else:
                missing.append(name)
                out.append(text[i : m.end()])
            i = m.end()
        else:
            out.append(ch)
            i += 1
    return Interpolated("".join(out), tuple(missing), tuple(errors))


def parse_dotenv(text: str) -> dict[str, str]:
    """``KEY=VALUE`` lines (``export``, quotes, comments); later values may use earlier ones."""
    env: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _DOTENV.fullmatch(line)
        if m is None:
            continue
        raw = m.group(2).strip()
        if raw[:1] == "'" and "'" in raw[1:]:
            env[m.group(1)] = raw[1 : raw.index("'", 1)]
            continue
        if raw[:1] == '"' and '"' in raw[1:]:
            value = raw[1 : raw.index('"', 1)].replace("\\n", "\n")
        else:
            value = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
        env[m.group(1)] = interpolate(value, env).value
    return env


def to_nodes(
    doc: YamlDoc, path: str, text: str, env: dict[str, str], errors: list[tuple[Node, str]]
) -> Node:
    """The document as interpolated :class:`Node` s; interpolation errors go to ``errors``."""
    tokens = re.findall(r"(?<![\w.:'\"/-])[0-9]+(?::[0-5]?[0-9])+(?![\w.:'\"/-])", text)
    sexagesimals = {_sexagesimal(t): t for t in tokens}
    return _node(doc.data, (), _Source(doc, path, text.splitlines(), env, errors, sexagesimals))


# -- private helpers ------------------------------------------------------------------------------
def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for j in range(start, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return -1


def _braced(
    inner: str, raw: str, env: dict[str, str], missing: list[str], errors: list[str]
) -> str:
    m = _BRACED.fullmatch(inner)
    if m is None:
        errors.append(f"invalid interpolation format for {raw!r}")
        return raw
    name, op, arg = m.group(1), m.group(2), m.group(3) or ""
    value = env.get(name)
    usable = value is not None and (value != "" or not (op or "").startswith(":"))
    if op is None:
        if value is None:
            missing.append(name)
            return raw
        return value
    if op in {":-", "-"}:
        if usable:
            return str(value)
        sub = interpolate(arg, env)
        missing.extend(sub.missing)
        errors.extend(sub.errors)
        return sub.value
    if op in {":?", "?"}:
        if usable:
            return str(value)
        # required at deploy time, unknown here: the process environment is never read (output
        # must not depend on who runs archlint), so this is "unset", not an error
        missing.append(name)
        return raw
    # ":+" / "+": the alternative when set
    if not usable:
        return ""
    sub = interpolate(arg, env)
    missing.extend(sub.missing)
    return sub.value


@dataclass(frozen=True, slots=True)
class _Source:
    doc: YamlDoc
    file: str
    lines: list[str]
    env: dict[str, str]
    errors: list[tuple[Node, str]]
    sexagesimals: dict[int, str]  # plain ``22:22``-style tokens of the text, by their 1.1 value


def _node(data: Any, ypath: Path, src: _Source) -> Node:
    line, col = src.doc.pos(*ypath)
    loc = Location(src.file, line, col)
    if isinstance(data, dict):
        return Node({str(k): _node(v, (*ypath, k), src) for k, v in data.items()}, loc, ypath)
    if isinstance(data, list):
        return Node([_node(v, (*ypath, i), src) for i, v in enumerate(data)], loc, ypath)
    if isinstance(data, str):
        result = interpolate(data, src.env)
        node = Node(result.value, loc, ypath, result.missing)
        src.errors.extend((node, e) for e in result.errors)
        return node
    if data is not None and ypath:
        data = _raw_scalar(data, src, line, col, isinstance(ypath[-1], int))
    return Node(data, loc, ypath)


def _raw_scalar(value: Any, src: _Source, line: int, col: int, item: bool) -> Any:
    """The YAML 1.2 reading of a scalar typed the YAML 1.1 way (``22:22``, ``yes``, ``1.10``).

    Compose reads YAML 1.2, where these are strings; the text is recovered from the source line.
    A value merged in through ``<<`` has no position of its own: an int that only a ``22:22``-style
    token of the file can have written is given that token back.
    """
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value in src.sexagesimals
        and not re.search(rf"(?<![\w.:]){value}(?![\w.:])", "\n".join(src.lines))
    ):
        return src.sexagesimals[value]
    if not 0 < line <= len(src.lines):
        return value
    rest = src.lines[line - 1][col - 1 :]
    if not item:  # a mapping value: skip past ``key:``
        m = re.match(r"[^:]*:\s+", rest)
        if m is None:
            return value
        rest = rest[m.end() :]
    token = re.match(r"[^\s,\]}#]+", rest)
    if token is None or token.group(0)[:1] in {"'", '"', "&", "*", "!"}:
        return value
    raw = token.group(0)
    # only when the token really is this value (a position inherited through ``<<`` may not be)
    if isinstance(value, bool):
        return raw if raw.lower() in _YAML11_BOOLS else value
    if isinstance(value, float):
        return raw if re.fullmatch(r"[-+]?[0-9][0-9_.:]*(e[-+]?[0-9]+)?", raw, re.I) else value
    if isinstance(value, int) and re.fullmatch(r"[0-9]+(:[0-5]?[0-9])+", raw):
        return raw if _sexagesimal(raw) == value else value
    return value


def _sexagesimal(raw: str) -> int:
    total = 0
    for part in raw.split(":"):
        total = total * 60 + int(part)
    return total
