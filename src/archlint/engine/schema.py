"""The rule JSON Schema (shipped in the package) and readable validation errors."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from archlint.domain.kinds import EDGE_KINDS, NODE_KINDS

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# predicate branches in rule.schema.json#/definitions/predicate, by their discriminating key
_PREDICATE_KEYS = (
    "attr",
    "all",
    "any",
    "not",
    "kind",
    "is",
    "related",
    "agree",
    "unique",
    "join",
)
# what an operand defined by a `oneOf` of plain value or `$param` must look like, by definition
_OPERAND_SHAPES = {
    "list": "a list or a $parameter",
    "number": "a number or a $parameter",
    "pair": "two numbers [low, high] or a $parameter",
}


@cache
def rule_schema() -> dict[str, Any]:
    text = resources.files("archlint.engine").joinpath("rule.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    # the kinds are declared once, in the kinds table; the schema's enums come from it
    definitions = schema["definitions"]
    definitions["nodeKind"]["enum"] = [kind.value for kind in NODE_KINDS]
    definitions["edgeKind"]["enum"] = [kind.value for kind in EDGE_KINDS]
    return schema


@cache
def concept_schema() -> dict[str, Any]:
    """A concept file: the rule schema's conditions under a small header of its own."""
    base = rule_schema()
    return {
        "$schema": base["$schema"],
        "$ref": "#/definitions/conceptFile",
        "definitions": base["definitions"],
    }


def schema_text() -> str:
    """The schema as ``archlint schema`` prints it (stable, indented)."""
    return json.dumps(rule_schema(), indent=2, sort_keys=False) + "\n"


# what a pattern means, for the keys whose pattern a user meets first
_PATTERN_HINTS = {
    "id": "a rule id is capital letters and three digits, e.g. ACME001",
    "name": "a rule name is kebab-case, e.g. no-debug-port",
    "as": "a binding name is lower_snake_case, e.g. component",
}


def validate(data: Any, *, concept: bool = False) -> list[tuple[tuple[str | int, ...], str]]:
    """Every schema problem of a rule (or concept) file as (key path, message), sorted by path."""
    # imported here: jsonschema runs for user rule files only (the bundled pack ships checked)
    from jsonschema import Draft7Validator

    validator = Draft7Validator(concept_schema() if concept else rule_schema())
    problems: dict[tuple[tuple[str | int, ...], str], None] = {}
    for error in validator.iter_errors(data):
        for path, message in _explain(error):
            problems.setdefault((path, message), None)
    return sorted(problems, key=lambda p: ([str(x) for x in p[0]], p[1]))


def format_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "<top level>"


def _explain(error: ValidationError) -> Iterator[tuple[tuple[str | int, ...], str]]:
    path = tuple(error.absolute_path)
    inst = error.instance
    definitions = rule_schema()["definitions"]
    if error.validator == "oneOf" and error.schema == definitions["traversal"]:
        if isinstance(inst, dict) and "path" in inst and "edge" in inst:
            yield path, "give either `edge` (one hop) or `path` (a list of hops), not both"
        else:
            yield path, "give `edge` (one hop) or `path` (a list of hops)"
        return
    if error.schema == definitions["predicate"] and not isinstance(inst, dict):
        if error.validator == "oneOf":  # its `type: object` error says the same: left out
            wanted = ", ".join(_PREDICATE_KEYS)
            yield (
                path,
                f"expected a condition (a mapping with one of the keys {wanted}), got {inst!r}",
            )
        return
    if error.validator == "oneOf" and not path:
        if not isinstance(inst, dict):
            return  # the `type` error says it: a rule file is a mapping
        if "checks" in inst:
            yield path, "give either `checks` or `select`/`require`, not both"
        else:
            yield ("select",), "missing required key 'select' (or give `checks`)"
        return
    if error.validator == "oneOf" and not isinstance(inst, dict):
        for name, shape in _OPERAND_SHAPES.items():
            if error.schema == definitions[name]:
                yield path, f"expected {shape}, got {inst!r}"
                return
    if error.validator == "oneOf" and isinstance(inst, dict) and error.context:
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(int(sub.schema_path[0]), []).append(sub)
        candidates = [
            errs
            for errs in branches.values()
            if not any(e.validator == "required" and not e.relative_path for e in errs)
        ]
        if not candidates:
            keys = ", ".join(sorted(map(str, inst))) or "none"
            wanted = ", ".join(_PREDICATE_KEYS)
            yield path, f"not a valid condition: expected one of the keys {wanted}; got {keys}"
            return
        best = min(candidates, key=len)
        for sub in best:
            yield from _explain(sub)
        return
    if error.validator == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(map(str, inst)) - set(allowed))
        for key in extra:
            yield (*path, key), f"unknown key {key!r}; expected one of: {', '.join(allowed)}"
        return
    if error.validator == "required" and isinstance(inst, dict):
        for key in error.validator_value:
            if key not in inst:
                yield (*path, key), f"missing required key {key!r}"
        return
    if error.validator == "pattern" and path and path[-1] in _PATTERN_HINTS:
        yield path, f"{inst!r}: {_PATTERN_HINTS[str(path[-1])]}"
        return
    if error.validator == "enum":
        options = ", ".join(map(str, error.validator_value))
        yield path, f"{inst!r} is not one of: {options}"
        return
    if error.validator in ("minProperties", "maxProperties") and "attr" in (inst or {}):
        yield path, "an attribute condition needs `attr` and exactly one operator"
        return
    if error.validator == "type" and not path:
        yield path, f"a rule file must be a mapping of keys (id, name, ...), got {inst!r}"
        return

    yield path, error.message


def prune_conditions(
    data: dict[str, Any], invalid: list[tuple[str | int, ...]]
) -> tuple[dict[str, Any], list[tuple[str | int, ...]]]:
    """A copy of ``data`` where each item of an ``all``/``any`` list that holds a schema problem
    is ``None`` (the compiler skips it; the other items keep their index and so their lines),
    and the problems no such item holds."""
    pruned: dict[str, Any] = copy.deepcopy(data)
    left = []
    for path in invalid:
        cut = max(
            (i for i in range(1, len(path)) if isinstance(path[i], int) and path[i - 1] in _LISTS),
            default=None,
        )
        if cut is None:
            left.append(path)
            continue
        parent: Any = pruned
        for part in path[:cut]:
            parent = parent[part]
        parent[path[cut]] = None
    return pruned, left


_LISTS = ("all", "any")
