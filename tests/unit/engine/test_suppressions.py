from __future__ import annotations

import pytest

from archlint.engine.suppressions import Suppressions, scan

ALL = None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # comment styles
        ("port: 80  # archlint: ignore[PRT001]", {"PRT001"}),
        ("EXPOSE 80 # archlint: ignore[DOCK001] dev only", {"DOCK001"}),
        ("const x = 1; // archlint: ignore[TS001]", {"TS001"}),
        ('"port": 80 // archlint: ignore[PRT001]', {"PRT001"}),
        ("resource {} /* archlint: ignore[TF001] */", {"TF001"}),
        ("{{/* archlint: ignore[HELM001] why */}}", {"HELM001"}),
        ("{{- /* archlint: ignore[HELM001] */ -}}", {"HELM001"}),
        ("web: gunicorn app  # archlint: ignore[PROC001]", {"PROC001"}),
        # several ids, spaces, a reason, several markers
        ("# archlint: ignore[A1,B2]", {"A1", "B2"}),
        ("# archlint: ignore[ A1 , B2 ] because reasons", {"A1", "B2"}),
        ("# archlint:ignore[A1]", {"A1"}),
        ("# archlint: ignore[A1] and archlint: ignore[B2]", {"A1", "B2"}),
        # bare ignore = every rule; empty brackets = nothing
        ("x = 1  # archlint: ignore", ALL),
        ("x = 1  # archlint: ignore  legacy code", ALL),
        ("# archlint: ignore[A1] archlint: ignore", ALL),
        ("# archlint: ignore[]", set()),
        # a comment after a string that holds comment tokens
        ("url = 'http://x#y'  # archlint: ignore[A1]", {"A1"}),
        ("msg: it's fine # archlint: ignore[A1]", {"A1"}),
        ("s = f'{x}'  # archlint: ignore[A1]", {"A1"}),
    ],
)
def test_scan_finds_markers(line: str, expected: set[str] | None) -> None:
    marks = scan(f"first line\n{line}\nlast line\n")
    assert marks == {2: None if expected is None else frozenset(expected)}


@pytest.mark.parametrize(
    "line",
    [
        's = "# archlint: ignore[A1]"',
        "s = '// archlint: ignore[A1]'",
        's = "a \\" # archlint: ignore[A1]"',
        "archlint: ignore[A1]",  # not in a comment
        "name: archlint: ignore",
        "# archlint: ignored by nobody",
        "# archlint: ignore-file",
        "# archlint ignore[A1]",
    ],
)
def test_scan_ignores_non_markers(line: str) -> None:
    assert scan(line + "\n") == {}


def suppressions(files: dict[str, str]) -> tuple[Suppressions, list[str]]:
    reads: list[str] = []

    def get_text(path: str) -> str | None:
        reads.append(path)
        return files.get(path)

    return Suppressions.from_texts(get_text), reads


SOURCE = """\
a: 1  # archlint: ignore[R1]
b: 2
# archlint: ignore[R2, R3] reason
c: 3
    # archlint: ignore
d: 4
{{/* archlint: ignore[R4] */}}
e: 5
"""


@pytest.mark.parametrize(
    ("rule_id", "line", "expected"),
    [
        ("R1", 1, True),  # trailing comment, same line
        ("R1", 2, False),  # a trailing comment does not cover the next line
        ("R2", 1, False),
        ("R2", 3, True),
        ("R2", 4, True),  # a comment line covers the line below
        ("R3", 4, True),
        ("R1", 4, False),
        ("R2", 2, False),  # ...not the line above it
        ("ANY", 6, True),  # bare ignore, indented
        ("ANY", 7, False),
        ("R4", 8, True),  # helm comment on its own line
        ("R4", 9, False),
    ],
)
def test_is_suppressed(rule_id: str, line: int, expected: bool) -> None:
    sup, _ = suppressions({"values.yaml": SOURCE})
    assert sup.is_suppressed(rule_id, "values.yaml", line) is expected


def test_files_are_read_once_and_missing_files_suppress_nothing() -> None:
    sup, reads = suppressions({"a.py": "x = 1  # archlint: ignore[R1]\n"})
    assert sup.is_suppressed("R1", "a.py", 1)
    assert not sup.is_suppressed("R2", "a.py", 1)
    assert not sup.is_suppressed("R1", "gone.py", 1)
    assert not sup.is_suppressed("R1", "gone.py", 2)
    assert reads == ["a.py", "gone.py"]


# -- unknown ids and unused markers ---------------------------------------------------------------
MARKED = {
    "compose.yaml": (
        "services:\n"
        "  web:\n"
        "    ports:\n"
        "      # archlint: ignore[PRT002] metrics\n"
        '      - "9000:9000"\n'
        '      - "9100:9100"  # archlint: ignore[PRT02,PRT001]\n'
    ),
    "Dockerfile": "FROM python:3.12  # archlint: ignore\nEXPOSE 80  # archlint: ignore[INF001]\n",
    "README.md": "no markers here\n",
}


def marked() -> Suppressions:
    return Suppressions.from_texts(MARKED.get)


def test_unknown_ids_get_a_did_you_mean() -> None:
    remarks = marked().unknown(MARKED, {"PRT001", "PRT002", "INF001"})
    assert [(r.path, r.line, r.message) for r in remarks] == [
        ("compose.yaml", 6, "archlint: ignore[PRT02] names no rule; did you mean 'PRT002'?"),
    ]
    far = marked().unknown(["compose.yaml"], {"ZZZ999"})
    assert [(r.line, r.message) for r in far] == [
        (4, "archlint: ignore[PRT002] names no rule"),
        (6, "archlint: ignore[PRT001] names no rule"),
        (6, "archlint: ignore[PRT02] names no rule"),
    ]


def test_unused_lists_markers_that_suppressed_nothing() -> None:
    sup = marked()
    assert sup.is_suppressed("PRT002", "compose.yaml", 5)  # the standalone line above
    assert sup.is_suppressed("INF001", "Dockerfile", 2)
    remarks = sup.unused(MARKED, {"PRT001", "PRT002", "INF001"})
    assert [(r.path, r.line, r.message) for r in remarks] == [
        ("Dockerfile", 1, "archlint: ignore suppresses nothing"),
        ("compose.yaml", 6, "archlint: ignore[PRT001] suppresses nothing"),
    ]


def test_unused_judges_only_rules_that_ran() -> None:
    sup = marked()
    remarks = sup.unused(MARKED, {"PRT002"})
    assert [(r.path, r.line) for r in remarks] == [("Dockerfile", 1), ("compose.yaml", 4)]
    assert sup.unused(MARKED, set()) == []
