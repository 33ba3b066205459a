"""Speed benchmark: archlint against the parse floor on synthetic monorepos.

    python bench/speed.py                       # mono50, mono200, mono1000 (20 modules each)
    python bench/speed.py --corpora mono50 --repeat 3 --write docs/benchmarks.md

For each corpus (generated once with ../shared/bench/make_monorepo.py into --work):
1. the parse floor: read every file archlint reads and parse it with the fastest parser for its
   format (stdlib ast, PyYAML's CSafeLoader, json, tomllib, python-hcl2, tree-sitter when
   installed), in this process;
2. `archlint check` cold (`--no-cache` when the CLI has it), median of --repeat runs, and the same
   with `--jobs 1` when the CLI has it;
3. warm (a second run, cache present, nothing changed), median;
4. one Python file and one values.yaml changed, median;
5. the peak RSS of each kind of run (from the child's rusage).
Each archlint run is a fresh process, as a pre-commit hook or CI job runs it. Timing lives here,
never in tests: machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "bench" / "make_monorepo.py"
CORPORA = {"mono50": 50, "mono200": 200, "mono1000": 1000}
_RSS = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(0 if code in (0, 1) else code)\n"
)


@dataclass
class Row:
    corpus: str
    files: int
    lines: int
    floor: float
    cold: list[float] = field(default_factory=list)
    cold_jobs1: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    changed: list[float] = field(default_factory=list)
    rss_mb: dict[str, float] = field(default_factory=dict)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpora", nargs="+", default=list(CORPORA), choices=list(CORPORA))
    parser.add_argument("--modules", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/archlint-bench"))
    parser.add_argument("--archlint", default=str(Path(sys.executable).with_name("archlint")))
    parser.add_argument("--write", type=Path, help="write the table to this markdown file")
    args = parser.parse_args()
    flags = _cli_flags(args.archlint)
    rows = []
    for name in args.corpora:
        corpus = _corpus(args.work, name, CORPORA[name], args.modules)
        rows.append(_measure(name, corpus, args.archlint, flags, args.repeat))
        print(_table([rows[-1]]).splitlines()[-1], flush=True)
    table = _table(rows)
    print(table)
    if args.write:
        args.write.write_text(_document(table, rows), "utf-8")
    return 0


def _cli_flags(archlint: str) -> set[str]:
    help_text = subprocess.run(
        [archlint, "check", "--help"], capture_output=True, text=True, check=False
    ).stdout
    return {flag for flag in ("--no-cache", "--jobs") if flag in help_text}


def _corpus(work: Path, name: str, services: int, modules: int) -> Path:
    target = work / f"{name}-m{modules}"
    if not (target / ".deviations.json").is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(GENERATOR),
                str(target),
                "--services",
                str(services),
                "--modules",
                str(modules),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def _measure(name: str, corpus: Path, archlint: str, flags: set[str], repeat: int) -> Row:
    floor, files, lines = parse_floor(corpus)
    row = Row(name, files, lines, floor)
    base = [archlint, "check", str(corpus), "--format", "json", "--fail-on", "never"]
    cold = [*base, "--no-cache"] if "--no-cache" in flags else base
    for _ in range(repeat):
        row.cold.append(_timed(cold))
        if "--jobs" in flags:
            row.cold_jobs1.append(_timed([*cold, "--jobs", "1"]))
    _timed(base)  # fill the cache (a no-op without one)
    row.warm = [_timed(base) for _ in range(repeat)]
    py = next(iter(sorted(corpus.rglob("m000.py"))), None)
    values = next(iter(sorted(corpus.rglob("values.yaml"))), None)
    for i in range(repeat):
        for path in (p for p in (py, values) if p is not None):
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"\n# bench edit {i}\n")
        row.changed.append(_timed(base))
    row.rss_mb = {"cold": _rss(cold), "warm": _rss(base)}
    return row


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _rss(argv: list[str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _RSS, *argv], capture_output=True, text=True, check=False
    ).stdout
    return int(out.strip().splitlines()[-1]) / 1024 if out.strip() else float("nan")


def parse_floor(corpus: Path) -> tuple[float, int, int]:
    """Seconds to read and parse every file archlint reads with the fastest parser for it."""
    sys.path.insert(0, str(REPO / "src"))
    import yaml

    from archlint.discovery import discover

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    hcl = _hcl2()
    ts = _tree_sitter()
    paths = [corpus / p for p in discover(corpus).files]
    start = time.perf_counter()
    lines = 0
    for path in paths:
        data = path.read_bytes()
        lines += data.count(b"\n")
        name, suffix = path.name, path.suffix
        try:
            if suffix == ".py":
                ast.parse(data)
            elif suffix in (".yaml", ".yml") and "templates" not in path.parts:
                list(yaml.load_all(data, Loader=loader))
            elif suffix == ".json":
                json.loads(data)
            elif suffix == ".toml":
                tomllib.loads(data.decode())
            elif suffix == ".tf" and hcl is not None:
                hcl.loads(data.decode())
            elif suffix in (".ts", ".tsx", ".js", ".jsx") and ts is not None:
                ts.parse(data)
            elif name == "Dockerfile":
                data.decode().splitlines()
        except Exception:
            pass
    return time.perf_counter() - start, len(paths), lines


def _hcl2() -> object | None:
    try:
        import hcl2

        hcl2.loads('a = "b"\n')  # build the grammar outside the timing
        return hcl2
    except Exception:
        return None


def _tree_sitter() -> object | None:
    try:
        import tree_sitter
        import tree_sitter_typescript

        language = tree_sitter.Language(tree_sitter_typescript.language_typescript())
        return tree_sitter.Parser(language)
    except Exception:
        return None


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _table(rows: list[Row]) -> str:
    head = (
        "| corpus | files | lines | parse floor s | cold s | cold/floor | cold --jobs 1 s | "
        "warm s | one file changed s | changed/cold | peak RSS cold MB |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    body = []
    for r in rows:
        cold = _median(r.cold)
        body.append(
            f"| {r.corpus} | {r.files:,} | {r.lines:,} | {r.floor:.2f} | {cold:.2f} | "
            f"{cold / r.floor:.1f}x | {_median(r.cold_jobs1):.2f} | {_median(r.warm):.2f} | "
            f"{_median(r.changed):.2f} | {_median(r.changed) / cold:.0%} | "
            f"{r.rss_mb.get('cold', float('nan')):.0f} |"
        )
    return "\n".join([head, *body])


def _document(table: str, rows: list[Row]) -> str:
    names = {r.corpus: _median(r.cold) for r in rows}
    scale = ""
    if "mono200" in names and "mono1000" in names:
        scale = f"\nmono1000 cold / mono200 cold: {names['mono1000'] / names['mono200']:.1f}x\n"
    return (
        "# Benchmarks\n\n`python bench/speed.py --write docs/benchmarks.md` "
        f"on a {os.cpu_count()}-core machine.\n\n{table}\n{scale}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
