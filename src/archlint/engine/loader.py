"""Rule files -> validated, compiled rules.

Every problem in every rule file is collected before anything is raised, so a user sees all of
them at once; an invalid rule is never skipped.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from archlint.domain.facts import NodeKind
from archlint.domain.findings import Severity
from archlint.domain.rules import RuleMeta
from archlint.engine import pack, schema
from archlint.engine.bundle import rule_meta
from archlint.engine.compiler import Compiler
from archlint.engine.concepts import ConceptSource, load_concepts
from archlint.engine.predicates import Concept, Predicate, Traversal
from archlint.errors import ConfigError, ProblemCollector, RuleError
from archlint.formats import yamlpos


@dataclass(frozen=True)
class RuleFile:
    """A rule file's text and the name errors use for it (a path, or ``bundled:ID.yaml``)."""

    name: str
    text: str


@dataclass(frozen=True)
class Requirement:
    """One thing every selected anchor must satisfy, with the message of its findings.

    ``tag`` tells the requirements of one check apart in fingerprints (``#1``)."""

    that: Predicate
    message: str | None = None
    report_at: str | None = None
    tag: str = ""
    chain: tuple[Traversal, ...] = ()  # its findings list the nodes these walks pass as related


@dataclass(frozen=True)
class Check:
    """An anchor selection and what must hold for it. A rule has one, or several (``checks``),
    each with its own anchor and message; ``tag`` tells them apart in fingerprints (``@1``)."""

    select_kind: NodeKind
    where: Predicate | None
    require: tuple[Requirement, ...] | None
    report_at: str | None
    message: str | None = None
    tag: str = ""
    chain: tuple[Traversal, ...] = ()  # its findings list the nodes these walks pass as related
    severity: Severity | None = None  # this check's own severity (a note beside errors)


@dataclass(frozen=True)
class CompiledRule:
    meta: RuleMeta
    checks: tuple[Check, ...]
    defaults: Mapping[str, Any]
    concepts: tuple[Concept, ...] = ()  # the concepts its conditions use (``is:``)

    # a rule of one check (most rules) reads like before
    @property
    def select_kind(self) -> NodeKind:
        return self.checks[0].select_kind

    @property
    def where(self) -> Predicate | None:
        return self.checks[0].where

    @property
    def require(self) -> tuple[Requirement, ...] | None:
        return self.checks[0].require

    @property
    def report_at(self) -> str | None:
        return self.checks[0].report_at


def bundled_rule_files() -> list[RuleFile]:
    """The pack shipped in the wheel (``archlint/rules``), or ``rules/`` of a source checkout."""
    return [RuleFile(f"bundled:{p.name}", p.read_text("utf-8")) for p in _bundled("")]


def bundled_concept_files() -> list[ConceptSource]:
    """The pack's concepts (``rules/concepts/``)."""
    return [
        ConceptSource(f"bundled:concepts/{p.name}", p.read_text("utf-8"))
        for p in _bundled("concepts")
    ]


def bundled_concepts(problems: ProblemCollector) -> dict[str, Concept]:
    files = bundled_concept_files()
    return load_concepts(files, {}, "config", problems, frozenset(f.name for f in files))


def _bundled(folder: str) -> list[Any]:
    packaged = resources.files("archlint").joinpath("rules")
    if packaged.is_dir():
        where = packaged.joinpath(folder) if folder else packaged
        if not where.is_dir():
            return []
        entries = [e for e in where.iterdir() if e.name.endswith((".yaml", ".yml"))]
        return sorted(entries, key=lambda e: e.name)
    source_tree = Path(__file__).resolve().parents[3] / "rules"
    where_path = source_tree / folder if folder else source_tree
    return _yaml_files(where_path) if where_path.is_dir() else []


def directory_rule_files(directory: Path) -> list[RuleFile]:
    if not directory.is_dir():
        raise RuleError(f"{directory}: rule directory does not exist")
    return [RuleFile(name, text) for name, text in _read_all(directory)]


def directory_concept_files(directory: Path) -> list[ConceptSource]:
    """A rule directory's ``concepts/`` folder, if it has one."""
    folder = directory / "concepts"
    if not folder.is_dir():
        return []
    return [ConceptSource(name, text) for name, text in _read_all(folder)]


def _read_all(directory: Path) -> list[tuple[str, str]]:
    files = []
    for path in _yaml_files(directory):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{_shown(path)}: cannot read the rule file ({exc})") from None
        files.append((_shown(path), text))
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
    concepts: Mapping[str, Concept] | None = None,
    problems: ProblemCollector | None = None,
    *,
    raise_errors: bool = True,
) -> list[CompiledRule]:
    """Validate and compile ``files``; raise :class:`RuleError` listing every problem (with
    those already in ``problems``: concept files are loaded first and reported together), or,
    with ``raise_errors=False``, leave them in ``problems`` for the caller to add its own."""
    problems = problems if problems is not None else ProblemCollector()
    if concepts is None:  # the bundled concepts, as they ship
        concepts = bundled_concepts(problems)
    rules: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for file in files:
        rule, rule_id, doc = _load_one(
            file, problems, parameters or {}, severities or {}, concepts or {}
        )
        # a file with other problems still claims its id: the duplicate is reported in this run
        if rule_id is not None and rule_id in seen:
            problems.add(
                file.name,
                f"duplicate rule id {rule_id} (also in {seen[rule_id]})",
                line=doc.line("id") if doc is not None else 1,
                key="id",
            )
            continue
        if rule_id is not None:
            seen[rule_id] = file.name
        if rule is not None:
            rules.append(rule)
    if raise_errors:
        problems.raise_if_any(RuleError)
    return sorted(rules, key=lambda r: r.meta.id)


def declared_ids(files: Sequence[RuleFile]) -> list[str]:
    """The rule id each file declares, whether or not the rule compiles: a config naming a
    broken rule names a rule that exists (the rule file's own problems say what is wrong)."""
    found = set()
    for file in files:
        try:
            doc, _ = _validated(file.text)
        except yamlpos.YamlError:
            continue
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            found.add(doc.data["id"])
    return sorted(found)


def _load_one(
    file: RuleFile,
    problems: ProblemCollector,
    parameters: Mapping[str, Mapping[str, Any]],
    severities: Mapping[str, Severity],
    concepts: Mapping[str, Concept],
) -> tuple[CompiledRule | None, str | None, yamlpos.YamlDoc | None]:
    """The compiled rule (None when the file has problems, each added to ``problems``), the
    file's rule id when it has one, and its document (its lines are read only for a problem: a
    compiled doc reads them lazily)."""
    try:
        doc, errors = _validated(file.text)
    except yamlpos.YamlError as exc:
        problems.add(file.name, f"invalid YAML: {exc}", line=exc.line)
        return None, None, None
    for path, message in errors:
        problems.add(file.name, message, line=doc.line(*path), key=schema.format_path(path))
    if not isinstance(doc.data, dict):
        return None, None, None
    rule_id = doc.data.get("id") if isinstance(doc.data.get("id"), str) else None
    # parts the schema accepted are still compiled, so their problems are reported too: a
    # condition of an all/any list with a schema problem is left out, its siblings compiled
    data: dict[str, Any] = doc.data
    pruned, invalid = schema.prune_conditions(data, [path for path, _ in errors])
    raw_params = data.get("parameters")
    defaults = dict(raw_params) if isinstance(raw_params, dict) else {}
    params = dict(defaults)
    params.update(parameters.get(str(data.get("id")), {}))
    compiler = Compiler(file.name, doc, params, problems, concepts)
    checks: list[Check] = []
    conditions = [("parameters",), ("select", "where"), ("require",), ("checks",), ("chain",)]
    declared = pruned.get("checks") or [
        {k: pruned[k] for k in ("select", "require") if k in pruned}
    ]
    shaped = isinstance(declared, list) and all(
        isinstance(c, dict) and isinstance(c.get("select"), dict) for c in declared
    )
    if shaped and all(_valid(invalid, p) for p in conditions):
        for i, spec in enumerate(declared):
            at: tuple[str | int, ...] = ("checks", i) if "checks" in data else ()
            # the first check keeps plain fingerprints: a check added later to a rule does not
            # change the fingerprints (and baselines) of the findings it already had
            tag = f"@{i}" if i else ""
            check = _check(compiler, spec, at, tag, data)
            if check is not None and str(data.get("id")) in severities:
                check = replace(check, severity=None)  # the user's severity for the rule wins
            if check is not None:
                checks.append(check)
    if errors or compiler.failed:
        return None, rule_id, doc
    meta = rule_meta(data, file.name, severities.get(data["id"]), params)
    used = tuple(compiler.used_concepts[n] for n in sorted(compiler.used_concepts))
    rule = CompiledRule(meta, tuple(checks), defaults, used)
    return rule, rule_id, doc


@lru_cache(maxsize=512)
def _validated(
    text: str,
) -> tuple[yamlpos.YamlDoc, tuple[tuple[tuple[str | int, ...], str], ...]]:
    """The YAML and its schema problems, once per text: schema validation is most of the cost of
    loading the pack (~8 ms a rule), and a run loads it twice (overrides check, then compile)."""
    return pack.parsed(text)


def _check(
    compiler: Compiler,
    spec: Mapping[str, Any],
    at: tuple[str | int, ...],
    tag: str,
    rule: Mapping[str, Any],
) -> Check | None:
    """One check; None when its ``when``/``unless`` parameter turns it off."""
    if not _applies(compiler, spec, at):
        return None
    kind = _kind(spec["select"].get("kind"))
    where = compiler.predicate(spec["select"].get("where"), (*at, "select", "where"), kind)
    require = _requirements(compiler, spec.get("require"), (*at, "require"), kind)
    # bindings (`as:`) come from the conditions, so the messages are checked after them
    if isinstance(spec.get("message"), str):
        compiler.check_message(spec["message"], (*at, "message"), kind)
    elif isinstance(rule.get("message"), str):
        compiler.check_message(rule["message"], ("message",), kind)
    parts = spec.get("require")
    for i, part in enumerate(parts if isinstance(parts, list) else []):
        if isinstance(part, dict) and isinstance(part.get("message"), str):
            compiler.check_message(part["message"], (*at, "require", i, "message"), kind)
    if kind is None:  # the schema already reported the kind
        return None
    report_at = spec.get("report_at", rule.get("report_at"))
    chain_at = (*at, "chain") if "chain" in spec else ("chain",)
    chain = compiler.chain(spec.get("chain", rule.get("chain") if not at else None), chain_at)
    severity = Severity(spec["severity"]) if spec.get("severity") else None
    return Check(kind, where, require, report_at, spec.get("message"), tag, chain, severity)


def _kind(name: Any) -> NodeKind | None:
    return NodeKind(name) if name in NodeKind._value2member_map_ else None


def _applies(compiler: Compiler, spec: Mapping[str, Any], at: tuple[str | int, ...]) -> bool:
    """``when: $param`` holds when the parameter is true; ``unless: $param`` when it is not."""
    for key, wanted in (("when", True), ("unless", False)):
        if key not in spec:
            continue
        value = compiler.resolve(spec[key], (*at, key))
        if not isinstance(value, bool):
            compiler.error((*at, key), f"`{key}` needs a true/false parameter, got {value!r}")
            return False
        if value is not wanted:
            return False
    return True


def _requirements(
    compiler: Compiler, data: Any, at: tuple[str | int, ...], kind: NodeKind | None
) -> tuple[Requirement, ...] | None:
    if data is None:
        return None
    if not isinstance(data, list):
        that = compiler.predicate(data, at, kind)
        return (Requirement(that),) if that is not None else ()
    parts = []
    for i, item in enumerate(data):
        if not _applies(compiler, item, (*at, i)):
            continue
        that = compiler.predicate(item["that"], (*at, i, "that"), kind)
        if that is not None:
            tag = f"#{i}" if len(data) > 1 else ""
            chain = compiler.chain(item.get("chain"), (*at, i, "chain"))
            parts.append(Requirement(that, item.get("message"), item.get("report_at"), tag, chain))
    return tuple(parts)


def _valid(invalid: list[tuple[str | int, ...]], prefix: tuple[str | int, ...]) -> bool:
    """No schema problem at ``prefix``, inside it, or at a parent of it."""
    n = len(prefix)
    return not any(p[:n] == prefix or prefix[: len(p)] == p for p in invalid)


Locate = Callable[..., "int | None"]  # (*key parts) -> the config line that holds the key


def check_overrides(
    files: Sequence[RuleFile],
    parameters: Mapping[str, Mapping[str, Any]],
    severities: Mapping[str, Severity],
    config_name: str,
    concepts: Mapping[str, Concept] | None = None,
    problems: ProblemCollector | None = None,
    locate: Locate | None = None,
) -> dict[str, dict[str, Any]]:
    """Config that names a rule or a parameter that does not exist is an error, with a hint.

    Problems go to ``problems`` (raised as a :class:`ConfigError` when none is given); the
    parameters that are right are returned, so compiling the rules with them adds no noise.
    """
    own = problems is None
    problems = ProblemCollector() if problems is None else problems
    where = locate or (lambda *key: None)
    if not parameters and not severities:
        return {}
    quiet = ProblemCollector()  # the rule files' own problems are reported by the real load
    loaded = load_rules(files, concepts=concepts, problems=quiet, raise_errors=False)
    defaults = {r.meta.id: r.defaults for r in loaded}
    broken = set(declared_ids(files)) - set(defaults)  # their own problems are reported
    valid: dict[str, dict[str, Any]] = {}
    for section, ids in (("rules", parameters), ("severity", severities)):
        for rule_id in sorted(set(ids) - set(defaults) - broken):
            key: tuple[str, ...] = (section, rule_id)
            hint = _closest(rule_id, sorted(set(defaults) | broken))
            problems.add(
                config_name,
                f"unknown rule id {rule_id!r}{hint}",
                line=where(*key),
                key=".".join(key),
            )
    for rule_id in sorted(set(parameters) & set(defaults)):
        valid[rule_id] = {}
        for name, value in sorted(parameters[rule_id].items()):
            key = ("rules", rule_id, name)
            known = defaults[rule_id]
            if name not in known:
                hint = (
                    _closest(name, known) or f" (parameters: {', '.join(sorted(known)) or 'none'})"
                )
                message = f"{rule_id} has no parameter {name!r}{hint}"
            elif not _same_type(known[name], value):
                want = type(known[name]).__name__
                message = f"expected {want} like {known[name]!r}, got {value!r}"
            else:
                valid[rule_id][name] = value
                continue
            problems.add(config_name, message, line=where(*key), key=".".join(key))
    if own:
        problems.raise_if_any(ConfigError)
    return valid


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
