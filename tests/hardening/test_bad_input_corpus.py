"""The bad-input corpus: one repository full of odd files next to good ones. archlint finishes,
reports each bad file with its path and a one-line reason (text, JSON and SARIF), leaves out
what it must not follow with a reason, and still reports every finding of the good files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from archlint.cli import main

GOOD_FINDINGS = {
    ("PRT002", "api/Dockerfile", 3),  # EXPOSE 9999 of a FastAPI service
    ("DB001", "docker-compose.yml", 6),  # mysql next to the broken files
}


def corpus(root: Path) -> Path:
    files: dict[str, bytes] = {
        "api/pyproject.toml": b'[project]\nname = "api"\ndependencies = ["fastapi"]\n',
        "api/Dockerfile": b"FROM python:3.12 AS build\nFROM python:3.12-slim\nEXPOSE 9999\n"
        b"COPY --from=build /a /a\n",
        "docker-compose.yml": b"services:\n  api:\n    build: ./api\n"
        b"  db:\n    x-note: legacy\n    image: mysql:8.4\n",
        # not UTF-8, binary, UTF-16 with BOM, UTF-8 with BOM and CRLF, empty
        "web/.env.latin": "caf\u00e9=1\n".encode("latin-1"),
        "svc/Dockerfile": b"FROM a\x00\x00\x01\n",
        "svc/.env": "TOKEN=${TOKEN}\n".encode("utf-16"),  # with its BOM
        "svc2/Dockerfile": b"\xef\xbb\xbfFROM python:3.12 AS b\r\nFROM python:3.12-slim\r\n"
        b"COPY --from=b /a /a\r\n",
        "empty/package.json": b"",
        # malformed YAML, TOML, JSON; an alias bomb; absurd nesting
        "bad/docker-compose.yml": b"services:\n  a: [\n",
        "bad/pyproject.toml": b"[project\nname = 'x'\n",
        "bad/package.json": b'{"name": "x",,}',
        # other ecosystems: an XML entity bomb (refused, never expanded), an external DTD
        # (never fetched), broken TOML, a go.mod line that is no directive
        "jvm/pom.xml": b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(f'<!ENTITY lol{i} "{"&lol;" * 10}">'.encode() for i in range(1, 9))
        + b"]>\n<project>&lol8;</project>\n",
        "dotnet/Api.csproj": b'<!DOCTYPE Project SYSTEM "http://example.invalid/x.dtd">\n'
        b'<Project Sdk="Microsoft.NET.Sdk.Web"/>\n',
        "rust/Cargo.toml": b"[package\nname = 'x'\n",
        "go/go.mod": b"module example.com/x\n\nrequire example.com/y v1.0.0\nnot a directive\n",
        "bomb/docker-compose.yml": b"x: &a [y, y, y, y, y, y, y, y, y, y]\n"
        + b"".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n".encode()
            for p, n in zip("abcdefg", "bcdefgh", strict=True)
        )
        + b"services: {}\n",
        "deep/docker-compose.yml": b"services: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        # very long line, a file over the size limit
        "long/requirements.txt": b"fastapi  # " + b"x" * 200_000 + b"\n",
        "big/Dockerfile": b"FROM a\nRUN echo " + b"x" * (9 * 2**20) + b"\n",
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    # a directory named like a file, a symlink loop, a symlink out of the repository
    (root / "odd" / "Dockerfile").mkdir(parents=True)
    os.symlink("loop_b", root / "loop_a")
    os.symlink("loop_a", root / "loop_b")
    os.symlink("/etc/hostname", root / "api" / "requirements.txt")
    return root


def check(root: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", str(root), "--format", fmt, "--fail-on", "never"])
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus(tmp_path_factory.mktemp("corpus"))


def test_every_bad_file_is_reported_and_every_good_finding_kept(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = check(repo, "json", capsys)
    assert code == 0
    document: dict[str, Any] = json.loads(out)
    found = {
        (f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in document["findings"]
    }
    assert found >= GOOD_FINDINGS
    parse = {
        f["location"]["path"]: f["message"]
        for f in document["findings"]
        if f["rule_id"] == "PARSE001"
    }
    expected = {
        "web/.env.latin": "not UTF-8 text (byte 0xe9 at offset 3)",
        "svc/Dockerfile": "binary content, not text (NUL byte at offset 6)",
        "bad/docker-compose.yml": "invalid YAML",
        "bad/pyproject.toml": "invalid TOML",
        "bad/package.json": "invalid JSON",
        "jvm/pom.xml": "document type declaration (<!DOCTYPE>) is not read",
        "dotnet/Api.csproj": "document type declaration (<!DOCTYPE>) is not read",
        "rust/Cargo.toml": "invalid TOML",
        "go/go.mod": "unknown directive 'not'",
        "bomb/docker-compose.yml": "alias bomb",
        "deep/docker-compose.yml": "nest",
        "big/Dockerfile": "over the 8,388,608-byte limit",
    }
    for path, words in expected.items():
        assert path in parse, f"{path} not reported"
        assert words in parse[path], parse[path]
        assert "\n" not in parse[path]  # one line
    # UTF-16 with a BOM and UTF-8 with a BOM and CRLF are text: read, not reported
    assert "svc/.env" not in parse and "svc2/Dockerfile" not in parse
    skipped = {s["path"]: s["reason"] for s in document["skipped"]}
    assert skipped == {
        "api/requirements.txt": "symlink points outside the root",
        "loop_a": "symlink loop",
        "loop_b": "symlink loop",
    }


def test_the_text_and_sarif_reports_say_the_same(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, text = check(repo, "text", capsys)
    assert "svc/Dockerfile:1:1  PARSE001  error  binary content" in text
    assert "not scanned: api/requirements.txt: symlink points outside the root" in text
    _, sarif = check(repo, "sarif", capsys)
    notes = json.loads(sarif)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    messages = {
        (
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            n["message"]["text"].split(":")[0],
        )
        for n in notes
    }
    assert ("bad/package.json", "invalid JSON") in messages
    assert ("loop_a", "not scanned") in messages


def test_reruns_are_byte_identical(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(repo, "json", capsys) == check(repo, "json", capsys)
