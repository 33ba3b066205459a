"""docs/facts.md is the schema rules are written against: it names every node and edge kind."""

from __future__ import annotations

import re
from pathlib import Path

from archlint.domain.facts import EdgeKind, NodeKind

FACTS_MD = (Path(__file__).resolve().parents[2] / "docs" / "facts.md").read_text("utf-8")


def test_every_node_kind_has_a_section() -> None:
    sections = set(re.findall(r"^### `([a-z_]+)`", FACTS_MD, flags=re.MULTILINE))
    assert sections == {k.value for k in NodeKind}


def test_every_edge_kind_is_in_the_table() -> None:
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", FACTS_MD, flags=re.MULTILINE))
    assert {k.value for k in EdgeKind} <= rows
