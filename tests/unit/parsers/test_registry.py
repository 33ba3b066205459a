from __future__ import annotations

from importlib.metadata import EntryPoint
from pathlib import PurePosixPath

import pytest

from archlint.errors import PluginError
from archlint.parsers.registry import BUILTIN_PARSERS, parsers_for, with_plugins


class FakeParser:
    name = "fake"

    def matches(self, path: PurePosixPath) -> bool:
        return path.suffix == ".fake"

    def parse(self, source: object, ctx: object) -> object:  # pragma: no cover - not called
        raise NotImplementedError


NotAParser = object()


def ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group="archlint.parsers")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("docker-compose.yml", ["compose"]),
        ("svc/Dockerfile", ["dockerfile"]),
        ("web/package.json", ["package-json"]),
        ("Procfile", ["procfile"]),
        ("pyproject.toml", ["pyproject"]),
        ("requirements-dev.txt", ["requirements"]),
        ("README.md", []),
    ],
)
def test_builtin_parser_for_each_format(path: str, expected: list[str]) -> None:
    assert [p.name for p in parsers_for(PurePosixPath(path))] == expected


def test_plugin_joins_the_registry() -> None:
    table = with_plugins(BUILTIN_PARSERS, (ep("fake", f"{__name__}:FakeParser"),))
    assert [p.name for p in parsers_for(PurePosixPath("x.fake"), table)] == ["fake"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (ep("compose", f"{__name__}:FakeParser"), "already taken"),
        (ep("broken", "no_such_module_xyz:Parser"), "cannot load: ModuleNotFoundError"),
        (ep("odd", f"{__name__}:NotAParser"), "not a parser"),
    ],
)
def test_bad_plugins_are_errors_not_skipped(entry: EntryPoint, message: str) -> None:
    with pytest.raises(PluginError) as info:
        with_plugins(BUILTIN_PARSERS, (entry,))
    assert message in str(info.value)
    assert entry.name in str(info.value)
