"""The output is a function of the repository's content alone: the order files were created on
disk and the directory archlint runs from do not change a byte of the JSON and SARIF reports,
and the text report only shows its paths from where it runs (they open with a click)."""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import shutil
from pathlib import Path

import pytest

from archlint.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"
_SHOWN = re.compile(r"^(\s*(?:related: |not scanned: )?)(\S+?)(:\d+:\d+|:)(?=\s|$)")


def build(root: Path, reverse: bool) -> Path:
    """The shop and python-standard samples side by side, created file by file in sorted or
    reversed order (directories too), so the two copies differ in creation order."""
    files = sorted(
        (name, path)
        for name in ("shop", "python-standard")
        for path in (SAMPLES / name).rglob("*")
        if path.is_file()
    )
    for name, path in reversed(files) if reverse else files:
        target = root / name / path.relative_to(SAMPLES / name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return root


def run(root: Path, cwd: Path, target: str, reports: Path) -> dict[str, str]:
    """One check from ``cwd`` writing every format; each report with ``root`` written as ROOT."""
    reports.mkdir(parents=True)
    argv = ["check", target, "--format", "json", "--fail-on", "never"]
    argv += ["-o", f"sarif:{reports / 'r.sarif'}", "-o", f"text:{reports / 'r.txt'}"]
    out = io.StringIO()
    with (
        contextlib.chdir(cwd),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        assert main(argv) == 0
    texts = {
        "json": out.getvalue(),
        "sarif": (reports / "r.sarif").read_text("utf-8"),
        "text": (reports / "r.txt").read_text("utf-8"),
    }
    resolved = root.resolve().as_posix()
    return {fmt: text.replace(resolved, "ROOT") for fmt, text in texts.items()}


def from_root(text: str, root: Path, cwd: Path) -> str:
    """A text report run from ``cwd`` with every shown path made relative to the root again."""
    lines = []
    for line in text.splitlines():
        match = _SHOWN.match(line)
        if match and not line.startswith(("ROOT", "No findings")) and match.group(2) != "":
            absolute = posixpath.normpath(posixpath.join(cwd.resolve().as_posix(), match[2]))
            if absolute.startswith(root.resolve().as_posix() + "/"):
                shown = posixpath.relpath(absolute, root.resolve().as_posix())
                line = match[1] + shown + match[3] + line[match.end() :]
        lines.append(line)
    return "\n".join(lines)


def test_creation_order_and_working_directory_do_not_change_the_output(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    runs: dict[str, dict[str, str]] = {}
    roots: dict[str, Path] = {}
    for order in ("sorted", "reversed"):
        root = roots[order] = build(tmp_path / order, reverse=order == "reversed")
        where = {
            "root": (root, "."),
            "subfolder": (root / "shop" / "services", str(root)),
            "elsewhere": (elsewhere, str(root)),
        }
        for name, (cwd, target) in where.items():
            runs[f"{order} from {name}"] = run(
                root, cwd, target, tmp_path / "reports" / order / name
            )
    first = runs["sorted from root"]
    assert '"findings": [' in first["json"] and "PRT" in first["text"]
    # from elsewhere the text shows other paths (../sorted/shop/...): only those differ
    assert runs["sorted from elsewhere"]["text"] != first["text"]
    for label, outputs in runs.items():
        assert outputs["json"] == first["json"], label
        assert outputs["sarif"] == first["sarif"], label
        order, _, place = label.partition(" from ")
        cwd = {"root": roots[order], "subfolder": roots[order] / "shop" / "services"}.get(
            place, elsewhere
        )
        assert from_root(outputs["text"], roots[order], cwd) == from_root(
            first["text"], roots["sorted"], roots["sorted"]
        ), label


@pytest.mark.parametrize(
    ("line", "cwd", "expected"),
    [
        ("../web/a.yml:3:1  PRT001  error  x", "r/sub", "web/a.yml:3:1  PRT001  error  x"),
        ("    related: b.py:1:2 the app", "r", "    related: b.py:1:2 the app"),
        ("not scanned: ../../r/l: symlink loop", "x/y", "not scanned: l: symlink loop"),
    ],
)
def test_paths_shown_from_elsewhere_map_back_to_the_root(
    tmp_path: Path, line: str, cwd: str, expected: str
) -> None:
    assert from_root(line, tmp_path / "r", tmp_path / cwd) == expected
