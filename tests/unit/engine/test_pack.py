"""The pre-validated bundled pack: rules/compiled.jsonl is current, and loading through it gives
exactly what parsing and validating the YAML gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archlint.engine import bundle, pack
from archlint.engine.loader import RuleFile, load_rules
from archlint.errors import RuleError
from archlint.formats import yamlpos


def test_compiled_pack_is_up_to_date() -> None:
    files = pack.pack_files()
    assert pack.compiled_path().read_text("utf-8") == pack.render(files), (
        "rules/compiled.jsonl is stale: run `python -m archlint.engine.pack`"
    )


def test_main_writes_the_compiled_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "compiled.jsonl"
    assert pack.main([str(target)]) == 0
    assert target.read_text("utf-8") == pack.compiled_path().read_text("utf-8")
    assert "files compiled" in capsys.readouterr().out


def test_every_bundled_file_is_valid_and_compiled() -> None:
    files = pack.pack_files()
    compiled = pack.render(files).splitlines()
    assert [line.split("\t")[2] for line in compiled] == sorted(
        (name for name, _, concept in files if not concept)
    ) + sorted(name for name, _, concept in files if concept)


@pytest.mark.parametrize("name, text, concept", pack.pack_files(), ids=lambda v: str(v)[:40])
def test_compiled_data_is_the_yaml_in_its_order(name: str, text: str, concept: bool) -> None:
    doc, errors = pack.parsed(text, concept=concept)
    assert errors == ()
    assert isinstance(doc, pack._Compiled)  # the fast path was taken
    expected = yamlpos.load(text)
    assert json.dumps(doc.data) == json.dumps(expected.data)  # values and key order
    assert doc.line("docs") == expected.line("docs")  # positions, read when asked


def test_a_text_not_in_the_pack_is_parsed_and_validated() -> None:
    doc, errors = pack.parsed("id: X\n")
    assert not isinstance(doc, pack._Compiled)
    assert errors  # the schema ran: name, severity, docs... are missing


def test_render_leaves_out_invalid_yaml_and_values_json_would_change() -> None:
    good = next(f for f in pack.pack_files() if not f[2])
    dated = (good[0] + "-dated", good[1] + "\nreleased: 2024-01-01\n", False)
    broken = ("broken", "id: [\n", False)
    invalid = ("invalid", "id: X\n", False)
    lines = pack.render([good, dated, broken, invalid]).splitlines()
    assert [line.split("\t")[2] for line in lines] == [good[0]]


def test_no_compiled_file_means_every_file_is_validated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundle.compiled_entries.cache_clear()
    monkeypatch.setattr(bundle, "compiled_path", lambda: tmp_path / "missing.jsonl")
    try:
        _, text, _ = next(f for f in pack.pack_files() if not f[2])
        doc, errors = pack.parsed(text)
        assert not isinstance(doc, pack._Compiled) and errors == ()
    finally:
        bundle.compiled_entries.cache_clear()


def test_a_compiled_rule_still_reports_a_bad_parameter_at_its_line() -> None:
    # a config parameter that does not fit the rule: the message needs a line, read lazily
    rule = RuleFile(
        "bundled:PRT002.yaml",
        next(t for n, t, _ in pack.pack_files() if n == "bundled:PRT002.yaml"),
    )
    assert isinstance(pack.parsed(rule.text)[0], pack._Compiled)
    with pytest.raises(RuleError) as info:
        load_rules([rule], {"PRT002": {"roles": 5}})
    (problem,) = info.value.problems
    assert problem.line == yamlpos.load(rule.text).line(*_path(problem.key))


def _path(key: str | None) -> tuple[str | int, ...]:
    """``select.where.all[4].in`` -> ("select", "where", "all", 4, "in")."""
    parts: list[str | int] = []
    for part in (key or "").split("."):
        name, _, index = part.partition("[")
        parts.append(name)
        if index:
            parts.append(int(index.rstrip("]")))
    return tuple(parts)
