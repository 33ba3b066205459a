from __future__ import annotations

from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.engine.compiler import Compiler
from archlint.engine.predicates import (
    Agree,
    AllOf,
    AnyOf,
    AttrTest,
    Count,
    Hop,
    KindIs,
    Not,
    Predicate,
    Related,
    Traversal,
    Unique,
)
from archlint.errors import ProblemCollector
from archlint.formats import yamlpos

PARAMS: dict[str, Any] = {
    "lo": 5100,
    "hi": 5199,
    "roles": ["frontend"],
    "name": "web",
    "ratio": 0.5,
    "flag": True,
    "pattern": "^v[0-9]+",
    "spec": ">=4",
}


def compile_yaml(text: str, params: dict[str, Any] = PARAMS) -> tuple[Predicate | None, Compiler]:
    doc = yamlpos.load(text)
    compiler = Compiler("r.yaml", doc, params, ProblemCollector())
    return compiler.predicate(doc.data, ()), compiler


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{attr: number, gt: $lo}", AttrTest("number", "gt", 5100.0)),
        ("{attr: number, lte: 3}", AttrTest("number", "lte", 3.0)),
        ("{attr: number, between: [$lo, $hi]}", AttrTest("number", "between", (5100.0, 5199.0))),
        ("{attr: number, outside: [1, 2.5]}", AttrTest("number", "outside", (1.0, 2.5))),
        ("{attr: role, in: $roles}", AttrTest("role", "in", frozenset({"frontend"}))),
        ("{attr: role, not_in: [a, $name]}", AttrTest("role", "not_in", frozenset({"a", "web"}))),
        ("{attr: name, in: [[1], 2]}", AttrTest("name", "in", ([1], 2))),
        ("{attr: name, equals: $name}", AttrTest("name", "equals", "web")),
        ("{attr: name, not_equals: $flag}", AttrTest("name", "not_equals", True)),
        ("{attr: name, equals: null}", AttrTest("name", "equals", None)),
        ("{attr: directives.syntax, exists: true}", AttrTest("directives.syntax", "exists", True)),
        ("{attr: path, glob: '*.yml'}", AttrTest("path", "glob", "*.yml")),
        ("{attr: roles, contains: $name}", AttrTest("roles", "contains", "web")),
        ("{attr: spec, satisfies: $spec}", AttrTest("spec", "satisfies", ">=4")),
        ("{kind: port}", KindIs(NodeKind.PORT)),
        (
            "{all: [{kind: port}, {not: {kind: file}}]}",
            AllOf((KindIs(NodeKind.PORT), Not(KindIs(NodeKind.FILE)))),
        ),
        ("{any: [{kind: port}]}", AnyOf((KindIs(NodeKind.PORT),))),
        (
            "{related: {edge: owns, direction: in, kind: component, as: c}}",
            Related(
                Traversal((Hop(EdgeKind.OWNS, "in", NodeKind.COMPONENT, None),)), "any", None, "c"
            ),
        ),
        (
            "{related: {edge: has, quantifier: none, count: {gte: $lo, lt: 9}}}",
            Related(
                Traversal((Hop(EdgeKind.HAS, "out", None, None),)),
                "none",
                Count((("gte", 5100.0), ("lt", 9.0))),
            ),
        ),
        (
            "{related: {path: [{edge: has}, {edge: runs, direction: both, where: {kind: file}}]}}",
            Related(
                Traversal(
                    (
                        Hop(EdgeKind.HAS, "out", None, None),
                        Hop(EdgeKind.RUNS, "both", None, KindIs(NodeKind.FILE)),
                    )
                )
            ),
        ),
        (
            "{agree: {edge: owns, kind: port, group_by: source, value: number}}",
            Agree(
                Traversal((Hop(EdgeKind.OWNS, "out", NodeKind.PORT, None),)), ("source",), "number"
            ),
        ),
        (
            "{unique: {edge: has, by: [number, protocol], across: service}}",
            Unique(
                Traversal((Hop(EdgeKind.HAS, "out", None, None),)),
                ("number", "protocol"),
                "service",
            ),
        ),
    ],
)
def test_compiles_to(text: str, expected: Predicate) -> None:
    predicate, compiler = compile_yaml(text)
    assert not compiler.failed, compiler.problems.problems
    assert predicate == expected


@pytest.mark.parametrize(
    ("pattern", "op"), [("^v[0-9]+", "regex"), ("$pattern", "regex"), ("x|y", "not_regex")]
)
def test_regexes_are_compiled(pattern: str, op: str) -> None:
    predicate, _ = compile_yaml(f"{{attr: tag, {op}: '{pattern}'}}")
    assert isinstance(predicate, AttrTest)
    assert predicate.operand.pattern == PARAMS.get(pattern[1:], pattern)
    assert predicate.operand.search("v12") or op == "not_regex"


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("{attr: number, gt: $nope}", "gt", ["unknown parameter '$nope'", "flag, hi, lo"]),
        ("{attr: number, gt: $name}", "gt", ["expected a number", "'web' (from $name)"]),
        ("{attr: number, gt: $flag}", "gt", ["expected a number", "True"]),
        (
            "{attr: number, between: $roles}",
            "between",
            ["two numbers", "['frontend'] (from $roles)"],
        ),
        ("{attr: number, outside: [$lo, $name]}", "outside", ["two numbers", "[5100, 'web']"]),
        ("{attr: number, outside: [$lo, $nope]}", "outside", ["unknown parameter '$nope'"]),
        ("{attr: number, in: $name}", "in", ["needs a list", "'web' (from $name)"]),
        ("{attr: number, regex: '(['}", "regex", ["invalid regular expression"]),
        ("{attr: number, satisfies: '^4'}", "satisfies", ["invalid version specifier"]),
        ("{related: {edge: has, count: {lt: $roles}}}", "related.count.lt", ["expected a number"]),
        ("{not: {attr: number, equals: $nope}}", "not.equals", ["'$nope'"]),
        ("{related: {edge: has, count: {lt: $nope}}}", "related.count.lt", ["'$nope'"]),
    ],
)
def test_operand_problems(text: str, key: str, words: list[str]) -> None:
    _, compiler = compile_yaml(text)
    assert compiler.failed
    [problem] = compiler.problems.problems
    assert (problem.path, problem.key, problem.line) == ("r.yaml", key, 1)
    for word in words:
        assert word in problem.message


def test_every_operand_problem_is_collected() -> None:
    _, compiler = compile_yaml("all:\n  - {attr: number, gt: $x}\n  - {attr: name, regex: '('}\n")
    assert [(p.key, p.line) for p in compiler.problems.problems] == [
        ("all[0].gt", 2),
        ("all[1].regex", 3),
    ]


@pytest.mark.parametrize(
    ("template", "bindings", "problems"),
    [
        ("{node.name} {primary.number} {evidence} {params.lo}", "", []),
        ("{node.numbr}", "", ["{node.numbr}: no node kind has it; did you mean 'number'?"]),
        ("{c.name}", "{related: {edge: has, as: c}}", []),
        ("{c.name}", "", ["message placeholder {c} is unknown (known: node, primary"]),
        (
            "{foo.bar}",
            "{related: {edge: has, as: c}}",
            ["(known: node, primary, params, evidence, others, c)"],
        ),
        ("{params.nope}", "", ["message names unknown parameter {params.nope}"]),
        ("{params}", "", ["{params.NAME}"]),
        ("{{foo.bar}} {{params.nope}}", "", []),
    ],
)
def test_check_message(template: str, bindings: str, problems: list[str]) -> None:
    _, compiler = compile_yaml(bindings or "{kind: port}")
    compiler.check_message(template)
    messages = [p.message for p in compiler.problems.problems]
    assert len(messages) == len(problems)
    for message, words in zip(messages, problems, strict=True):
        assert words in message
    assert all(p.key == "message" for p in compiler.problems.problems)
