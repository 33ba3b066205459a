"""Speed benchmark: archlint against the parse floor on synthetic monorepos.

    python bench/speed.py --write docs/benchmarks.md    # mono50, mono200, mono1000 (20 modules)
    python bench/speed.py --corpora mono50 dispatch aks --repeat 3

Corpora: mono50/mono200/mono1000 are generated once with ../shared/bench/make_monorepo.py into
--work; `dispatch` (Netflix/dispatch, a large FastAPI codebase) and `aks` (Azure's AKS Terraform
module) are extracted from the mirrors under /work/.mirror (`fetch github:Netflix/dispatch`).

For each corpus:

For each corpus (generated once with ../shared/bench/make_monorepo.py into --work):
1. the parse floor: read every file archlint reads and parse it with the fastest parser for its
   format (stdlib ast, PyYAML's CSafeLoader, json, tomllib, python-hcl2, tree-sitter when
   installed), in this process;
2. `archlint check` cold (`--no-cache` when the CLI has it), median of --repeat runs, and the same
   with `--jobs 1` when the CLI has it;
3. warm (a second run, cache present, nothing changed), median;
4. one Python file and one values.yaml changed, median;
5. the peak RSS of each kind of run (from the child's rusage);
6. when --tools-venv holds them (a separate venv, never a dependency of archlint), Checkov
   (`--framework terraform dockerfile kubernetes helm --skip-download`) and Semgrep with three
   Python pattern rules (print, create_engine, jwt.encode) on the same corpus, once each.
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
MIRRORS = {"dispatch": "Netflix+dispatch", "aks": "Azure+terraform-azurerm-aks"}
MIRROR_ROOT = Path("/work/.mirror")
SEMGREP_RULES = """rules:
  - id: print-call
    languages: [python]
    severity: WARNING
    message: print() in service code
    pattern: print(...)
  - id: create-engine
    languages: [python]
    severity: WARNING
    message: a database engine
    pattern: sqlalchemy.create_engine(...)
  - id: jwt-encode
    languages: [python]
    severity: WARNING
    message: a JWT issued
    pattern: jwt.encode(...)
"""


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
    checkov: float | None = None
    semgrep: float | None = None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    choices = [*CORPORA, *MIRRORS]
    parser.add_argument("--corpora", nargs="+", default=list(CORPORA), choices=choices)
    parser.add_argument("--modules", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/archlint-bench"))
    parser.add_argument("--archlint", default=str(Path(sys.executable).with_name("archlint")))
    parser.add_argument("--write", type=Path, help="write the results into this markdown file")
    parser.add_argument(
        "--tools-venv",
        type=Path,
        default=Path("/work/bench-venv"),
        help="a venv with checkov and semgrep (skipped, with a note, when absent)",
    )
    parser.add_argument(
        "--tools-on",
        nargs="*",
        choices=choices,
        help="corpora to run Checkov and Semgrep on (default: every corpus measured)",
    )
    args = parser.parse_args()
    flags = _cli_flags(args.archlint)
    tools = _tools(args.tools_venv)
    rows = []
    for name in args.corpora:
        corpus = _corpus(args.work, name, args.modules)
        if corpus is None:
            print(f"{name}: no mirror at {MIRROR_ROOT / MIRRORS[name]}; skipped", flush=True)
            continue
        row = _measure(name, corpus, args.archlint, flags, args.repeat)
        if args.tools_on is None or name in args.tools_on:
            row.checkov, row.semgrep = _competitors(tools, corpus, args.work)
        rows.append(row)
        print(_table([row]).splitlines()[-1], flush=True)
    table = _table(rows)
    print(table)
    print(_ratios(rows, tools))
    if args.write:
        _write(args.write, _document(table, rows, tools, flags))
    return 0


def _cli_flags(archlint: str) -> set[str]:
    help_text = subprocess.run(
        [archlint, "check", "--help"], capture_output=True, text=True, check=False
    ).stdout
    return {flag for flag in ("--no-cache", "--jobs") if flag in help_text}


def _corpus(work: Path, name: str, modules: int) -> Path | None:
    if name in MIRRORS:
        return _extracted(work, name)
    services = CORPORA[name]
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


def _extracted(work: Path, name: str) -> Path | None:
    """The mirror's HEAD as files (``git archive``), extracted once."""
    git_dir = MIRROR_ROOT / MIRRORS[name] / "repo"
    if not git_dir.is_dir():
        return None
    target = work / name
    if not target.is_dir():
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "--git-dir", str(git_dir), "archive", "HEAD"], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def _measure(name: str, corpus: Path, archlint: str, flags: set[str], repeat: int) -> Row:
    floor, files, lines = parse_floor(corpus)
    row = Row(name, files, lines, floor)
    base = [archlint, "check", str(corpus), "--format", "json", "--fail-on", "never"]
    cold = [*base, "--no-cache"] if "--no-cache" in flags else base
    rss: dict[str, float] = {}
    for _ in range(repeat):
        row.cold.append(_run(cold, "cold", rss))
        if "--jobs" in flags:
            row.cold_jobs1.append(_run([*cold, "--jobs", "1"], "cold --jobs 1", rss))
    if "--no-cache" not in flags:  # no cache in this build: warm and changed runs are cold runs
        row.rss_mb = rss
        return row
    _timed(base)  # fill the cache
    row.warm = [_run(base, "warm", rss) for _ in range(repeat)]
    edited = _edited(corpus)
    for i in range(repeat):
        for path in edited:
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"\n# bench edit {i}\n")
        row.changed.append(_run(base, "changed", rss))
    row.rss_mb = rss
    for path in edited:  # the next run of the benchmark starts from the same corpus
        text = path.read_text("utf-8")
        path.write_text(text.split("\n# bench edit ")[0], "utf-8")
    return row


def _edited(corpus: Path) -> list[Path]:
    """One Python file and one values.yaml (a Terraform file where there is neither)."""
    first = [next(iter(sorted(corpus.rglob(p))), None) for p in ("m000.py", "values.yaml")]
    if first[0] is None:
        first[0] = next(iter(sorted(corpus.rglob("*.py"))), None)
    found = [p for p in first if p is not None]
    return found or [p for p in sorted(corpus.rglob("*.tf"))[:1]]


def _tools(venv: Path) -> dict[str, Path]:
    found = {}
    for tool in ("checkov", "semgrep"):
        exe = venv / "bin" / tool
        if exe.is_file():
            found[tool] = exe
    return found


def _competitors(
    tools: dict[str, Path], corpus: Path, work: Path
) -> tuple[float | None, float | None]:
    """Checkov and Semgrep once each on ``corpus`` (None: not installed)."""
    checkov: float | None = None
    semgrep: float | None = None
    if "checkov" in tools:
        frameworks = ["terraform", "dockerfile", "kubernetes", "helm"]
        argv = [str(tools["checkov"]), "-d", str(corpus), "--framework", *frameworks]
        checkov = _timed([*argv, "--skip-download", "--quiet", "--compact"])
    if "semgrep" in tools:
        rules = work / "semgrep-rules.yaml"
        rules.write_text(SEMGREP_RULES, "utf-8")
        argv = [str(tools["semgrep"]), "scan", "--config", str(rules), "--metrics", "off"]
        semgrep = _timed([*argv, "--disable-version-check", "--quiet", str(corpus)])
    return checkov, semgrep


def _timed(argv: list[str]) -> float:
    return _run(argv, "", {})


def _run(argv: list[str], kind: str, rss: dict[str, float]) -> float:
    """Wall seconds of one run; its peak RSS (MB, from the child's own rusage) goes to ``rss``."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped above
    seconds = time.perf_counter() - start
    if kind:
        rss[kind] = max(rss.get(kind, 0.0), usage.ru_maxrss / 1024)
    return seconds


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
        "warm s | one file changed s | changed/cold | peak RSS cold / warm / changed MB | "
        "Checkov s | Semgrep s |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    body = []
    for r in rows:
        cold = _median(r.cold)
        kinds = ("cold", "warm", "changed")  # nan: not run (no cache in this build)
        rss = " / ".join(f"{r.rss_mb.get(k, float('nan')):.0f}" for k in kinds)
        body.append(
            f"| {r.corpus} | {r.files:,} | {r.lines:,} | {r.floor:.2f} | {cold:.2f} | "
            f"{cold / r.floor:.1f}x | {_median(r.cold_jobs1):.2f} | {_median(r.warm):.2f} | "
            f"{_median(r.changed):.2f} | {_median(r.changed) / cold:.0%} | {rss} | "
            f"{_seconds(r.checkov)} | {_seconds(r.semgrep)} |"
        )
    return "\n".join([head, *body])


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _ratios(rows: list[Row], tools: dict[str, Path]) -> str:
    """The issue's ratios, one line each."""
    lines = []
    cold = {r.corpus: _median(r.cold) for r in rows}
    for r in rows:
        c = cold[r.corpus]
        parts = [f"cold/floor {c / r.floor:.1f}x"]
        if r.warm:
            parts.append(f"warm {_median(r.warm):.2f} s")
            parts.append(f"changed/cold {_median(r.changed) / c:.0%}")
        else:
            parts.append("warm and changed not measured (this build has no cache)")
        if r.checkov is not None:
            parts.append(f"Checkov/archlint {r.checkov / c:.1f}x")
        if r.semgrep is not None:
            parts.append(f"Semgrep/archlint {r.semgrep / c:.1f}x")
        lines.append(f"- {r.corpus}: " + ", ".join(parts))
    if "mono200" in cold and "mono1000" in cold:
        lines.append(f"- mono1000 cold / mono200 cold: {cold['mono1000'] / cold['mono200']:.1f}x")
    missing = sorted({"checkov", "semgrep"} - set(tools))
    if missing:
        lines.append(f"- not installed in the tools venv (not measured): {', '.join(missing)}")
    return "\n".join(lines)


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _document(table: str, rows: list[Row], tools: dict[str, Path], flags: set[str]) -> str:
    options = ", ".join(sorted(flags)) or "none"
    return (
        f"{START}\n`python bench/speed.py --write docs/benchmarks.md` on a {os.cpu_count()}-core "
        f"machine, Python {sys.version.split()[0]}; `check` options detected: {options}. Each run "
        "is a fresh process (as a pre-commit hook or CI job runs it); medians.\n\n"
        f"{table}\n\n{_ratios(rows, tools)}\n{END}"
    )


def _write(path: Path, block: str) -> None:
    """Replace the generated block of ``path`` (the text around it, e.g. Decisions, stays)."""
    text = path.read_text("utf-8") if path.is_file() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, "utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
