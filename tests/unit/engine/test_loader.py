from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archlint.domain.facts import NodeKind
from archlint.domain.findings import Severity
from archlint.engine.loader import (
    RuleFile,
    bundled_rule_files,
    check_overrides,
    directory_rule_files,
    load_rules,
)
from archlint.errors import ConfigError, Problem, RuleError

RAW_JSONSCHEMA = ("is not valid under any of the given schemas", "should not be valid under")

# line numbers below refer to this text
BASE = """\
id: TST001
name: test-rule
severity: warning
message: "port {node.number} of {params.lo}"
parameters:
  roles: [a, b]
  lo: 1
docs:
  summary: s
  why: w
  fix: f
select:
  kind: port
"""


def rule(text: str = BASE, name: str = "r.yaml") -> RuleFile:
    return RuleFile(name, text)


def problems_of(*files: RuleFile) -> list[Problem]:
    with pytest.raises(RuleError) as info:
        load_rules(files)
    problems = info.value.problems
    for p in problems:
        assert not any(raw in p.message for raw in RAW_JSONSCHEMA), p.message
    return problems


def test_a_valid_rule_compiles() -> None:
    [compiled] = load_rules([rule()])
    assert compiled.meta.id == "TST001"
    assert compiled.meta.severity is Severity.WARNING
    assert compiled.meta.source == "r.yaml"
    assert compiled.meta.docs.fix == "f"
    assert compiled.select_kind is NodeKind.PORT
    assert compiled.where is None and compiled.require is None
    assert compiled.defaults == {"roles": ["a", "b"], "lo": 1}


def test_parameter_and_severity_overrides() -> None:
    [compiled] = load_rules([rule()], {"TST001": {"lo": 7}}, {"TST001": Severity.ERROR})
    assert compiled.meta.parameters == {"roles": ["a", "b"], "lo": 7}
    assert compiled.defaults == {"roles": ["a", "b"], "lo": 1}
    assert compiled.meta.severity is Severity.ERROR


def test_rules_come_back_sorted_by_id() -> None:
    files = [rule(BASE.replace("TST001", "TST003"), "a.yaml"), rule(BASE, "b.yaml")]
    assert [r.meta.id for r in load_rules(files)] == ["TST001", "TST003"]


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        (BASE.replace("id: TST001\n", ""), 1, "id", ["missing", "'id'"]),
        (BASE.replace("  fix: f\n", ""), 8, "docs.fix", ["missing", "'fix'"]),
        (BASE + "bogus: 1\n", 14, "bogus", ["unknown key 'bogus'"]),
        (
            BASE + "  where:\n    all:\n      - {attr: number, gt: 1}\n"
            "      - {attr: number, betwen: [1, 2]}\n",
            17,
            "select.where.all[1].betwen",
            ["'betwen'", "between", "outside", "not_in"],
        ),
        (BASE + "  where: {attr: number}\n", 14, "select.where", ["exactly one operator"]),
        (
            BASE + "  where: {attr: number, gt: 1, lt: 3}\n",
            14,
            "select.where",
            ["exactly one operator"],
        ),
        (BASE.replace("kind: port", "kind: portt"), 13, "select.kind", ["'portt'", "port"]),
        (
            BASE + "  where:\n    related:\n      edge: ownz\n",
            16,
            "select.where.related.edge",
            ["'ownz'", "owns"],
        ),
        (BASE.replace("TST001", "tst1"), 1, "id", ["'tst1'"]),
        (BASE.replace("test-rule", "Test_Rule"), 2, "name", ["'Test_Rule'"]),
        (
            BASE + "  where:\n    attr: service\n    regex: '(['\n",
            16,
            "select.where.regex",
            ["invalid regular expression", "(["],
        ),
        (
            BASE + "  where: {attr: service, in: $nope}\n",
            14,
            "select.where.in",
            ["'$nope'", "lo, roles"],
        ),
        (
            BASE + "  where:\n    attr: number\n    between: $roles\n",
            16,
            "select.where.between",
            ["two numbers", "['a', 'b']", "$roles"],
        ),
        (
            BASE + "  where:\n    attr: number\n    in: $lo\n",
            16,
            "select.where.in",
            ["needs a list", "$lo"],
        ),
        (
            BASE + "  where:\n    related:\n      edge: has\n      count: {gt: $roles}\n",
            17,
            "select.where.related.count.gt",
            ["expected a number", "$roles"],
        ),
        (
            BASE + "  where:\n    attr: protocol\n    satisfies: '>>4'\n",
            16,
            "select.where.satisfies",
            ["invalid version specifier", "'>>4'"],
        ),
        (BASE.replace("{params.lo}", "{foo.bar}"), 4, "message", ["{foo}", "unknown"]),
        (BASE.replace("{params.lo}", "{params.x}"), 4, "message", ["{params.x}"]),
        (BASE.replace("{params.lo}", "{params}"), 4, "message", ["{params.NAME}"]),
        (
            BASE + "  where:\n    related:\n      edge: has\n      path: [{edge: has}]\n",
            15,
            "select.where.related",
            ["either `edge`", "not both"],
        ),
        (BASE.replace("  lo: 1", "  Lo: 1"), 5, "parameters", ["'Lo'"]),
        (BASE + "report_at: there\n", 14, "report_at", ["'there'", "anchor, evidence"]),
    ],
)
def test_one_problem(text: str, line: int, key: str, words: list[str]) -> None:
    [problem] = problems_of(rule(text))
    assert (problem.path, problem.line, problem.key) == ("r.yaml", line, key)
    for word in words:
        assert word in problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: b: c\n", 1),
        (BASE.replace("name: test-rule", "name: a: b"), 2),
        (BASE + "bogus: 'a' b\n", 14),
    ],
)
def test_invalid_yaml_names_the_line(text: str, line: int) -> None:
    [problem] = problems_of(rule(text))
    assert problem.message.startswith("invalid YAML")
    assert (problem.path, problem.line, problem.key) == ("r.yaml", line, None)


@pytest.mark.parametrize("text", ["", "- a\n", "just text\n"])
def test_a_file_that_is_not_a_mapping(text: str) -> None:
    [problem] = problems_of(rule(text))
    assert "must be a mapping" in problem.message


def test_every_problem_of_every_file_at_once() -> None:
    first = (
        BASE.replace("kind: port", "kind: portt").replace("{params.lo}", "{params.x}")
        + "  where:\n    attr: name\n    regex: '(['\nbogus: 1\n"
    )
    second = BASE.replace("  fix: f\n", "").replace("TST001", "TST002")
    problems = problems_of(rule(first, "a.yaml"), rule(second, "b.yaml"))
    assert [(p.path, p.line, p.key) for p in problems] == [
        ("a.yaml", 4, "message"),
        ("a.yaml", 13, "select.kind"),
        ("a.yaml", 16, "select.where.regex"),
        ("a.yaml", 17, "bogus"),
        ("b.yaml", 8, "docs.fix"),
    ]
    rendered = str(RuleError(problems))
    assert "a.yaml:16 [select.where.regex]: invalid regular expression" in rendered
    assert "b.yaml:8 [docs.fix]: missing required key 'fix'" in rendered


def test_duplicate_ids_across_files() -> None:
    [problem] = problems_of(rule(BASE, "a.yaml"), rule(BASE, "b.yaml"))
    assert (problem.path, problem.line, problem.key) == ("b.yaml", 1, "id")
    assert problem.message == "duplicate rule id TST001 (also in a.yaml)"


def test_bindings_from_as_are_known_to_the_message() -> None:
    text = BASE.replace("{params.lo}", "{component.name}") + (
        "  where:\n    related: {edge: owns, direction: in, kind: component, as: component}\n"
    )
    [compiled] = load_rules([rule(text)])
    assert compiled.where is not None


# -- check_overrides ---------------------------------------------------------------------------
OVERRIDES_BASE = BASE.replace("  lo: 1", "  lo: 1\n  flag: false\n  ratio: 0.5\n  label: x")


@pytest.mark.parametrize(
    ("parameters", "severities", "key", "words"),
    [
        ({"TST01": {}}, {}, "rules.TST01", ["unknown rule id 'TST01'", "did you mean 'TST001'"]),
        ({}, {"TTS001": Severity.ERROR}, "severity.TTS001", ["did you mean 'TST001'"]),
        ({}, {"ZZZ999": Severity.ERROR}, "severity.ZZZ999", ["unknown rule id 'ZZZ999'"]),
        ({"TST001": {"roels": ["x"]}}, {}, "rules.TST001.roels", ["did you mean 'roles'"]),
        (
            {"TST001": {"zzz": 1}},
            {},
            "rules.TST001.zzz",
            ["no parameter 'zzz'", "flag, label, lo, ratio, roles"],
        ),
        ({"TST001": {"lo": "7"}}, {}, "rules.TST001.lo", ["expected int", "'7'"]),
        ({"TST001": {"lo": True}}, {}, "rules.TST001.lo", ["expected int", "True"]),
        ({"TST001": {"flag": 1}}, {}, "rules.TST001.flag", ["expected bool", "1"]),
        ({"TST001": {"roles": "a"}}, {}, "rules.TST001.roles", ["expected list"]),
        ({"TST001": {"label": 3}}, {}, "rules.TST001.label", ["expected str"]),
    ],
)
def test_check_overrides_rejects(
    parameters: dict[str, dict[str, Any]],
    severities: dict[str, Severity],
    key: str,
    words: list[str],
) -> None:
    with pytest.raises(ConfigError) as info:
        check_overrides([rule(OVERRIDES_BASE)], parameters, severities, "pyproject.toml")
    [problem] = info.value.problems
    assert (problem.path, problem.key) == ("pyproject.toml", key)
    for word in words:
        assert word in problem.message


@pytest.mark.parametrize(
    "parameters",
    [
        {"TST001": {"lo": 7}},
        {"TST001": {"lo": 7.5, "ratio": 1}},
        {"TST001": {"flag": True, "roles": ["x"], "label": "y"}},
        {},
    ],
)
def test_check_overrides_accepts(parameters: dict[str, dict[str, Any]]) -> None:
    check_overrides([rule(OVERRIDES_BASE)], parameters, {"TST001": Severity.NOTE}, "x.toml")


def test_check_overrides_reports_every_problem() -> None:
    with pytest.raises(ConfigError) as info:
        check_overrides(
            [rule(OVERRIDES_BASE)],
            {"TST001": {"lo": "a", "nope": 1}, "XXX001": {}},
            {},
            "archlint.toml",
        )
    assert [p.key for p in info.value.problems] == [
        "rules.TST001.lo",
        "rules.TST001.nope",
        "rules.XXX001",
    ]


# -- rule files on disk and the bundled pack ---------------------------------------------------
def test_bundled_pack_loads_with_unique_ids() -> None:
    files = bundled_rule_files()
    assert files, "no bundled rules found"
    assert all(f.name.startswith("bundled:") for f in files)
    assert [f.name for f in files] == sorted(f.name for f in files)
    rules = load_rules(files)
    ids = [r.meta.id for r in rules]
    assert len(ids) == len(set(ids)) == len(files)
    for r in rules:
        assert f"bundled:{r.meta.id}.yaml" == r.meta.source


def test_directory_rule_files(tmp_path: Path) -> None:
    (tmp_path / "b.yml").write_text(BASE.replace("TST001", "TST002"), "utf-8")
    (tmp_path / "a.yaml").write_text(BASE, "utf-8")
    (tmp_path / "notes.txt").write_text("not a rule", "utf-8")
    (tmp_path / "sub.yaml").mkdir()
    files = directory_rule_files(tmp_path)
    assert [f.name for f in files] == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yml")]
    assert [r.meta.id for r in load_rules(files)] == ["TST001", "TST002"]


def test_missing_rule_directory(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="does not exist"):
        directory_rule_files(tmp_path / "nope")
