"""Bad inputs become PARSE001 findings naming the file and line; the rest is still checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint import app
from archlint.config import Config, Limits
from archlint.parsers.docker.dockerfile import DockerfileParser

VIOLATION = 'FROM python:3.12\nEXPOSE 9000\nCMD ["uvicorn", "a:app", "--port", "9000"]\n'


def check(root: Path) -> list[tuple[str, str, int, str]]:
    report = app.check(root, Config())
    return [(f.rule_id, f.location.path, f.location.line, f.message) for f in report.findings]


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def test_non_utf8_file_is_reported_and_the_rest_checked(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"web/package.json": b'{"name": "caf\xe9"}', "api/Dockerfile": VIOLATION},
    )
    found = check(root)
    parse = [f for f in found if f[0] == "PARSE001"]
    assert parse == [("PARSE001", "web/package.json", 1, "not UTF-8 text (byte 0xe9 at offset 13)")]
    assert ("PRT002", "api/Dockerfile", 2) in [f[:3] for f in found]


def test_template_files_get_a_hint(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "{{cookiecutter.slug}}/docker-compose.yml": "services:\n  {{ cookiecutter.slug }}:\n    ports:\n    - {% if x %}1{% endif %}\n"
        },
    )
    (finding,) = check(root)
    assert finding[0] == "PARSE001"
    assert finding[3].endswith(
        "(this file looks like a template; add it to `exclude` in [tool.archlint])"
    )


def test_a_parser_bug_is_a_diagnostic_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: DockerfileParser, source: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(DockerfileParser, "parse", boom)
    root = write(
        tmp_path,
        {
            "a/Dockerfile": VIOLATION,
            "a/requirements.txt": "fastapi\n",
            "docker-compose.yml": "services:\n  x:\n    ports: ['9000:9000']\n    build: ./a\n",
        },
    )
    found = check(root)
    assert ("PARSE001", "a/Dockerfile", 1) in [f[:3] for f in found]
    message = next(f[3] for f in found if f[0] == "PARSE001")
    assert "internal error in the dockerfile parser (RuntimeError: kaboom" in message
    # the other files are still read: the compose port of the FastAPI component is a finding
    assert any(f[0] == "PRT002" and f[1] == "docker-compose.yml" for f in found)
    with pytest.raises(RuntimeError):
        app.check(root, Config(), debug=True)


def test_an_oversized_file_is_reported_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write(
        tmp_path,
        {
            "web/package.json": '{"name": "x", "description": "' + "a" * 2000 + '"}',
            "api/Dockerfile": VIOLATION,
        },
    )
    found = [
        (f.rule_id, f.location.path, f.location.line, f.message)
        for f in app.check(root, Config(limits=Limits(max_file_bytes=1024))).findings
    ]
    assert (
        "PARSE001",
        "web/package.json",
        1,
        "not read: 2,032 bytes is over the 1,024-byte limit for one file (exclude it if it is generated, or raise [limits] max-file-bytes)",
    ) in found
    assert ("PRT002", "api/Dockerfile", 2) in [f[:3] for f in found]
