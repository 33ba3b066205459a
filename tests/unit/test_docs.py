"""docs/facts.md is the schema rules are written against: it names every node and edge kind."""

from __future__ import annotations

import re
from pathlib import Path

from archlint.domain.facts import EdgeKind, NodeKind

FACTS_MD = (Path(__file__).resolve().parents[2] / "docs" / "facts.md").read_text("utf-8")


def test_facts_md_is_rendered_from_the_kinds_table() -> None:
    """docs/facts.md is `archlint kinds --format markdown`; regenerate it when a kind changes."""
    from archlint.domain.kinds_doc import facts_markdown

    assert facts_markdown() == FACTS_MD, (
        "docs/facts.md is stale: run `archlint kinds --format markdown > docs/facts.md`"
    )


def test_every_node_kind_has_a_section() -> None:
    sections = set(re.findall(r"^### `([a-z0-9_]+)`", FACTS_MD, flags=re.MULTILINE))
    assert sections == {k.value for k in NodeKind}


def test_every_edge_kind_is_in_the_table() -> None:
    rows = set(re.findall(r"^\| `([a-z0-9_]+)` \|", FACTS_MD, flags=re.MULTILINE))
    assert {k.value for k in EdgeKind} <= rows


def test_rules_reference_is_up_to_date() -> None:
    """docs/rules.md is `archlint rules --format markdown`; regenerate it when a rule changes."""
    from archlint.cli import rules_markdown
    from archlint.engine.loader import bundled_rule_files, load_rules

    metas = [r.meta for r in load_rules(bundled_rule_files())]
    rules_md = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    assert rules_md.read_text("utf-8") == rules_markdown(metas), (
        "docs/rules.md is stale: run `archlint rules --format markdown > docs/rules.md`"
    )


def test_every_whole_rule_in_the_rule_language_guide_loads() -> None:
    """The guide's worked examples are rules that compile, not sketches that rot."""
    from archlint.engine.loader import RuleFile, load_rules

    guide = (Path(__file__).resolve().parents[2] / "docs" / "rule-language.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, flags=re.DOTALL)
    whole = [b for b in blocks if re.search(r"^id: ", b, flags=re.MULTILINE)]
    assert len(whole) >= 2
    rules = load_rules([RuleFile(f"guide-{i}.yaml", b) for i, b in enumerate(whole)])
    assert [r.meta.id for r in rules] == ["ACME002", "ACME003"]
    assert len(rules[1].checks) == 2


def test_writing_rules_shows_the_example_pack_as_it_is() -> None:
    """docs/writing-rules.md quotes the example pack; the quotes must not drift from the files
    that `archlint test docs/examples/acme-pack` runs."""
    repo = Path(__file__).resolve().parents[2]
    guide = (repo / "docs" / "writing-rules.md").read_text("utf-8")
    pack = repo / "docs" / "examples" / "acme-pack"
    for name in (
        "ACME001.yaml",
        "ACME002.yaml",
        "fixtures/ACME001/fail-debugpy/docker-compose.yml",
        "fixtures/ACME002/fail-unpinned/Dockerfile",
    ):
        text = (pack / name).read_text("utf-8")
        assert text in guide.replace("```\n", "\n```\n"), f"{name} is not quoted as it is"
