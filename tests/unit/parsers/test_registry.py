from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.metadata import EntryPoint
from pathlib import PurePosixPath

import pytest

from archlint.domain.facts import ParseResult
from archlint.errors import PluginError
from archlint.knowledge import load_servers
from archlint.parsers.base import ParseUnit, Selector, SourceFile
from archlint.parsers.registry import builtin_parsers, dispatch, parsers_for, with_plugins


class FakeParser:
    name = "fake"
    version = "1"
    selector = Selector(suffixes=(".fake",))

    def parse(self, source: SourceFile) -> ParseResult:  # pragma: no cover - not called
        raise NotImplementedError


class FakeUnitParser:
    name = "fake-unit"
    version = "1"
    selector = Selector(names=frozenset({"Unitfile"}))

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:  # pragma: no cover - not called
        raise NotImplementedError

    def parse_unit(
        self, unit: ParseUnit, sources: Mapping[str, SourceFile]
    ) -> ParseResult:  # pragma: no cover - not called
        raise NotImplementedError


class BadSelector(FakeParser):
    selector = "*.fake"  # type: ignore[assignment]


NotAParser = object()


def ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group="archlint.parsers")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("docker-compose.yml", ["compose"]),
        ("docker-compose.prod.yml", ["compose"]),
        ("svc/Dockerfile", ["dockerfile"]),
        ("svc/api.Dockerfile", ["dockerfile"]),
        ("svc/Dockerfile.dev", ["dockerfile"]),
        ("web/package.json", ["package-json"]),
        ("Procfile", ["procfile"]),
        ("pyproject.toml", ["pyproject"]),
        ("requirements-dev.txt", ["requirements"]),
        ("svc/requirements/base.in", ["requirements"]),
        ("api/.env.local", ["dotenv"]),
        (PurePosixPath("a/.env"), ["dotenv"]),
        ("README.md", []),
    ],
)
def test_builtin_parser_for_each_format(path: str, expected: list[str]) -> None:
    assert [p.name for p in parsers_for(path, builtin_parsers(load_servers()))] == expected


def test_every_builtin_declares_a_version_and_a_selector() -> None:
    for name, parser in builtin_parsers(load_servers()).items():
        assert parser.name == name
        assert parser.version and isinstance(parser.selector, Selector)
    assert [p.name for p in dispatch(load_servers()).unit_parsers()] == [
        "alembic",
        "compose",
        "helm",
        "prisma",
        "python-source",
        "requirements",
        "terraform",
    ]


def test_plugins_join_the_same_table() -> None:
    table = with_plugins(
        builtin_parsers(load_servers()),
        (ep("fake", f"{__name__}:FakeParser"), ep("fake-unit", f"{__name__}:FakeUnitParser")),
    )
    assert [p.name for p in parsers_for("x.fake", table)] == ["fake"]
    assert [p.name for p in parsers_for("a/Unitfile", table)] == ["fake-unit"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (ep("compose", f"{__name__}:FakeParser"), "already taken"),
        (ep("broken", "no_such_module_xyz:Parser"), "cannot load: ModuleNotFoundError"),
        (ep("odd", f"{__name__}:NotAParser"), "not a parser"),
        (ep("glob", f"{__name__}:BadSelector"), "its selector must be"),
    ],
)
def test_bad_plugins_are_errors_not_skipped(entry: EntryPoint, message: str) -> None:
    with pytest.raises(PluginError) as info:
        with_plugins(builtin_parsers(load_servers()), (entry,))
    assert message in str(info.value)
    assert entry.name in str(info.value)
