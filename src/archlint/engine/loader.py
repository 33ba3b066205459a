"""Rule files -> validated, compiled rules.

Every problem in every rule file is collected before anything is raised, so a user sees all of
them at once; an invalid rule is never skipped.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from archlint.domain.facts import NodeKind
from archlint.domain.findings import Severity
from archlint.domain.rules import RuleDocs, RuleMeta
from archlint.engine import schema
from archlint.engine.compiler import Compiler
from archlint.engine.predicates import Predicate
from archlint.errors import ConfigError, ProblemCollector, RuleError
from archlint.formats import yamlpos


@dataclass(frozen=True)
class RuleFile:
    """A rule file's text and the name errors use for it (a path, or ``bundled:ID.yaml``)."""

    name: str
    text: str


@dataclass(frozen=True)
class Requirement:
    """One thing every selected anchor must satisfy, with the message of its findings."""

    that: Predicate
    message: str | None = None
    report_at: str | None = None


@dataclass(frozen=True)
class CompiledRule:
    meta: RuleMeta
    select_kind: NodeKind
    where: Predicate | None
    require: tuple[Requirement, ...] | None
    report_at: str | None
    defaults: Mapping[str, Any]


def bundled_rule_files() -> list[RuleFile]:
    """The pack shipped in the wheel (``archlint/rules``), or ``rules/`` of a source checkout."""
    packaged = resources.files("archlint").joinpath("rules")
    if packaged.is_dir():
        entries = [e for e in packaged.iterdir() if e.name.endswith((".yaml", ".yml"))]
        return [
            RuleFile(f"bundled:{e.name}", e.read_text("utf-8"))
            for e in sorted(entries, key=lambda e: e.name)
        ]
    source_tree = Path(__file__).resolve().parents[3] / "rules"
    return [RuleFile(f"bundled:{p.name}", p.read_text("utf-8")) for p in _yaml_files(source_tree)]


def directory_rule_files(directory: Path) -> list[RuleFile]:
    if not directory.is_dir():
        raise RuleError(f"{directory}: rule directory does not exist")
    files = []
    for path in _yaml_files(directory):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{_shown(path)}: cannot read the rule file ({exc})") from None
        files.append(RuleFile(_shown(path), text))
    return files


def _shown(path: Path) -> str:
    """A rule file's name in messages: relative to the working directory when it is below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def load_rules(
    files: Sequence[RuleFile],
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
    severities: Mapping[str, Severity] | None = None,
) -> list[CompiledRule]:
    """Validate and compile ``files``; raise :class:`RuleError` listing every problem."""
    problems = ProblemCollector()
    rules: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for file in files:
        loaded = _load_one(file, problems, parameters or {}, severities or {})
        if loaded is None:
            continue
        rule, id_line = loaded
        if rule.meta.id in seen:
            problems.add(
                file.name,
                f"duplicate rule id {rule.meta.id} (also in {seen[rule.meta.id]})",
                line=id_line,
                key="id",
            )
            continue
        seen[rule.meta.id] = file.name
        rules.append(rule)
    problems.raise_if_any(RuleError)
    return sorted(rules, key=lambda r: r.meta.id)


def _load_one(
    file: RuleFile,
    problems: ProblemCollector,
    parameters: Mapping[str, Mapping[str, Any]],
    severities: Mapping[str, Severity],
) -> tuple[CompiledRule, int] | None:
    try:
        doc, errors = _validated(file.text)
    except yamlpos.YamlError as exc:
        problems.add(file.name, f"invalid YAML: {exc}", line=exc.line)
        return None
    for path, message in errors:
        problems.add(file.name, message, line=doc.line(*path), key=schema.format_path(path))
    if not isinstance(doc.data, dict):
        return None
    # parts the schema accepted are still compiled, so their problems are reported too
    invalid = [path for path, _ in errors]
    data: dict[str, Any] = doc.data
    raw_params = data.get("parameters")
    defaults = dict(raw_params) if isinstance(raw_params, dict) else {}
    params = dict(defaults)
    params.update(parameters.get(str(data.get("id")), {}))
    compiler = Compiler(file.name, doc, params, problems)
    where = require = None
    select = data.get("select")
    conditions = [("parameters",), ("select", "where"), ("require",)]
    if isinstance(select, dict) and all(_valid(invalid, p) for p in conditions):
        where = compiler.predicate(select.get("where"), ("select", "where"))
        require = _requirements(compiler, data.get("require"))
        # bindings (`as:`) come from the conditions, so the messages are checked after them
        if _valid(invalid, ("message",)) and "message" in data:
            compiler.check_message(data["message"])
        parts = data.get("require")
        for i, part in enumerate(parts if isinstance(parts, list) else []):
            if isinstance(part, dict) and "message" in part:
                compiler.check_message(part["message"], ("require", i, "message"))
    if errors or compiler.failed:
        return None
    docs = data["docs"]
    meta = RuleMeta(
        id=data["id"],
        name=data["name"],
        severity=severities.get(data["id"], Severity(data["severity"])),
        message=data["message"],
        docs=RuleDocs(
            docs["summary"].strip(),
            docs["why"].strip(),
            docs["fix"].strip(),
            docs.get("example", ""),
        ),
        tags=tuple(data.get("tags") or ()),
        parameters=params,
        source=file.name,
        help_uri=data.get("help_uri"),
    )
    kind = NodeKind(data["select"]["kind"])
    rule = CompiledRule(meta, kind, where, require, data.get("report_at"), defaults)
    return rule, doc.line("id")


@lru_cache(maxsize=512)
def _validated(
    text: str,
) -> tuple[yamlpos.YamlDoc, tuple[tuple[tuple[str | int, ...], str], ...]]:
    """The YAML and its schema problems, once per text: schema validation is most of the cost of
    loading the pack (~8 ms a rule), and a run loads it twice (overrides check, then compile)."""
    doc = yamlpos.load(text)
    return doc, tuple(schema.validate(doc.data))


def _requirements(compiler: Compiler, data: Any) -> tuple[Requirement, ...] | None:
    if data is None:
        return None
    if not isinstance(data, list):
        that = compiler.predicate(data, ("require",))
        return (Requirement(that),) if that is not None else ()
    parts = []
    for i, item in enumerate(data):
        that = compiler.predicate(item["that"], ("require", i, "that"))
        if that is not None:
            parts.append(Requirement(that, item.get("message"), item.get("report_at")))
    return tuple(parts)


def _valid(invalid: list[tuple[str | int, ...]], prefix: tuple[str | int, ...]) -> bool:
    """No schema problem at ``prefix``, inside it, or at a parent of it."""
    n = len(prefix)
    return not any(p[:n] == prefix or prefix[: len(p)] == p for p in invalid)


def check_overrides(
    files: Sequence[RuleFile],
    parameters: Mapping[str, Mapping[str, Any]],
    severities: Mapping[str, Severity],
    config_name: str,
) -> None:
    """Config that names a rule or a parameter that does not exist is an error, with a hint."""
    if not parameters and not severities:
        return
    defaults = {r.meta.id: r.defaults for r in load_rules(files)}
    problems = ProblemCollector()
    for rule_id in sorted(set(parameters) | set(severities)):
        if rule_id not in defaults:
            hint = _closest(rule_id, defaults)
            problems.add(config_name, f"unknown rule id {rule_id!r}{hint}", key=f"rules.{rule_id}")
            continue
        for name, value in sorted(parameters.get(rule_id, {}).items()):
            key = f"rules.{rule_id}.{name}"
            known = defaults[rule_id]
            if name not in known:
                hint = (
                    _closest(name, known) or f" (parameters: {', '.join(sorted(known)) or 'none'})"
                )
                problems.add(config_name, f"{rule_id} has no parameter {name!r}{hint}", key=key)
            elif not _same_type(known[name], value):
                want = type(known[name]).__name__
                problems.add(
                    config_name, f"expected {want} like {known[name]!r}, got {value!r}", key=key
                )
    problems.raise_if_any(ConfigError)


def _closest(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(options), n=1)
    return f"; did you mean {match[0]!r}?" if match else ""


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def _yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
