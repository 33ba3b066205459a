"""`archlint rules` prints its table as text: columns two spaces apart, the summary last."""

from __future__ import annotations

from archlint.cli.rules import rules_table


def test_columns_line_up_and_the_summary_is_left_whole() -> None:
    rows = [
        (
            "PRT001",
            "frontend-dev-port",
            "warning",
            "on",
            "A frontend dev server listens outside 51XX.",
        ),
        ("SEC006", "no-literal-secrets", "error", "off", "x" * 250),
    ]
    lines = rules_table(rows).splitlines()
    assert lines[0] == "id      name                severity  on   summary"
    assert lines[1] == (
        "PRT001  frontend-dev-port   warning   on   A frontend dev server listens outside 51XX."
    )
    assert lines[2] == "SEC006  no-literal-secrets  error     off  " + "x" * 250
    assert [line.split()[3] for line in lines[1:]] == ["on", "off"]


def test_the_header_is_bold_on_a_colour_terminal() -> None:
    text = rules_table([("A1", "n", "note", "on", "s")], bold=True)
    assert text.startswith("\x1b[1mid  name  severity  on  summary\x1b[0m\n")
    assert text.endswith("A1  n     note      on  s\n")
