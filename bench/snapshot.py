"""Snapshot archlint's observable output on every fixture repository, to prove a refactor
changes nothing: `python bench/snapshot.py OUT_DIR` writes, for each sample and each rule
fixture, `check --format json` and `graph` (with the absolute root replaced by `<root>`).

    python bench/snapshot.py /tmp/before      # on the old commit
    python bench/snapshot.py /tmp/after       # on the new one
    diff -r /tmp/before /tmp/after            # nothing: byte-identical

Runs in-process through `archlint.cli.main`, so it measures nothing and needs no install.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from archlint.cli import main  # noqa: E402


def repositories() -> list[Path]:
    samples = sorted(p for p in (ROOT / "fixtures" / "samples").iterdir() if p.is_dir())
    cases = sorted(p for p in (ROOT / "fixtures" / "rules").glob("*/*") if p.is_dir())
    return samples + cases


def run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main(argv)
    return out.getvalue()


def snapshot(out_dir: Path) -> int:
    count = 0
    for repo in repositories():
        name = repo.relative_to(ROOT / "fixtures").as_posix().replace("/", "__")
        for label, argv in (
            # --no-cache: every parser runs (and no .archlint_cache/ is left in the fixtures)
            (
                "check.json",
                ["check", str(repo), "--format", "json", "--fail-on", "never", "--no-cache"],
            ),
            ("graph.json", ["graph", str(repo)]),
        ):
            text = run(argv).replace(repo.resolve().as_posix(), "<root>")
            (out_dir / f"{name}.{label}").write_text(text, "utf-8")
            count += 1
    return count


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    print(f"{snapshot(target)} snapshots written to {target}")
