"""Concepts: named labels (``test-code``, ``secret-name``) defined once and used by rules as
``is: NAME``, as jQAssistant has them.

A concept file (``rules/concepts/NAME.yaml``, or ``concepts/`` in a rule directory) holds a
condition over one node and its parameters. ``[tool.archlint.concepts.NAME]`` in config
overrides parameters (``paths = '...'``) or the whole condition (``where = {...}``), and every
rule that says ``is: NAME`` follows. A concept may use other concepts; a cycle is an error.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from archlint.domain.facts import NodeKind
from archlint.engine import pack, schema
from archlint.engine.compiler import Compiler
from archlint.engine.predicates import Concept
from archlint.errors import ProblemCollector
from archlint.formats import yamlpos


@dataclass(frozen=True)
class ConceptSource:
    """A concept file's text and the name errors use for it."""

    name: str
    text: str


@dataclass
class _Draft:
    source: str
    doc: yamlpos.YamlDoc
    data: dict[str, Any]
    params: dict[str, Any]
    user_defined: bool
    changed_in: str | None = None  # the config file that overrides it


def load_concepts(
    files: Sequence[ConceptSource],
    overrides: Mapping[str, Mapping[str, Any]],
    config_name: str,
    problems: ProblemCollector,
    bundled: frozenset[str] = frozenset(),
) -> dict[str, Concept]:
    """Validate, override and compile every concept; problems go to ``problems``.

    ``bundled`` names the files of the shipped pack: a concept from anywhere else, or one that
    config overrides, is *user-defined* (the run reports it when it labels nothing).
    """
    drafts = _drafts(files, problems, bundled)
    _apply_overrides(drafts, overrides, config_name, problems)
    compiled: dict[str, Concept] = {}
    for name in sorted(drafts):
        _compile(name, drafts, compiled, problems, ())
    return compiled


def _drafts(
    files: Sequence[ConceptSource], problems: ProblemCollector, bundled: frozenset[str]
) -> dict[str, _Draft]:
    drafts: dict[str, _Draft] = {}
    for file in files:
        try:
            doc, errors = pack.parsed(file.text, concept=True)
        except yamlpos.YamlError as exc:
            problems.add(file.name, f"invalid YAML: {exc}", line=exc.line)
            continue
        for path, message in errors:
            problems.add(file.name, message, line=doc.line(*path), key=schema.format_path(path))
        if not isinstance(doc.data, dict):
            continue
        # a condition of an all/any list with a schema problem is left out and the rest is
        # compiled, so its problems come in this run too (and rules naming it find it)
        data, left = schema.prune_conditions(doc.data, [path for path, _ in errors])
        if left:
            continue
        name = data["concept"]
        if name in drafts:
            problems.add(
                file.name,
                f"concept {name!r} is already defined in {drafts[name].source}; change it with "
                f"[tool.archlint.concepts.{name}] instead",
                line=doc.line("concept"),
                key="concept",
            )
            continue
        params = dict(data.get("parameters") or {})
        drafts[name] = _Draft(file.name, doc, data, params, file.name not in bundled)
    return drafts


def _apply_overrides(
    drafts: dict[str, _Draft],
    overrides: Mapping[str, Mapping[str, Any]],
    config_name: str,
    problems: ProblemCollector,
) -> None:
    for name, table in sorted(overrides.items()):
        key = f"concepts.{name}"
        draft = drafts.get(name)
        if draft is None:
            match = difflib.get_close_matches(name, list(drafts), n=1)
            hint = f"; did you mean {match[0]!r}?" if match else ""
            problems.add(config_name, f"unknown concept {name!r}{hint}", key=key)
            continue
        for param, value in sorted(table.items()):
            if param == "where":
                where_errors = schema.validate({**draft.data, "where": value}, concept=True)
                for path, message in where_errors:
                    problems.add(config_name, message, key=f"{key}.{schema.format_path(path)}")
                if not where_errors:
                    # the condition now comes from the config file: errors point there
                    draft.data = {**draft.data, "where": value}
                    draft.doc = yamlpos.YamlDoc(draft.data)
                    draft.source = config_name
            elif param not in draft.params:
                known = [*sorted(draft.params), "where"]
                match = difflib.get_close_matches(param, known, n=1)
                hint = f"; did you mean {match[0]!r}?" if match else f" (keys: {', '.join(known)})"
                problems.add(
                    config_name, f"concept {name} has no parameter {param!r}{hint}", key=key
                )
            elif type(value) is not type(draft.params[param]):
                want = type(draft.params[param]).__name__
                problems.add(
                    config_name,
                    f"expected {want} like {draft.params[param]!r}, got {value!r}",
                    key=f"{key}.{param}",
                )
            else:
                draft.params[param] = value
        draft.user_defined = True
        draft.changed_in = config_name


def _compile(
    name: str,
    drafts: dict[str, _Draft],
    compiled: dict[str, Concept],
    problems: ProblemCollector,
    stack: tuple[str, ...],
) -> Concept | None:
    if name in compiled:
        return compiled[name]
    draft = drafts[name]
    if name in stack:
        cycle = " -> ".join((*stack[stack.index(name) :], name))
        problems.add(draft.source, f"concepts refer to each other in a cycle: {cycle}", key="where")
        return None
    for used in sorted(set(_used(draft.data["where"]))):
        if used in drafts:
            _compile(used, drafts, compiled, problems, (*stack, name))
    kinds = tuple(NodeKind(k) for k in draft.data.get("kinds") or ())
    compiler = Compiler(draft.source, draft.doc, draft.params, problems, compiled)
    subject = kinds[0] if len(kinds) == 1 else None
    condition = compiler.predicate(draft.data["where"], ("where",), subject)
    if compiler.failed:
        return None
    origin = draft.changed_in or draft.source
    concept = Concept(name, condition, origin, kinds, draft.user_defined)
    compiled[name] = concept
    return concept


def _used(data: Any) -> Iterator[str]:
    """The concept names a condition refers to (``is: NAME``), at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "is" and isinstance(value, str):
                yield value
            else:
                yield from _used(value)
    elif isinstance(data, list):
        for item in data:
            yield from _used(item)
