"""The kinds table is the one declaration of the fact graph's schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archlint.cli import main
from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.kinds import EDGE_KINDS, NODE_KINDS, attribute_names, has_attribute

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def test_every_kind_is_declared_once() -> None:
    assert set(NODE_KINDS) == set(NodeKind)
    assert set(EDGE_KINDS) == set(EdgeKind)
    for spec in NODE_KINDS.values():
        names = [a.name for a in spec.attrs]
        assert len(names) == len(set(names)), spec.kind


def test_attribute_lookup() -> None:
    assert has_attribute(NodeKind.PORT, "number")
    assert has_attribute(NodeKind.PORT, "path")  # built in
    assert not has_attribute(NodeKind.PORT, "numbr")
    assert has_attribute(NodeKind.DOCKERFILE, "directives.syntax")  # nested value of a map
    assert has_attribute(None, "roles")  # some kind has it
    assert "number" not in attribute_names(NodeKind.COMPONENT)


def _repositories() -> list[Path]:
    return sorted(p for p in (FIXTURES / "samples").iterdir() if p.is_dir()) + sorted(
        p for p in (FIXTURES / "rules").glob("*/*") if p.is_dir()
    )


def test_every_attribute_a_fixture_fact_carries_is_declared(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What parsers and linkers emit and what the table declares cannot drift apart."""
    undeclared: set[tuple[str, str]] = set()
    for repo in _repositories():
        main(["graph", str(repo)])
        out = capsys.readouterr().out
        if not out.strip():  # a repository whose configuration is invalid on purpose
            continue
        for node in json.loads(out)["nodes"]:
            kind = NodeKind(node["kind"])
            undeclared.update((kind.value, a) for a in node["attrs"] if not has_attribute(kind, a))
    assert not undeclared
