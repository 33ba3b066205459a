"""``toYaml`` the way Helm prints it (keys sorted, lists not indented under their key, no
trailing newline), each output line carrying the values line its key or item was written at."""

from __future__ import annotations

import json
from typing import Any

import yaml

from archlint.domain.location import Location
from archlint.parsers.helm.output import Origin, Traced
from archlint.parsers.helm.values import Values

_Line = tuple[str, Location | None]
HERE = Location("")  # "the action that prints this"


def to_yaml(value: Any, values: Values) -> str:
    """``value`` as YAML; lines from a values file carry its location (the template line is the
    printing action's: :data:`HERE`)."""
    if value is None:
        return "null"
    if not isinstance(value, dict | list) or not value:
        if isinstance(value, dict | list):
            return "{}" if isinstance(value, dict) else "[]"
        return _scalar(value)
    lines: list[_Line] = []
    _emit(value, 0, values, lines)
    text = "\n".join(t for t, _ in lines)
    origins = tuple(Origin(HERE, loc) if loc else None for _, loc in lines)
    return Traced(text, origins) if any(origins) else text


def _emit(value: Any, indent: int, values: Values, lines: list[_Line]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key in sorted(value, key=str):
            item = value[key]
            loc = values.location(value, key)
            head = f"{pad}{_key(key)}:"
            if isinstance(item, dict) and item:
                lines.append((head, loc))
                _emit(item, indent + 2, values, lines)
            elif isinstance(item, list) and item:
                lines.append((head, loc))
                _emit(item, indent, values, lines)
            else:
                _scalar_line(head, item, indent + 2, loc, lines)
        return
    for i, item in enumerate(value):
        loc = values.location(value, i)
        if isinstance(item, dict | list) and item:
            start = len(lines)
            _emit(item, indent + 2, values, lines)
            text, first = lines[start]
            lines[start] = (f"{pad}- {text[indent + 2 :]}", first or loc)
        else:
            _scalar_line(f"{pad}-", item, indent + 2, loc, lines)


def _scalar_line(
    head: str, item: Any, indent: int, loc: Location | None, lines: list[_Line]
) -> None:
    if isinstance(item, str) and "\n" in item:
        chomp = "|" if item.endswith("\n") else "|-"
        lines.append((f"{head} {chomp}", loc))
        pad = " " * indent
        body = item[:-1] if item.endswith("\n") else item
        lines.extend((pad + part if part else "", loc) for part in body.split("\n"))
        return
    if isinstance(item, dict):
        text = "{}"
    elif isinstance(item, list):
        text = "[]"
    else:
        text = _scalar(item)
    lines.append((f"{head} {text}", loc))


def _key(key: Any) -> str:
    return _scalar(key if isinstance(key, str) else str(key))


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = yaml.safe_dump(str(value), default_flow_style=True, width=10**9, allow_unicode=True)
    text = text.removesuffix("\n").removesuffix("\n...").removesuffix("\n")
    if text.startswith("'"):  # go-yaml quotes with double quotes
        return json.dumps(str(value), ensure_ascii=False)
    return text
