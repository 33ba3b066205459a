"""The one use case: discover -> parse -> graph -> link -> evaluate -> report.

Everything the CLI does goes through :func:`check` (or :func:`build_graph` for ``archlint graph``).
Reading the scanned repository happens only through :class:`archlint.discovery.RepoReader`;
nothing from the repository is executed or imported.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archlint import __version__
from archlint.cache.open import open_fact_cache
from archlint.config import Config, ignored_for_path, rule_selected
from archlint.discovery import RepoReader, discover
from archlint.domain.facts import PARSE_RULE_ID, Diagnostic, Fact, NodeKind
from archlint.domain.findings import Finding
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.domain.report import Report
from archlint.engine.concepts import ConceptSource, load_concepts
from archlint.engine.evaluator import evaluate
from archlint.engine.loader import (
    CompiledRule,
    RuleFile,
    bundled_concept_files,
    bundled_rule_files,
    check_overrides,
    declared_ids,
    directory_concept_files,
    directory_rule_files,
    load_rules,
)
from archlint.engine.predicates import Concept, Is
from archlint.engine.suppressions import Scanned, Suppressions
from archlint.errors import ConfigError, Problem, ProblemCollector, RuleError
from archlint.linking.base import LinkContext
from archlint.repository import prefix_of, rebased, repository_root


@dataclass(frozen=True)
class Scan:
    """The fact graph of one repository and what could not be read."""

    graph: FactGraph
    diagnostics: tuple[Diagnostic, ...]
    files_scanned: int
    skipped: tuple[tuple[str, str], ...] = ()  # (path, why) left out for a reason, not a pattern
    files: tuple[str, ...] = ()  # what was discovered, and the directories walked (run cache)
    directories: tuple[str, ...] = ()
    # the suppression markers of every file the parse read (so they are not read twice)
    scanned: Mapping[str, Scanned] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Speed:
    """How parsing runs: the fact cache folder (None: no cache) and the worker processes."""

    cache: Path | None = None
    jobs: int = 1


def check(
    root: Path,
    config: Config,
    *,
    debug: bool = False,
    base: Path | None = None,
    pending: Sequence[Problem] = (),
    named: Sequence[NamedId] = (),
    speed: Speed = Speed(),
) -> Report:
    """Scan ``root`` and evaluate every selected rule. Raises ArchlintError for bad config/rules,
    with ``pending`` (problems already found in the config) and every ``named`` id that names
    no rule among them.

    Paths in the report are relative to ``base``, by default the repository root (the enclosing
    git work tree, else ``root``): scanning ``services/admin`` reports ``services/admin/...``."""
    return check_scan(
        root, config, debug=debug, base=base, pending=pending, named=named, speed=speed
    )[0]


def check_scan(
    root: Path,
    config: Config,
    *,
    debug: bool = False,
    base: Path | None = None,
    pending: Sequence[Problem] = (),
    named: Sequence[NamedId] = (),
    speed: Speed = Speed(),
) -> tuple[Report, Scan]:
    """:func:`check`, and the fact graph it checked (``archlint graph --findings``, HTML)."""
    every, rules = load_and_select(config, pending, named)
    scan = build_graph(root, config, debug=debug, speed=speed)
    reader = RepoReader(root)
    suppressions = Suppressions.from_texts(reader.read_text, scan.scanned)
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in evaluate(rules, scan.graph):
        path, line = finding.location.path, finding.location.line
        if ignored_for_path(finding.rule_id, path, config):
            continue
        if suppressions.is_suppressed(finding.rule_id, path, line):
            suppressed.append(finding)
            continue
        kept.append(finding)
    files = [f.attrs["path"] for f in scan.graph.facts(NodeKind.FILE)]
    known = {r.meta.id for r in every} | {PARSE_RULE_ID}
    unknown = suppressions.unknown(files, known)
    unused = suppressions.unused(files, {r.meta.id for r in rules})
    top = repository_root(root) if base is None else base
    report = Report(
        notices=concept_notices(rules, scan.graph),
        tool_version=__version__,
        root=root.resolve().as_posix(),
        findings=tuple(kept),
        rules=tuple(r.meta for r in rules),
        diagnostics=scan.diagnostics,
        suppressed=len(suppressed),
        suppressed_findings=tuple(suppressed),
        files_scanned=scan.files_scanned,
        skipped=scan.skipped,
        warnings=tuple(Diagnostic(Location(r.path, r.line), r.message) for r in unknown),
        unused_suppressions=tuple(Diagnostic(Location(r.path, r.line), r.message) for r in unused),
        partly_read=partly_read(scan.graph),
    )
    return rebased(report, top, prefix_of(root, top)), scan


def partly_read(graph: FactGraph) -> tuple[Diagnostic, ...]:
    """Each source module the parser read only in part, at the first place it could not read."""
    found = []
    for module in graph.facts(NodeKind.SOURCE_MODULE):
        count = module.attrs.get("syntax_errors") or 0
        if not count:
            continue
        where = Location(
            module.location.path,
            int(module.attrs.get("syntax_error_line") or 1),
            int(module.attrs.get("syntax_error_column") or 1),
        )
        places = "1 place" if count == 1 else f"{count} places"
        grammar = "Go" if module.attrs.get("language") == "go" else "TS/JS"
        found.append(
            Diagnostic(
                where,
                f"partly read: {module.attrs.get('syntax_error')} ({places} the {grammar} "
                "grammar could not read; facts there are missing)",
            )
        )
    return tuple(sorted(found))


def concept_notices(rules: list[CompiledRule], graph: FactGraph) -> tuple[str, ...]:
    """A concept the user defined or changed that labels no node of this repository makes every
    rule that uses it quiet (or loud): likely a typo, so it is said, never silent. (A bundled
    concept that labels nothing is normal: a repository without tests.)"""
    users: dict[str, list[str]] = {}
    concepts: dict[str, Concept] = {}
    for rule in rules:
        for concept in rule.concepts:
            if concept.user_defined:
                concepts[concept.name] = concept
                users.setdefault(concept.name, []).append(rule.meta.id)
    notices = []
    for name in sorted(concepts):
        concept = concepts[name]
        label = Is(concept)
        kinds = concept.kinds or tuple(NodeKind)
        if not any(label.test(f, graph).ok for kind in kinds for f in graph.facts(kind)):
            notices.append(
                f"concept {name!r} ({concept.source}) labels nothing in this repository; "
                f"rules using it: {', '.join(sorted(users[name]))}"
            )
    return tuple(notices)


def rule_files(config: Config) -> list[RuleFile]:
    files = bundled_rule_files() if config.bundled_rules else []
    for directory in config.rule_dirs:
        files.extend(directory_rule_files(directory))
    return files


def concept_files(config: Config) -> list[ConceptSource]:
    files = bundled_concept_files() if config.bundled_rules else []
    for directory in config.rule_dirs:
        files.extend(directory_concept_files(directory))
    return files


def load_all_rules(config: Config, pending: Sequence[Problem] = ()) -> list[CompiledRule]:
    """Every rule (selected or not) with config parameters, severities and concept overrides
    applied. Every problem of the config (``pending``: those found while reading it), the
    concept files and the rule files is reported together, in one run."""
    problems = ProblemCollector(list(pending))
    rules = _load(config, problems)
    _raise(problems, config)
    return rules


def select_rules(config: Config, pending: Sequence[Problem] = ()) -> list[CompiledRule]:
    """The rules config and options select (see :func:`load_and_select`)."""
    return load_and_select(config, pending)[1]


@dataclass(frozen=True)
class NamedId:
    """A rule id named outside the config (a baseline entry): it must name a rule."""

    path: str
    line: int | None
    key: str
    rule_id: str


def load_and_select(
    config: Config, pending: Sequence[Problem] = (), named: Sequence[NamedId] = ()
) -> tuple[list[CompiledRule], list[CompiledRule]]:
    """Every rule, and the ones config and options select; a selector or id that matches no
    rule (in the config, or ``named`` elsewhere) is an error reported with every other
    problem."""
    problems = ProblemCollector(list(pending))
    files = rule_files(config)
    rules = _load(config, problems, files)
    # a rule whose file has problems still exists: naming it is no second mistake
    ids = sorted({r.meta.id for r in rules} | set(declared_ids(files)))
    _check_ids(config, ids, problems)
    for item in named:
        if item.rule_id not in ids and item.rule_id != PARSE_RULE_ID:
            close = difflib.get_close_matches(item.rule_id, ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else "; `archlint rules` lists them"
            message = f"unknown rule id {item.rule_id!r}{hint}"
            problems.add(item.path, message, line=item.line, key=item.key)
    _raise(problems, config)
    return rules, [r for r in rules if rule_selected(r.meta.id, config)]


def _load(
    config: Config, problems: ProblemCollector, files: Sequence[RuleFile] | None = None
) -> list[CompiledRule]:
    files = rule_files(config) if files is None else files
    where = config.source or "config"
    concepts = load_concepts(
        concept_files(config), config.concepts, where, problems, _bundled_names()
    )
    params = check_overrides(
        files, config.parameters, config.severity, where, concepts, problems, config.line
    )
    return load_rules(files, params, config.severity, concepts, problems, raise_errors=False)


def _raise(problems: ProblemCollector, config: Config) -> None:
    """A :class:`ConfigError` when the config is at fault, else a :class:`RuleError`."""
    ours = {config.source or "config", "command line"}
    at_fault = any(p.path in ours for p in problems.problems)
    problems.raise_if_any(ConfigError if at_fault else RuleError)


def _bundled_names() -> frozenset[str]:
    return frozenset(f.name for f in bundled_concept_files())


def _check_ids(config: Config, ids: list[str], problems: ProblemCollector) -> None:
    """A select/ignore/per-path-ignores entry that matches no rule is a typo that would silently
    turn rules off (or keep them on)."""
    where = config.source or "command line"
    entries: list[tuple[tuple[str, ...], str]] = [(("select",), e) for e in config.select]
    entries += [(("ignore",), e) for e in config.ignore]
    for glob, listed in config.per_path_ignores:
        entries += [(("per-path-ignores", glob), e) for e in listed]
    for key, entry in entries:
        if entry == "ALL" or any(rule_id.startswith(entry) for rule_id in ids):
            continue
        close = difflib.get_close_matches(entry, ids, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; `archlint rules` lists them"
        problems.add(
            where,
            f"{entry!r} matches no rule id or prefix{hint}",
            line=config.line(*key),
            key=".".join(key) if len(key) == 1 else f"{key[0]}.{_quoted(key[1])}",
        )


def _quoted(key: str) -> str:
    return key if key.replace("-", "").replace("_", "").isalnum() else f'"{key}"'


def build_graph(root: Path, config: Config, *, debug: bool = False, speed: Speed = Speed()) -> Scan:
    """Discover and parse every file under ``root`` into one linked fact graph."""
    # imported here: the parsers, linkers and pack data are most of archlint's import time, and
    # `archlint rules`/`explain` load the rule pack through this module without them
    from archlint.knowledge import load_knowledge, load_servers
    from archlint.linking.pipeline import link
    from archlint.parsers.registry import dispatch
    from archlint.parsing import add_results, parse_all

    found = discover(root, (*config.exclude, *_inside(speed.cache, root)))
    reader = RepoReader(root)
    servers = load_servers().changed(config.servers)
    table = dispatch(servers, config.limits)
    scanned: dict[str, Scanned] = {}
    results = parse_all(
        found.files,
        reader,
        table,
        max_bytes=config.limits.max_file_bytes,
        debug=debug,
        cache=open_fact_cache(speed.cache, servers.digest),
        jobs=speed.jobs,
        scanned=scanned,
    )
    graph = FactGraph()
    for path in found.files:
        graph.add_fact(Fact(f"file:{path}", NodeKind.FILE, Location(path), {"path": path}))
    clashes = add_results(graph, results)  # two facts with one id: the first is kept
    diagnostics = sorted({d for r in results for d in r.diagnostics} | set(clashes))
    for result in results:
        for rel in result.relations:
            # an edge to a file that was excluded or is missing: its parser already said so
            if rel.source in graph and rel.target in graph:
                graph.relate(rel.source, rel.target, rel.kind)
    del results  # the parse results (their relations) are no longer needed: less peak memory
    for i, diag in enumerate(diagnostics):
        graph.add_fact(
            Fact(
                f"diagnostic:{diag.location.path}#{i}:{diag.message}",
                NodeKind.DIAGNOSTIC,
                diag.location,
                {"message": diag.message, "path": diag.location.path},
            )
        )
    knowledge = load_knowledge().changed(config.roles)
    link(graph, LinkContext(knowledge, root.resolve().name))
    return Scan(
        graph,
        tuple(diagnostics),
        len(found.files),
        found.skipped,
        found.files,
        found.directories,
        scanned,
    )


def _inside(folder: Path | None, root: Path) -> tuple[str, ...]:
    """An exclude pattern for a cache folder inside the scanned root (``--cache-dir build/c``)."""
    if folder is None:
        return ()
    try:
        rel = folder.resolve().relative_to(root.resolve())
    except ValueError:
        return ()
    return (f"/{rel.as_posix()}/",) if rel.parts else ()
