"""Diff the built-in Helm renderer against Helm's own engine on a folder of charts.

    pip install helm-python-sdk   # test-only: Helm v4's engine (75 MB), never a runtime dep
    python bench/helm_oracle.py /path/to/charts [--diffs]

For each chart unit: every manifest template is rendered by both (release name
``release-name``, namespace ``default``, the chart's values.yaml); the YAML documents of each are
parsed and compared as data. Prints per chart: same / different / only-helm-failed /
only-ours-failed, then totals; ``--diffs`` prints the first differing document of each template.
"""

from __future__ import annotations

import posixpath
import sys
from pathlib import Path
from typing import Any

import yaml

from archlint.discovery import RepoReader, decode, discover
from archlint.parsers.base import SourceFile
from archlint.parsers.helm.chart import HelmChartParser, render_unit
from archlint.parsers.helm.chart_render import template_name


def main(argv: list[str]) -> int:
    from helm_python import Chart

    root = Path(argv[0])
    show = "--diffs" in argv
    paths = list(discover(root).files)
    reader = RepoReader(root)
    parser = HelmChartParser()
    totals = {"same": 0, "different": 0, "helm-failed": 0, "ours-failed": 0}
    for unit in parser.units(paths):
        sources = {}
        for path in unit.inputs:
            try:
                sources[path] = SourceFile(path, decode(path, reader.read_bytes(path)))
            except (OSError, ValueError):
                continue
        outcome = render_unit(unit, sources)
        if outcome is None:
            continue
        ours: dict[str, str] = {}
        top = None
        for item in outcome.rendered:
            top = item.chart
            while top.parent is not None:
                top = top.parent
            ours[template_name(top, item.path)] = item.text
        failed = {template_name(_top(c), e.where.path) for c, e in outcome.errors if e.where.path}
        try:
            with Chart.load(str(root / posixpath.dirname(unit.anchor))) as chart:
                theirs = chart.render(name="release-name", namespace="default")
        except Exception as exc:  # the oracle's failure is data here
            print(f"{unit.anchor}: helm failed: {str(exc)[:200]}")
            totals["helm-failed"] += len(ours)
            continue
        counts = {k: 0 for k in totals}
        for name in sorted(set(theirs) | set(ours) | failed):
            if name.endswith("NOTES.txt") or posixpath.basename(name).startswith("_"):
                continue
            if name not in ours:
                counts["ours-failed" if name in failed or name in theirs else "same"] += 1
                continue
            if name not in theirs:
                counts["same" if not _docs(ours[name]) else "different"] += 1
                continue
            a, b = _docs(ours[name]), _docs(theirs[name])
            if a == b:
                counts["same"] += 1
            else:
                counts["different"] += 1
                if show:
                    _show(name, a, b)
        for k, v in counts.items():
            totals[k] += v
        print(f"{unit.anchor:70} " + " ".join(f"{k}={v}" for k, v in counts.items()))
    print("TOTAL " + " ".join(f"{k}={v}" for k, v in totals.items()))
    return 0


def _top(chart: Any) -> Any:
    while chart.parent is not None:
        chart = chart.parent
    return chart


def _docs(text: str) -> list[Any]:
    try:
        return [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as exc:
        return [f"invalid YAML: {exc}"]


def _show(name: str, ours: list[Any], theirs: list[Any]) -> None:
    for i, (a, b) in enumerate(zip(ours, theirs, strict=False)):
        if a != b:
            print(f"  {name} doc {i}:\n    ours:   {str(a)[:400]}\n    theirs: {str(b)[:400]}")
            return
    print(f"  {name}: {len(ours)} documents against {len(theirs)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
