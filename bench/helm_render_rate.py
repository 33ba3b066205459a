"""The built-in Helm renderer's render rate on a folder of charts.

    python bench/helm_render_rate.py /path/to/charts [--misses]

For each chart unit under the folder (vendored subcharts included in their parent): how many
manifest templates there are and how many rendered without a diagnostic; then the total, and
with ``--misses`` every diagnostic. Reads the disk itself (a bench, not archlint's path).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from archlint.discovery import RepoReader, decode, discover
from archlint.domain.facts import NodeKind
from archlint.parsers.base import SourceFile
from archlint.parsers.helm.chart import HelmChartParser


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    show = "--misses" in argv
    paths = list(discover(root).files)
    reader = RepoReader(root)
    parser = HelmChartParser()
    total = ok = 0
    reasons: Counter[str] = Counter()
    started = time.perf_counter()
    for unit in parser.units(paths):
        sources: dict[str, SourceFile] = {}
        for path in unit.inputs:
            try:
                sources[path] = SourceFile(path, decode(path, reader.read_bytes(path)))
            except (OSError, ValueError):
                continue
        result = parser.parse_unit(unit, sources)
        charts = [f for f in result.facts if f.kind is NodeKind.HELM_CHART]
        templates = sum(int(c.get("templates")) for c in charts)
        rendered = sum(int(c.get("rendered")) for c in charts)
        total, ok = total + templates, ok + rendered
        rate = 100.0 * rendered / templates if templates else 100.0
        print(f"{unit.anchor:70} {rendered:4}/{templates:<4} {rate:6.1f}%")
        for d in result.diagnostics:
            reasons[_reason(d.message)] += 1
            if show:
                print(f"    {d.location.path}:{d.location.line}: {d.message}")
    elapsed = time.perf_counter() - started
    rate = 100.0 * ok / total if total else 100.0
    print(
        f"TOTAL {ok}/{total} templates rendered without a diagnostic: {rate:.1f}% in {elapsed:.1f}s"
    )
    for reason, count in reasons.most_common(15):
        print(f"  {count:4}  {reason}")
    return 0


def _reason(message: str) -> str:
    return message.split(":", 2)[1].strip()[:90] if ":" in message else message[:90]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
