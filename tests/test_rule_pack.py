"""The bundled rule pack against its fixtures (layout: ``fixtures/rules/README.md``).

Every rule id of the pack must have docs, at least one ``fail-`` and one ``pass-`` case, and an
``<case>.expected.yaml`` for each fail case. Every case is its own test: it is checked with only
its rule selected and the findings are compared, as a sorted list of (path, line), with the
expected file (pass cases: no findings). A case dir holding ``xfail.txt`` is a known failure
(strict: it fails once the bug is fixed, so the marker gets removed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from archlint import ruletest
from archlint.engine.loader import CompiledRule, bundled_rule_files, load_rules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
KINDS = ("fail-", "pass-")
EXPECTED = ".expected.yaml"
CONFIG = ".config.toml"
XFAIL = "xfail.txt"

RULES: dict[str, CompiledRule] = {r.meta.id: r for r in load_rules(bundled_rule_files())}
PACK = ruletest.load_pack(Path(__file__).resolve().parents[1] / "rules", FIXTURES)
Loc = tuple[str, int]


def test_the_pack_is_not_empty() -> None:
    assert RULES, "no bundled rules found"


# -- (a) every rule has fixtures ------------------------------------------------------------------
@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_fail_and_pass_cases(rule_id: str) -> None:
    names = [c.name for c in _case_dirs(rule_id)]
    missing = [k + "*" for k in KINDS if not any(n.startswith(k) for n in names)]
    assert not missing, f"{rule_id}: no {' and no '.join(missing)} case in {FIXTURES / rule_id}"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_fixture_files_belong_to_a_case(rule_id: str) -> None:
    """Catches a deleted case dir (its expected file is left behind) and misnamed entries."""
    folder = FIXTURES / rule_id
    if not folder.is_dir():
        pytest.skip("no fixture folder (reported by test_rule_has_fail_and_pass_cases)")
    cases = {c.name for c in _case_dirs(rule_id)}
    problems = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            if not entry.name.startswith(KINDS):
                problems.append(f"{entry.name}/: case names start with 'fail-' or 'pass-'")
            elif not any(p.is_file() for p in entry.rglob("*")):
                problems.append(f"{entry.name}/: empty case")
            continue
        case = _strip_suffix(entry.name)
        if case is None:
            problems.append(f"{entry.name}: not a case, {EXPECTED} or {CONFIG} file")
        elif case not in cases:
            problems.append(f"{entry.name}: no case folder {case}/")
        elif entry.name.endswith(EXPECTED) and case.startswith("pass-"):
            problems.append(f"{entry.name}: pass cases have no expected findings")
    for case in sorted(cases):
        if case.startswith("fail-") and not (folder / (case + EXPECTED)).is_file():
            problems.append(f"{case}/: fail case without {case}{EXPECTED}")
    assert not problems, f"{folder}:\n  " + "\n  ".join(problems)


def test_fixture_folders_name_known_rules() -> None:
    unknown = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name not in RULES)
    assert not unknown, f"fixture folders for rules that are not in the pack: {unknown}"


# -- (b) every rule has docs ----------------------------------------------------------------------
@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_docs(rule_id: str) -> None:
    docs = RULES[rule_id].meta.docs
    empty = [f for f in ("summary", "why", "fix", "example") if not getattr(docs, f).strip()]
    assert not empty, f"{rule_id}: empty docs.{', docs.'.join(empty)}"


# -- (c) every case gives exactly its expected findings -------------------------------------------
def _case_dirs(rule_id: str) -> list[Path]:
    folder = FIXTURES / rule_id
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith(KINDS))


def _strip_suffix(name: str) -> str | None:
    for suffix in (EXPECTED, CONFIG):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def _case_params() -> list[Any]:
    params = []
    for rule_id in sorted(RULES):
        for case in _case_dirs(rule_id):
            marks = []
            xfail = case / XFAIL
            if xfail.is_file():
                reason = " ".join(xfail.read_text("utf-8").split())
                marks.append(pytest.mark.xfail(reason=reason or "(no reason given)", strict=True))
            params.append(pytest.param(rule_id, case, id=f"{rule_id}/{case.name}", marks=marks))
    return params


@pytest.mark.parametrize(("rule_id", "case"), _case_params())
def test_case(rule_id: str, case: Path) -> None:
    """The case through ``archlint test``'s runner, as ``archlint test rules/`` runs it (the
    xfail marker is pytest's here, so the outcome is plain)."""
    result = ruletest.run_case(PACK, rule_id, case)
    assert not result.problems, f"{case}:\n  " + "\n  ".join(result.problems)
    for entry in _expected(case):  # the expected file is valid (the runner reports it too)
        assert entry


def _expected(case: Path) -> list[dict[str, Any]]:
    """The case's expected findings, validated; [] for a pass case."""
    if case.name.startswith("pass-"):
        return []
    file = case.parent / (case.name + EXPECTED)
    assert file.is_file(), f"fail case {case} has no {file.name}"
    data = yaml.safe_load(file.read_text("utf-8"))
    assert isinstance(data, list) and data, f"{file}: expected a non-empty list of findings"
    for i, entry in enumerate(data):
        assert _is_loc(entry, frozenset({"path", "line", "related"})), (
            f"{file}[{i}]: expected {{path: str, line: int}}, got {entry!r}"
        )
        related = entry.get("related", [])
        assert isinstance(related, list) and all(map(_is_loc, related)), (
            f"{file}[{i}].related: expected a list of {{path: str, line: int}}"
        )
    return data


def _is_loc(entry: object, keys: frozenset[str] = frozenset({"path", "line"})) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and type(entry.get("line")) is int
        and set(entry) <= keys
    )
