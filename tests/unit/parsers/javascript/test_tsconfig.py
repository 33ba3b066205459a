from __future__ import annotations

import pytest

from archlint.parsers.base import SourceFile
from archlint.parsers.javascript.tsconfig import TsconfigParser


@pytest.mark.parametrize(
    ("path", "selected"),
    [
        ("tsconfig.json", True),
        ("apps/web/tsconfig.app.json", True),
        ("jsconfig.json", True),
        ("tsconfig.ts", False),
    ],
)
def test_selector(path: str, selected: bool) -> None:
    assert TsconfigParser().selector.matches(path) is selected


def test_comments_trailing_commas_extends_and_options() -> None:
    text = """{
  // Visit https://aka.ms/tsconfig to read more
  "extends": ["@tsconfig/node20/tsconfig.json", "./tsconfig.base.json",],
  "compilerOptions": {
    "strict": true, /* keep */
    "module": "NodeNext",
    "baseUrl": ".",
    "paths": { "@/*": ["src/*"], "~lib/*": ["lib/*"], },
  },
  "references": [{ "path": "./tsconfig.node.json" }, 3],
}
"""
    [fact] = TsconfigParser().parse(SourceFile("tsconfig.json", text)).facts
    assert fact.id == "tsconfig.json#tsconfig"
    assert fact.attrs == {
        "extends": ["@tsconfig/node20/tsconfig.json", "./tsconfig.base.json"],
        "strict": True,
        "module": "NodeNext",
        "target": None,
        "base_url": ".",
        "path_aliases": ["@/*", "~lib/*"],
        "path_targets": ["src/*", "lib/*"],
        "references": ["./tsconfig.node.json"],
    }


@pytest.mark.parametrize(("text", "line"), [('{\n  "a": 1 2\n}', 2), ("[]", 1)])
def test_problems_are_diagnostics(text: str, line: int) -> None:
    [diagnostic] = TsconfigParser().parse(SourceFile("tsconfig.json", text)).diagnostics
    assert diagnostic.location.line == line


def test_minimal() -> None:
    [fact] = (
        TsconfigParser()
        .parse(SourceFile("tsconfig.json", '{"extends": "x", "compilerOptions": 1}'))
        .facts
    )
    assert (fact.get("extends"), fact.get("strict"), fact.get("references")) == (["x"], None, [])
