"""Benchmark: archlint on synthetic monorepos of growing size, phase by phase.

    python bench/run.py --services 10 50 200 --modules 5

Generates each repository with ../shared/bench/make_monorepo.py (deterministic), then times
discovery, parsing + linking (the fact graph) and rule evaluation in-process, best of --repeat
runs, and checks the planted deviations this rule pack covers were all found (recall).
Timing lives here, never in tests: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from archlint import app
from archlint.config import Config
from archlint.discovery import discover
from archlint.domain.findings import Finding
from archlint.engine.evaluator import evaluate

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "bench" / "make_monorepo.py"
# planted deviation kind -> the rule that must report it, and how to find the finding
COVERED = {"backend-port-out-of-range": "PRT002", "single-stage-dockerfile": "INF001"}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--services", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--modules", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--generator", type=Path, default=GENERATOR)
    args = parser.parse_args()
    columns = [
        "services",
        "files",
        "facts",
        "edges",
        "discover s",
        "graph s (incl. discover)",
        "rules s",
        "total s",
        "files/s",
        "findings",
        "recall",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---:|" * (len(columns) - 1) + "---|")
    for services in args.services:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "repo"
            subprocess.run(
                [
                    sys.executable,
                    str(args.generator),
                    str(root),
                    "--services",
                    str(services),
                    "--modules",
                    str(args.modules),
                ],
                check=True,
                capture_output=True,
            )
            print(_measure(root, args.repeat), flush=True)
    return 0


def _measure(root: Path, repeat: int) -> str:
    config = Config()
    rules = app.select_rules(config)
    best: dict[str, float] = {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        files = discover(root).files
        t1 = time.perf_counter()
        scan = app.build_graph(root, config)
        t2 = time.perf_counter()
        findings = evaluate(rules, scan.graph)
        t3 = time.perf_counter()
        for name, value in (("discover", t1 - t0), ("graph", t2 - t1), ("rules", t3 - t2)):
            best[name] = min(best.get(name, value), value)
    total = best["graph"] + best["rules"]
    graph = scan.graph.to_dict()
    recall = _recall(root, findings)
    return (
        f"| {len(_services(root))} | {len(files)} | {len(graph['nodes'])} | {len(graph['edges'])} "
        f"| {best['discover']:.3f} | {best['graph']:.3f} | {best['rules']:.3f} "
        f"| {total:.3f} | {len(files) / total:,.0f} | {len(findings)} | {recall} |"
    )


def _services(root: Path) -> list[Path]:
    return sorted((root / "services").glob("*")) if (root / "services").is_dir() else []


def _recall(root: Path, findings: list[Finding]) -> str:
    planted = json.loads((root / ".deviations.json").read_text())
    hits = misses = 0
    for dev in planted:
        rule = COVERED.get(dev["kind"])
        if rule is None:
            continue
        found = any(
            f.rule_id == rule
            and (f"/{dev['service']}/" in f"/{f.location.path}" or dev["service"] in f.message)
            for f in findings
        )
        hits, misses = (hits + 1, misses) if found else (hits, misses + 1)
    return f"{hits}/{hits + misses}" if hits + misses else "n/a"


if __name__ == "__main__":
    sys.exit(main())
