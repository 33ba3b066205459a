"""``archlint test DIR``: every rule of a pack against its fixtures, as semgrep tests its rules.

A pack is a folder of rule files; each rule ``ID`` has a folder of cases, ``<fixtures>/ID/``,
where ``<fixtures>`` is ``--fixtures``, else ``DIR/fixtures/``, else ``DIR/../fixtures/rules/``
(the bundled pack's layout). A case is a small repository. What it must give is written

* as comments next to the line they are about: ``# archlint-expect: ID`` (this line has a
  finding of ID) and ``# archlint-ok: ID`` (it has none), in any comment style archlint reads
  (``#``, ``//``, ``/*``, ``<!--``), trailing the line or alone on the line above it; or
* in ``<case>.expected.yaml`` beside the case folder, where a format has no comments (JSON): a
  list of ``{path, line}`` (optionally ``related``), compared as a multiset.

A ``pass-`` case expects no finding unless it says otherwise; a ``fail-`` case must expect one.
``<case>.config.toml`` configures a case (``[tool.archlint]`` keys); ``<case>/xfail.txt`` marks a
known bug: the case must fail, and passing is reported so the marker gets removed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from archlint.app import check, load_all_rules
from archlint.config import Config, load_config
from archlint.discovery import RepoReader, discover
from archlint.engine.loader import bundled_rule_files, directory_rule_files
from archlint.errors import UsageError

EXPECTED = ".expected.yaml"
CONFIG = ".config.toml"
XFAIL = "xfail.txt"
_ID = r"[A-Z][A-Z0-9]*\d{3}"
_MARK = re.compile(rf"(?:#|//|/\*|<!--)\s*archlint-(expect|ok):\s*({_ID}(?:\s*,\s*{_ID})*)")

Loc = tuple[str, int]


@dataclass(frozen=True)
class CaseResult:
    rule_id: str
    case: str
    problems: tuple[str, ...]
    xfail: str | None = None  # the reason, for a known failure

    @property
    def ok(self) -> bool:
        return bool(self.problems) if self.xfail is not None else not self.problems


@dataclass(frozen=True)
class Pack:
    directory: Path
    fixtures: Path
    config: Config  # the pack's rules loaded (and, for the bundled pack, nothing else)
    rule_ids: tuple[str, ...]


def load_pack(directory: Path, fixtures: Path | None = None) -> Pack:
    """The rules of ``directory`` and where their fixtures are; UsageError when there are none."""
    if not directory.is_dir():
        raise UsageError(f"{directory}: not a folder of rule files")
    files = directory_rule_files(directory)
    bundled = {f.name.removeprefix("bundled:"): f.text for f in bundled_rule_files()}
    is_bundled = bool(files) and all(bundled.get(Path(f.name).name) == f.text for f in files)
    config = Config() if is_bundled else Config(rule_dirs=(directory.resolve(),))
    sources = {Path(f.name).resolve() for f in files}
    ids = tuple(
        sorted(
            r.meta.id
            for r in load_all_rules(config)
            if (is_bundled and r.meta.source.startswith("bundled:"))
            or (not is_bundled and Path(r.meta.source).resolve() in sources)
        )
    )
    if not ids:
        raise UsageError(f"{directory}: no rule files (*.yaml) in this folder")
    return Pack(directory, fixtures or _fixtures_of(directory), config, ids)


def case_dirs(pack: Pack, rule_id: str) -> list[Path]:
    folder = pack.fixtures / rule_id
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir())


def run_case(pack: Pack, rule_id: str, case: Path) -> CaseResult:
    """Check ``case`` with only ``rule_id`` selected and compare with its expectations."""
    xfail_file = case / XFAIL
    xfail = None
    if xfail_file.is_file():
        xfail = " ".join(xfail_file.read_text("utf-8").split()) or "(no reason given)"
    config_file = case.parent / (case.name + CONFIG)
    config = load_config(case, config_file) if config_file.is_file() else Config()
    config = replace(config, select=(rule_id,), rule_dirs=config.rule_dirs + pack.config.rule_dirs)
    report = check(case, config, base=case)
    findings = [f for f in report.findings if f.rule_id == rule_id]
    actual = Counter((f.location.path, f.location.line) for f in findings)
    expect, ok = comment_expectations(case, rule_id)
    expected_file = case.parent / (case.name + EXPECTED)
    problems: list[str] = []
    related: list[dict[str, Any]] = []
    if expected_file.is_file():
        entries = _expected_entries(expected_file, problems)
        related = [e for e in entries if "related" in e]
        wanted = Counter((e["path"], e["line"]) for e in entries)
        for loc in expect:
            wanted[loc] = max(wanted[loc], 1)
        problems += _compare_counts(wanted, actual)
    else:
        if case.name.startswith("fail-") and not expect:
            problems.append(
                f"fail case without expectations: add `archlint-expect: {rule_id}` "
                f"comments or {case.name}{EXPECTED}"
            )
        problems += _compare_lines(expect, set(actual))
    for loc in sorted(ok):
        if actual[loc]:
            problems.append(f"{_loc(loc)}: archlint-ok, but {rule_id} reports it")
    for entry in related:
        where = (entry["path"], entry["line"])
        want = sorted((r["path"], r["line"]) for r in entry["related"])
        got = [
            sorted((r.location.path, r.location.line) for r in f.related)
            for f in findings
            if (f.location.path, f.location.line) == where
        ]
        if want not in got:
            problems.append(f"{_loc(where)}: related {want}, got {got}")
    if problems:
        shown = [f"{_loc((f.location.path, f.location.line))} {f.message}" for f in findings]
        problems.append("actual findings: " + ("; ".join(shown) or "none"))
    return CaseResult(rule_id, case.name, tuple(problems), xfail)


def comment_expectations(case: Path, rule_id: str) -> tuple[set[Loc], set[Loc]]:
    """Lines of ``case`` marked ``archlint-expect: rule_id`` and ``archlint-ok: rule_id``."""
    expect: set[Loc] = set()
    ok: set[Loc] = set()
    reader = RepoReader(case)
    for path in discover(case).files:
        text = reader.read_text(path)
        if text is None or "archlint-" not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for match in _MARK.finditer(line):
                ids = {i.strip() for i in match.group(2).split(",")}
                if rule_id not in ids:
                    continue
                alone = not line[: match.start()].strip()
                target = (path, number + 1 if alone else number)
                (expect if match.group(1) == "expect" else ok).add(target)
    return expect, ok


def run_pack(pack: Pack, select: tuple[str, ...] = ()) -> dict[str, list[CaseResult]]:
    """Every case of every (selected) rule; a rule without cases has one failing result."""
    results: dict[str, list[CaseResult]] = {}
    for rule_id in pack.rule_ids:
        if select and not rule_id.startswith(select):
            continue
        cases = case_dirs(pack, rule_id)
        if not cases:
            where = pack.fixtures / rule_id
            results[rule_id] = [CaseResult(rule_id, "-", (f"no fixture cases in {where}",))]
            continue
        results[rule_id] = [run_case(pack, rule_id, case) for case in cases]
    return results


def _fixtures_of(directory: Path) -> Path:
    own = directory / "fixtures"
    if own.is_dir():
        return own
    return directory.resolve().parent / "fixtures" / "rules"


def _expected_entries(file: Path, problems: list[str]) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(file.read_text("utf-8"))
    except yaml.YAMLError as exc:
        problems.append(f"{file.name}: invalid YAML ({exc})")
        return []
    if not isinstance(data, list) or not all(_is_entry(e) for e in data):
        problems.append(f"{file.name}: expected a list of {{path: str, line: int}}")
        return []
    return data


def _is_entry(entry: Any) -> bool:
    if not isinstance(entry, dict) or not set(entry) <= {"path", "line", "related"}:
        return False
    related = entry.get("related", [])
    return (
        isinstance(entry.get("path"), str)
        and type(entry.get("line")) is int
        and isinstance(related, list)
        and all(
            isinstance(r, dict) and isinstance(r.get("path"), str) and type(r.get("line")) is int
            for r in related
        )
    )


def _compare_counts(wanted: Counter[Loc], actual: Counter[Loc]) -> list[str]:
    problems = []
    for loc in sorted(set(wanted) | set(actual)):
        if wanted[loc] != actual[loc]:
            problems.append(f"{_loc(loc)}: expected {wanted[loc]} findings, got {actual[loc]}")
    return problems


def _compare_lines(expect: set[Loc], actual: set[Loc]) -> list[str]:
    missing = [f"{_loc(loc)}: expected a finding, got none" for loc in sorted(expect - actual)]
    extra = [f"{_loc(loc)}: unexpected finding" for loc in sorted(actual - expect)]
    return missing + extra


def _loc(loc: Loc) -> str:
    return f"{loc[0]}:{loc[1]}"
