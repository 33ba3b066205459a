"""Every way a rule pack, a config or a baseline can be wrong, all in one repository: one run
exits 2 and names every problem with its file, line and key path; no problem hides another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archlint.cli import main

CONFIG = """\
select = ["PRT", "ACME"]
ignore = ["XYZ"]
rule-dirs = ["archrules"]
baseline = "baseline.json"
fail-on = "sometimes"
exclud = ["legacy/"]
[severity]
ACME01 = "warning"
[rules.PRT002]
min = "4000"
[rules.PRT001]
mn = 3
[per-path-ignores]
"legacy/**" = ["NOPE001"]
[limits]
max-nesting = "deep"
max-depth = 3
"""

# one rule file with a mistake of each kind the schema and the compiler find
BROKEN_RULE = """\
id: ACME001
name: api-port
severity: warning
message: "port {node.number}"
colour: red
tags: ports
docs:
  summary: A port outside the range.
  why: Ports name the kind of service.
  fix: Move it.
  example: "EXPOSE 9000"
select:
  kind: port
  where:
    all:
      - {attr: numbr, equals: 1}
      - {attr: number, lessthan: 3}
      - {attr: port_name, regex: "(["}
      - {attr: port_name, regex: "(a+)+(?=b)"}
      - {attr: number, gt: "high"}
      - {is: tset-code}
"""

# a concept of the pack with a bad regex and an unknown key
CONCEPT = """\
concept: generated-code
summary: Files a generator wrote.
parameters:
  names: '(?i)(^|/)[^/]*\\.gen\\.(ts|py$'
where:
  any:
    - {attr: path, regex: $names}
    - {attr: path, glob: "**/generated/**", colour: red}
"""

UNKNOWN_KIND = """\
id: ACME002
name: stage
severity: sometimes
message: "stage"
docs: {summary: s, why: w, fix: f, example: e}
select:
  kind: portt
"""

# a valid rule that takes the id of the broken one
DUPLICATE = """\
id: ACME001
name: api-port-again
severity: warning
message: "port"
docs: {summary: s, why: w, fix: f, example: e}
select:
  kind: port
"""

BASELINE = {
    "version": 1,
    "findings": [
        {"fingerprint": "ab", "rule_id": "PRT002", "path": "a", "message": "m", "count": 1},
        {"fingerprint": "cd", "rule_id": "NOPE002", "path": "b", "message": "m", "count": 1},
    ],
}

EXPECTED = [
    "archrules/concepts/generated.yaml:7 [where.any[0].regex]: invalid regular expression",
    "archrules/concepts/generated.yaml:8 [where.any[1]]: an attribute condition needs `attr`",
    "archrules/concepts/generated.yaml:8 [where.any[1].colour]: unknown key 'colour'",
    "archlint.toml:2 [ignore]: 'XYZ' matches no rule id or prefix",
    "archlint.toml:5 [fail-on]: expected one of error, warning, note, never, got 'sometimes'",
    "archlint.toml:6 [exclud]: unknown key 'exclud' in the top level; did you mean 'exclude'?",
    "archlint.toml:8 [severity.ACME01]: unknown rule id 'ACME01'; did you mean 'ACME001'?",
    "archlint.toml:10 [rules.PRT002.min]: expected int like 4000, got '4000'",
    "archlint.toml:12 [rules.PRT001.mn]: PRT001 has no parameter 'mn'",
    "archlint.toml:14 [per-path-ignores.\"legacy/**\"]: 'NOPE001' matches no rule id or prefix",
    "archlint.toml:16 [limits.max-nesting]: expected a positive whole number, got 'deep'",
    "archlint.toml:17 [limits.max-depth]: unknown limit 'max-depth'",
    "archrules/acme-a.yaml:5 [colour]: unknown key 'colour'",
    "archrules/acme-a.yaml:6 [tags]: 'ports' is not of type 'array'",
    "archrules/acme-a.yaml:16 [select.where.all[0].attr]: unknown attribute 'numbr'",
    "archrules/acme-a.yaml:17 [select.where.all[1].lessthan]: unknown key 'lessthan'",
    "archrules/acme-a.yaml:18 [select.where.all[2].regex]: invalid regular expression '(['",
    "archrules/acme-a.yaml:19 [select.where.all[3].regex]: unsafe regular expression",
    "archrules/acme-a.yaml:20 [select.where.all[4].gt]: expected a number or a $parameter, got 'high'",
    "archrules/acme-a.yaml:21 [select.where.all[5].is]: unknown concept 'tset-code'; did you mean",
    "archrules/acme-b.yaml:3 [severity]: 'sometimes' is not one of",
    "archrules/acme-b.yaml:7 [select.kind]: 'portt' is not one of",
    "archrules/acme-c.yaml:1 [id]: duplicate rule id ACME001 (also in archrules/acme-a.yaml)",
    "baseline.json:13 [findings[1].rule_id]: unknown rule id 'NOPE002'",
]


def test_every_problem_of_every_file_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "archrules" / "concepts").mkdir(parents=True)
    (tmp_path / "archrules" / "concepts" / "generated.yaml").write_text(CONCEPT, "utf-8")
    (tmp_path / "archlint.toml").write_text(CONFIG, "utf-8")
    (tmp_path / "archrules" / "acme-a.yaml").write_text(BROKEN_RULE, "utf-8")
    (tmp_path / "archrules" / "acme-b.yaml").write_text(UNKNOWN_KIND, "utf-8")
    (tmp_path / "archrules" / "acme-c.yaml").write_text(DUPLICATE, "utf-8")
    (tmp_path / "baseline.json").write_text(json.dumps(BASELINE, indent=2) + "\n", "utf-8")
    (tmp_path / "docker-compose.yml").write_text("services:\n  db:\n    image: mysql:8\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "."]) == 2
    lines = [line.removeprefix("error: ") for line in capsys.readouterr().err.splitlines()]
    shown = [line.replace(f"{tmp_path.as_posix()}/", "") for line in lines]
    for expected in EXPECTED:
        assert [s for s in shown if s.startswith(expected)], f"missing: {expected}\n" + "\n".join(
            shown
        )
    assert len(shown) == len(EXPECTED), "\n".join(shown)
