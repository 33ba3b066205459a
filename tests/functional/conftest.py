"""Helpers for functional tests: run the CLI on the sample repositories under fixtures/samples/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from archlint.cli import main

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "fixtures" / "samples"
SARIF_SCHEMA = REPO.parent / "shared" / "sarif" / "sarif-schema-2.1.0.json"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def findings(self) -> list[tuple[str, str, int]]:
        """(rule id, path, line) of every finding of a ``--format json`` run, in output order."""
        return [
            (f["rule_id"], f["location"]["path"], f["location"]["line"])
            for f in self.json()["findings"]
        ]


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of fixtures/samples/ outside any git work tree, so the samples are repositories of
    their own (paths relative to the sample) wherever the checkout is; read-only: copy a sample
    with ``sample_copy`` before changing it."""
    target = tmp_path_factory.mktemp("samples") / "samples"
    shutil.copytree(SAMPLES, target, symlinks=True)
    return target


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Any:
    """``run("check", path, ...)`` -> Result of ``archlint.cli.main`` with captured output."""

    def _run(*args: str | Path) -> Result:
        capsys.readouterr()  # drop anything printed before
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def run_module() -> Any:
    """``run_module("check", path)`` -> Result of ``python -m archlint`` in a subprocess."""
    return _run_module


def _run_module(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """``python -m archlint ARGS`` in a subprocess (stdout is a pipe, not a TTY)."""
    proc = subprocess.run(
        [sys.executable, "-m", "archlint", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Any:
    """``sample_copy("shop")`` -> a private copy of a sample that a test may modify."""

    def _copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(SAMPLES / name, target, symlinks=True)
        return target

    return _copy


@pytest.fixture(scope="session")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)  # the schema's $schema: Draft 4
    assert cls is jsonschema.Draft4Validator
    cls.check_schema(schema)
    return cls(schema)
