"""Every parser turns any text into facts and diagnostics; none of them ever raises.

A parser exception would become an "internal error" PARSE001 at best; these properties keep that
from happening on truncated, mangled or hostile inputs. The inputs are real fixture files cut and
spliced at random, plus random text, so the generator reaches deep into each format.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archlint.domain.facts import ParseResult
from archlint.parsers.base import SourceFile
from archlint.parsers.registry import BUILTIN_PARSERS

REPO = Path(__file__).resolve().parents[2]
NAMES = {
    "compose": "docker-compose.yml",
    "dockerfile": "Dockerfile",
    "dotenv": ".env",
    "package-json": "package.json",
    "procfile": "Procfile",
    "pyproject": "pyproject.toml",
    "requirements": "requirements.txt",
}


class Context:
    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def read_text(self, path: str) -> str | None:
        return self.files.get(path)

    def exists(self, path: str) -> bool:
        return path in self.files


def corpus(name: str) -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((REPO / "fixtures").rglob(name)) if p.is_file()]
    return [t for t in texts if t] or [""]


def mangled(texts: list[str]) -> st.SearchStrategy[str]:
    def cut(text: str, data: st.DataObject) -> str:
        a = data.draw(st.integers(0, len(text)))
        b = data.draw(st.integers(a, len(text)))
        noise = data.draw(st.text(max_size=20))
        return text[:a] + noise + text[b:]

    return st.one_of(
        st.text(max_size=300),
        st.builds(lambda t, d: cut(t, d), st.sampled_from(texts), st.data()),
    )


@pytest.mark.parametrize("parser_name", sorted(NAMES))
def test_parser_never_raises(parser_name: str) -> None:
    parser = BUILTIN_PARSERS[parser_name]
    name = NAMES[parser_name]
    assert parser.matches(PurePosixPath(name))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=mangled(corpus(name)), sibling=st.text(max_size=80))
    def check(text: str, sibling: str) -> None:
        ctx = Context(
            {
                name: text,
                ".env": sibling,
                "docker-compose.override.yml": sibling,
                "base.txt": sibling,
            }
        )
        result = parser.parse(SourceFile(name, text), ctx)  # type: ignore[arg-type]
        assert isinstance(result, ParseResult)
        for item in (*result.facts, *result.diagnostics):
            assert item.location.line >= 1 and item.location.column >= 1

    check()
