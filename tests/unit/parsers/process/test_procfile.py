from __future__ import annotations

import pytest

from archlint.domain.facts import EdgeKind, NodeKind, ParseResult
from archlint.knowledge import load_servers
from archlint.parsers.base import SourceFile
from archlint.parsers.process.procfile import ProcfileParser


def parse(text: str, path: str = "Procfile") -> ParseResult:
    return ProcfileParser(load_servers()).parse(SourceFile(path, text))


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("Procfile", True),
        ("app/Procfile", True),
        ("Procfile.dev", True),
        ("procfile", False),
        ("Procfile_notes.md", False),
    ],
)
def test_matches(path: str, matches: bool) -> None:
    assert ProcfileParser(load_servers()).selector.matches(path) is matches


def test_processes_commands_and_ports() -> None:
    result = parse(
        "# Heroku processes\n"
        "\n"
        "web: gunicorn -b 0.0.0.0:$PORT app:app\n"
        "api:uvicorn main:app --port ${PORT:-8000}\n"
        "worker: celery -A proj worker -l info\n"
        "release: python manage.py migrate\n"
    )
    assert result.diagnostics == ()
    processes = [f for f in result.facts if f.kind is NodeKind.PROCESS]
    assert [(p.attrs["name"], p.location.line) for p in processes] == [
        ("web", 3),
        ("api", 4),
        ("worker", 5),
        ("release", 6),
    ]
    assert dict(processes[1].attrs) == {
        "name": "api",
        "command": "uvicorn main:app --port ${PORT:-8000}",
        "artifact": "Procfile",
    }
    facts = {f.id: f for f in result.facts}
    web = facts["Procfile#process/web/command"]
    assert web.attrs["origin"] == "procfile" and web.attrs["process"] == "web"
    assert web.attrs["servers"] == ["gunicorn"]
    assert facts["Procfile#process/worker/command"].attrs["server_kinds"] == ["celery"]
    ports = [(f.id, f.attrs["number"]) for f in result.facts if f.kind is NodeKind.PORT]
    # web binds to $PORT, unknown here; api falls back to its default
    assert ports == [("Procfile#process/api/command/port[0]", 8000)]
    has = {(r.source, r.target) for r in result.relations if r.kind is EdgeKind.HAS}
    assert ("Procfile#process/web", "Procfile#process/web/command") in has
    assert ("Procfile#process/api/command", "Procfile#process/api/command/port[0]") in has


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("web gunicorn app:app\n", [(1, "line 1 is not 'name: command'")]),
        ("web:\n", [(1, "line 1 is not 'name: command'")]),
        ("we b: x\n", [(1, "line 1 is not 'name: command'")]),
        ("web: a\nweb: b\n", [(2, "process 'web' on line 2 is already defined on line 1")]),
    ],
)
def test_diagnostics(text: str, expected: list[tuple[int, str]]) -> None:
    found = [(d.location.line, d.message) for d in parse(text).diagnostics]
    assert len(found) == len(expected)
    for (line, message), (want_line, want) in zip(found, expected, strict=True):
        assert line == want_line and message.startswith(want)


def test_bad_line_does_not_stop_the_rest() -> None:
    result = parse("oops\nweb: flask run\n")
    assert len(result.diagnostics) == 1
    assert [f.attrs["number"] for f in result.facts if f.kind is NodeKind.PORT] == [5000]
