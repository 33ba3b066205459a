"""Every parser turns any text into facts and diagnostics; none of them ever raises.

A parser exception would become an "internal error" PARSE001 at best; these properties keep that
from happening on truncated, mangled or hostile inputs. The inputs are real fixture files cut and
spliced at random, plus random text, so the generator reaches deep into each format. Both parser
kinds are driven the way the app drives them: a file parser gets its file, a unit parser declares
its units from the paths and then gets exactly the inputs it declared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archlint.domain.facts import ParseResult
from archlint.knowledge import load_servers
from archlint.parsers.base import Parser, SourceFile, UnitParser, unit_key
from archlint.parsers.docker.compose_files import BASES, OVERRIDES
from archlint.parsers.registry import builtin_parsers

REPO = Path(__file__).resolve().parents[2]
NAMES = {
    "ci-tools": ".pre-commit-config.yaml",
    "alembic": "alembic.ini",
    "angular-json": "angular.json",
    "cargo": "Cargo.toml",
    "compose": "docker-compose.yml",
    "composer": "composer.json",
    "csproj": "*.csproj",
    "dockerfile": "Dockerfile",
    "dotenv": ".env",
    "eslintrc": ".eslintrc.json",
    "gemfile": "Gemfile",
    "go-mod": "go.mod",
    "gradle": "build.gradle.kts",
    "js-source": "vite.config.ts",
    "package-json": "package.json",
    "prisma": "schema.prisma",
    "pnpm-workspace": "pnpm-workspace.yaml",
    "procfile": "Procfile",
    "pyproject": "pyproject.toml",
    "python-source": "main.py",
    "requirements": "requirements.txt",
    "tsconfig": "tsconfig.json",
    "terraform": "main.tf",
    "helm": "Chart.yaml",
    "kubernetes": "deployment.yaml",
    "kustomize": "kustomization.yaml",
    "maven": "pom.xml",
    "server-ports": "application.yml",
}


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


def run(parser: Parser, files: dict[str, str]) -> list[ParseResult]:
    """Parse ``files`` (path -> text) as the app would: every unit, or every selected file."""
    paths = sorted(files)
    if isinstance(parser, UnitParser):
        results = []
        for unit in parser.units(paths):
            assert unit.parser == parser.name
            assert all(p in files for p in unit.inputs if p not in unit.optional)
            sources = {p: SourceFile(p, files[p]) for p in unit.inputs if p in files}
            assert len(unit_key(unit, sources, parser.version)) == 64
            results.append(parser.parse_unit(unit, sources))
        return results
    return [parser.parse(SourceFile(p, files[p])) for p in paths if parser.selector.matches(p)]


def test_every_builtin_parser_is_driven() -> None:
    """A new parser joins this property: give it a file name (its fixtures are the corpus)."""
    assert set(NAMES) == set(builtin_parsers(load_servers()))


@pytest.mark.parametrize("parser_name", sorted(NAMES))
def test_parser_never_raises(parser_name: str) -> None:
    parser = builtin_parsers(load_servers())[parser_name]
    name = NAMES[parser_name]
    assert parser.selector.matches(name)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=mangled(corpus(name)), sibling=st.text(max_size=80))
    def check(text: str, sibling: str) -> None:
        files = {
            name: text,
            ".env": sibling,
            "docker-compose.override.yml": sibling,
            "docker-compose.prod.yml": text[::-1],
            "base.txt": sibling,
        }
        results = run(parser, files)
        assert results
        for result in results:
            assert isinstance(result, ParseResult)
            for item in (*result.facts, *result.diagnostics):
                assert item.location.line >= 1 and item.location.column >= 1

    check()


COMPOSE_NAMES = [*BASES, *OVERRIDES, "compose.prod.yaml", "docker-compose.ci.yml", ".env"]


@settings(max_examples=200, deadline=None)
@given(
    picked=st.lists(
        st.tuples(st.sampled_from(["", "a", "a/b"]), st.sampled_from(COMPOSE_NAMES)), max_size=10
    ),
    text=st.sampled_from(["", "services:\n  api: {image: x}\n", "services:\n  ci: {}\n", "["]),
)
def test_compose_units_cover_every_compose_file_once_as_anchor(
    picked: list[tuple[str, str]], text: str
) -> None:
    files = {f"{d}/{n}" if d else n: text for d, n in picked}
    parser = builtin_parsers(load_servers())["compose"]
    assert isinstance(parser, UnitParser)
    units = parser.units(sorted(files))
    anchors = [u.anchor for u in units]
    assert len(anchors) == len(set(anchors))
    composed = {p for p in files if parser.selector.matches(p)}
    used = set(anchors) | {p for u in units for p in u.inputs if p not in u.optional}
    # only compose files are required inputs, and each one is used, except an override that a
    # base with another override of its folder leaves out (compose loads one override)
    assert used <= composed
    assert {p for p in composed - used if p.rpartition("/")[2] not in OVERRIDES} == set()
    run(parser, files)


def _templates() -> list[str]:
    found = sorted((REPO / "fixtures").rglob("templates/*.yaml")) + sorted(
        (REPO / "fixtures").rglob("templates/*.tpl")
    )
    return [p.read_text("utf-8") for p in found if p.is_file()] or [""]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    template=mangled(_templates()),
    helpers=mangled(_templates()),
    values=mangled(corpus("values.yaml")),
)
def test_the_helm_renderer_never_raises(template: str, helpers: str, values: str) -> None:
    """Mangled templates, helpers and values render to facts and named diagnostics only."""
    parser = builtin_parsers(load_servers())["helm"]
    files = {
        "c/Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\n",
        "c/values.yaml": values,
        "c/templates/deployment.yaml": template,
        "c/templates/_helpers.tpl": helpers,
    }
    for result in run(parser, files):
        for item in (*result.facts, *result.diagnostics):
            assert item.location.line >= 1 and item.location.column >= 1
