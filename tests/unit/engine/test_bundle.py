"""The pack's metadata read from compiled.jsonl (``archlint rules``) is exactly what loading and
compiling the pack gives, and any doubt about the shipped files takes the full load."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint import app
from archlint.cli.rules import rule_metas
from archlint.config import Config
from archlint.domain.findings import Severity
from archlint.engine import bundle


def test_the_shipped_pack_lists_the_metadata_the_full_load_gives() -> None:
    fast = bundle.bundled_metas()
    assert fast is not None  # every bundled file is the text that was compiled
    assert fast == [rule.meta for rule in app.load_all_rules(Config())]
    assert [m.id for m in fast] == sorted(m.id for m in fast)


def test_a_file_that_was_not_compiled_means_the_full_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bundle, "compiled_entries", dict)
    assert bundle.bundled_metas() is None
    # the command still lists every rule, through app
    assert [m.id for m in rule_metas(Config())] == [r.meta.id for r in app.select_rules(Config())]


def test_an_uncompiled_concept_file_means_the_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    rules_only = {k: v for k, v in bundle.compiled_entries().items() if k[0] == "rule"}
    monkeypatch.setattr(bundle, "compiled_entries", lambda: rules_only)
    assert bundle.bundled_metas() is None


def test_a_duplicate_rule_id_means_the_full_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for path in bundle._yaml_files(bundle.pack_folder())[:1]:
        (tmp_path / path.name).write_text(path.read_text("utf-8"), "utf-8")
        (tmp_path / f"copy-{path.name}").write_text(path.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(bundle, "pack_folder", lambda: tmp_path)
    assert bundle.bundled_metas() is None


def test_a_configured_severity_or_rule_folder_takes_the_full_load(tmp_path: Path) -> None:
    rule = next(iter(bundle._yaml_files(bundle.pack_folder())))
    configured = Config(severity={"PRT001": Severity.NOTE})
    assert {m.id: m.severity for m in rule_metas(configured)}["PRT001"] is Severity.NOTE
    own = tmp_path / "rules"
    own.mkdir()
    text = rule.read_text("utf-8").replace("id: ARCH001", "id: ORG001", 1)
    (own / "ORG001.yaml").write_text(text, "utf-8")
    listed = [m.id for m in rule_metas(Config(rule_dirs=(own,)))]
    assert "ORG001" in listed and "ARCH001" in listed


def test_a_rule_s_own_help_uri_and_a_user_rule_without_one() -> None:
    data = {
        "id": "ORG001",
        "name": "own",
        "severity": "warning",
        "message": "m",
        "docs": {"summary": " s ", "why": "w", "fix": "f"},
    }
    assert bundle.rule_meta(data, "rules/own.yaml").help_uri is None
    assert str(bundle.rule_meta(data, "bundled:ORG001.yaml").help_uri).endswith("#org001-own")
    linked = bundle.rule_meta({**data, "help_uri": "https://x"}, "bundled:ORG001.yaml")
    assert linked.help_uri == "https://x" and linked.docs.summary == "s"
