"""The constructs the pack's later rules need: parameter-gated requirements, several checks
under one id, bounded repeated hops, joins on values, and concepts."""

from __future__ import annotations

from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.engine.concepts import ConceptSource, load_concepts
from archlint.engine.evaluator import evaluate_rule
from archlint.engine.loader import CompiledRule, RuleFile, load_rules
from archlint.errors import ProblemCollector, RuleError

K, E = NodeKind, EdgeKind

HEAD = """\
id: TST001
name: test-rule
severity: error
message: "m {node.name}"
parameters:
  enabled: true
  disabled: false
  depth: 3
docs: {summary: s, why: w, fix: f}
"""


def rule(body: str, params: dict[str, Any] | None = None, concepts: Any = None) -> CompiledRule:
    [compiled] = load_rules(
        [RuleFile("TST001.yaml", HEAD + body)],
        {"TST001": params} if params else None,
        concepts=concepts,
    )
    return compiled


def fact(fid: str, kind: NodeKind, path: str, line: int = 1, **attrs: Any) -> Fact:
    return Fact(fid, kind, Location(path, line), attrs)


def graph(facts: list[Fact], edges: list[tuple[str, str, EdgeKind]] = ()) -> FactGraph:  # type: ignore[assignment]
    g = FactGraph()
    g.add_facts(facts)
    for s, t, k in edges:
        g.relate(s, t, k)
    return g


def found(r: CompiledRule, g: FactGraph) -> list[tuple[str, int, str]]:
    return [(f.location.path, f.location.line, f.message) for f in evaluate_rule(r, g)]


def components() -> FactGraph:
    return graph([fact("c:a", K.COMPONENT, "a/package.json", name="a")])


# -- when / unless --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("gate", "params", "fires"),
    [
        ("when: $enabled", None, True),
        ("when: $disabled", None, False),
        ("when: $disabled", {"disabled": True}, True),  # config turns it on
        ("unless: $enabled", None, False),
        ("unless: $disabled", None, True),
    ],
)
def test_a_requirement_applies_only_when_its_parameter_says_so(
    gate: str, params: dict[str, Any] | None, fires: bool
) -> None:
    body = (
        "select: {kind: component}\nrequire:\n"
        f"  - {gate}\n    that: {{related: {{edge: owns, kind: port}}}}\n"
    )
    assert bool(found(rule(body, params), components())) is fires


def test_a_gate_needs_a_boolean_parameter() -> None:
    body = "select: {kind: component}\nrequire:\n  - when: $depth\n    that: {kind: port}\n"
    with pytest.raises(RuleError, match=r"TST001.yaml:\d+ \[require\[0\]\.when\].*true/false"):
        rule(body)


# -- checks ---------------------------------------------------------------------------------
def test_several_checks_under_one_id_each_with_its_anchor_and_message() -> None:
    body = """\
checks:
  - select: {kind: component}
    message: "component {node.name} has no port"
    require: {related: {edge: owns, kind: port}}
  - select: {kind: port, where: {attr: number, gt: 9000}}
    message: "port {node.number} is too high"
  - select: {kind: component}
    when: $disabled
    message: "never"
"""
    g = graph(
        [
            fact("c:a", K.COMPONENT, "a/package.json", name="a"),
            fact("p:1", K.PORT, "b/Dockerfile", 4, number=9090),
        ]
    )
    r = rule(body)
    assert found(r, g) == [
        ("a/package.json", 1, "component a has no port"),
        ("b/Dockerfile", 4, "port 9090 is too high"),
    ]
    keys = [f.evidence_key for f in evaluate_rule(r, g)]
    # the checks are told apart in fingerprints; the first keeps the plain ones
    assert keys == ["c:a", "p:1@1"]


def test_checks_and_select_do_not_mix() -> None:
    body = "select: {kind: component}\nchecks:\n  - select: {kind: port}\n"
    with pytest.raises(RuleError, match="either `checks` or `select`"):
        rule(body)


# -- repeated hops --------------------------------------------------------------------------
def chain(length: int) -> FactGraph:
    """script:0 -includes-> script:1 -includes-> ... (a call chain stand-in), plus a cycle back."""
    facts = [fact(f"m:{i}", K.MANIFEST, f"m{i}.txt", name=f"m{i}") for i in range(length)]
    edges = [(f"m:{i}", f"m:{i + 1}", E.INCLUDES) for i in range(length - 1)]
    edges.append((f"m:{length - 1}", "m:0", E.INCLUDES))
    return graph(facts, edges)


@pytest.mark.parametrize(("depth", "fires"), [(2, False), (3, True), (20, True)])
def test_a_hop_repeats_up_to_its_bound(depth: int, fires: bool) -> None:
    body = (
        "select: {kind: manifest, where: {attr: name, equals: m0}}\n"
        "require:\n  related:\n    quantifier: none\n"
        f"    edge: includes\n    repeat: {depth}\n    where: {{attr: name, equals: m3}}\n"
    )
    assert bool(found(rule(body), chain(5))) is fires


def test_a_repeated_sub_path_with_min_zero_keeps_the_start() -> None:
    body = """\
select: {kind: manifest, where: {attr: name, equals: m0}}
require:
  related:
    quantifier: none
    path:
      - repeat: {min: 0, max: $depth, path: [{edge: includes}]}
      - {edge: includes, where: {attr: name, equals: m1}}
"""
    # m0 itself (round 0) includes m1
    assert found(rule(body), chain(4)) == [("m1.txt", 1, "m m0")]


def test_repeat_bounds_are_checked() -> None:
    body = (
        "select: {kind: manifest}\nrequire:\n  related:\n    path:\n"
        "      - repeat: {min: 4, max: 2, path: [{edge: includes}]}\n"
    )
    with pytest.raises(RuleError, match=r"`min` \(4\) is more than `max` \(2\)"):
        rule(body)
    with pytest.raises(RuleError, match="whole number from 1 to 20"):
        rule("select: {kind: manifest}\nrequire: {related: {edge: includes, repeat: 99}}\n")


# -- join -----------------------------------------------------------------------------------
def registry_graph(login_server: str) -> FactGraph:
    return graph(
        [
            fact("repo", K.REPOSITORY, ".", name="r"),
            fact("c:api", K.COMPONENT, "api/pyproject.toml", name="api"),
            fact("c:infra", K.COMPONENT, "infra/main.tf", name="infra"),
            fact(
                "img:1",
                K.IMAGE,
                "api/compose.yaml",
                3,
                ref="x",
                name="api",
                registry="acme.azurecr.io",
            ),
            fact(
                "img:2", K.IMAGE, "infra/compose.yaml", 5, ref="y", name="db", registry=login_server
            ),
        ],
        [
            ("repo", "c:api", E.HAS),
            ("repo", "c:infra", E.HAS),
            ("c:api", "img:1", E.OWNS),
            ("c:infra", "img:2", E.OWNS),
        ],
    )


JOIN = """\
select: {kind: component}
require:
  join:
    left: {edge: owns, kind: image}
    right:
      path:
        - {edge: has, direction: in, kind: repository}
        - {edge: has, kind: component}
        - {edge: owns, kind: image, where: {attr: name, equals: db}}
    match: {left: registry, right: registry}
    quantifier: all
"""


def test_join_pairs_nodes_by_equal_values() -> None:
    assert found(rule(JOIN), registry_graph("acme.azurecr.io")) == []


def test_join_reports_the_left_nodes_without_a_partner() -> None:
    assert found(rule(JOIN), registry_graph("other.azurecr.io")) == [
        ("api/compose.yaml", 3, "m api"),  # infra's own db image is its own partner
    ]


def test_join_attributes_are_checked() -> None:
    with pytest.raises(RuleError, match="did you mean 'registry'"):
        rule(JOIN.replace("left: registry", "left: registr"))


# -- concepts -------------------------------------------------------------------------------
CONCEPT = ConceptSource(
    "c/tmp-file.yaml",
    "concept: tmp-file\nsummary: s\nparameters:\n  suffix: '\\.tmp$'\n"
    "where: {attr: path, regex: $suffix}\n",
)
USES = ConceptSource(
    "c/not-tmp.yaml", "concept: not-tmp\nsummary: s\nwhere: {not: {is: tmp-file}}\n"
)


def concepts(overrides: dict[str, Any] | None = None, *files: ConceptSource) -> Any:
    problems = ProblemCollector()
    loaded = load_concepts(files or (CONCEPT, USES), overrides or {}, "archlint.toml", problems)
    problems.raise_if_any(RuleError)
    return loaded


def test_a_rule_uses_a_concept_and_follows_its_override() -> None:
    g = graph(
        [
            fact("c:a", K.COMPONENT, "a/x.tmp", name="a"),
            fact("c:b", K.COMPONENT, "b/x.txt", name="b"),
        ]
    )
    body = "select: {kind: component, where: {is: not-tmp}}\n"
    assert [p for p, _, _ in found(rule(body, concepts=concepts()), g)] == ["b/x.txt"]
    changed = concepts({"tmp-file": {"suffix": r"\.txt$"}})
    assert [p for p, _, _ in found(rule(body, concepts=changed), g)] == ["a/x.tmp"]
    replaced = concepts({"tmp-file": {"where": {"attr": "name", "equals": "a"}}})
    assert [p for p, _, _ in found(rule(body, concepts=replaced), g)] == ["b/x.txt"]
    assert replaced["tmp-file"].user_defined and replaced["tmp-file"].source == "archlint.toml"


@pytest.mark.parametrize(
    ("overrides", "files", "words"),
    [
        ({"tmp-fil": {}}, (), ["unknown concept 'tmp-fil'", "did you mean 'tmp-file'"]),
        ({"tmp-file": {"sufix": "x"}}, (), ["no parameter 'sufix'", "did you mean 'suffix'"]),
        ({"tmp-file": {"suffix": 3}}, (), ["expected str"]),
        (None, (CONCEPT, CONCEPT), ["already defined"]),
        (
            None,
            (
                ConceptSource("a.yaml", "concept: a\nsummary: s\nwhere: {is: b}\n"),
                ConceptSource("b.yaml", "concept: b\nsummary: s\nwhere: {is: a}\n"),
            ),
            ["cycle: a -> b -> a"],
        ),
        (
            None,
            (ConceptSource("a.yaml", "concept: a\nsummary: s\nwhere: {attr: nam, equals: x}\n"),),
            ["did you mean 'name'"],
        ),
        (None, (ConceptSource("a.yaml", "concept: A b\nwhere: 1\n"),), ["summary", "where"]),
    ],
)
def test_concept_problems_are_named(
    overrides: Any, files: tuple[ConceptSource, ...], words: list[str]
) -> None:
    with pytest.raises(RuleError) as info:
        concepts(overrides, *files)
    for word in words:
        assert word in str(info.value)


def test_an_unknown_concept_in_a_rule_is_an_error() -> None:
    with pytest.raises(RuleError, match=r"unknown concept 'tmp-fle'.*did you mean 'tmp-file'"):
        rule("select: {kind: component, where: {is: tmp-fle}}\n", concepts=concepts())


# -- typos are errors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "message", "where"),
    [
        ("select: {kind: port, where: {attr: numbr, in: [1]}}\n", "m", "select.where.attr"),
        (
            "select: {kind: component}\nrequire: {related: {edge: owns, kind: port, where: {attr: numbr, gt: 1}}}\n",
            "m",
            "require.related.where.attr",
        ),
        (
            "select: {kind: component}\nrequire: {agree: {edge: owns, kind: port, group_by: source, value: numbr}}\n",
            "m",
            "require.agree.value",
        ),
        ("select: {kind: port}\n", "{node.numbr}", "message"),
        (
            "select: {kind: component}\nrequire: {related: {edge: owns, kind: port, as: p}}\n",
            "{p.numbr}",
            "message",
        ),
    ],
)
def test_unknown_attributes_and_placeholders_are_errors(
    body: str, message: str, where: str
) -> None:
    text = HEAD.replace('"m {node.name}"', f'"{message}"') + body
    with pytest.raises(RuleError) as info:
        load_rules([RuleFile("TST001.yaml", text)])
    assert f"[{where}]" in str(info.value)
    assert "did you mean 'number'" in str(info.value)
