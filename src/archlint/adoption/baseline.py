"""The baseline: findings a repository already had when it adopted archlint, accepted for now.

``archlint check --write-baseline FILE`` records every current finding; ``--baseline FILE`` (or
``baseline = "FILE"`` in the config) leaves out the findings it records, so only new ones
fail the build. The file is JSON, sorted, one entry per fingerprint::

    {
      "version": 1,
      "findings": [
        {"fingerprint": "<sha256>", "rule_id": "PRT002", "path": "docker-compose.yml",
         "message": "backend API port 9000 ...", "count": 1}
      ]
    }

An entry is keyed by the finding's fingerprint (rule id, path and evidence key; no line number,
no message), so it keeps matching when lines move or the file is edited elsewhere, while a new
instance of a rule (another file, another piece of evidence) is not absorbed. ``count`` bounds how
many findings one entry absorbs. ``rule_id``, ``path`` and ``message`` are for people reading the
file. Entries that match nothing any more are reported as fixed; ``--write-baseline`` prunes them.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from archlint.domain.findings import Finding
from archlint.domain.report import Report
from archlint.errors import Problem, UsageError
from archlint.reporters.base import fingerprint

VERSION = 1


@dataclass(frozen=True, slots=True)
class Entry:
    fingerprint: str
    rule_id: str
    path: str
    message: str
    count: int = 1
    line: int | None = field(default=None, compare=False)  # of its rule_id in the file read

    def describe(self) -> str:
        return f"{self.rule_id} {self.path}: {self.message}"


@dataclass(frozen=True)
class Baseline:
    entries: tuple[Entry, ...]

    @classmethod
    def of(cls, findings: tuple[Finding, ...]) -> Baseline:
        """A baseline that accepts exactly ``findings``."""
        counts = Counter(fingerprint(f) for f in findings)
        first: dict[str, Finding] = {}
        for finding in sorted(findings, key=Finding.sort_key):
            first.setdefault(fingerprint(finding), finding)
        entries = [
            Entry(fp, f.rule_id, f.location.path, f.message, counts[fp]) for fp, f in first.items()
        ]
        return cls(tuple(sorted(entries, key=lambda e: (e.path, e.rule_id, e.fingerprint))))

    def apply(self, report: Report) -> Report:
        """``report`` without the findings this baseline accepts; entries that matched nothing
        are listed in ``Report.baseline_fixed``."""
        budget = {e.fingerprint: e.count for e in self.entries}
        used: set[str] = set()
        kept: list[Finding] = []
        for finding in report.findings:
            fp = fingerprint(finding)
            if budget.get(fp, 0) > 0:
                budget[fp] -= 1
                used.add(fp)
            else:
                kept.append(finding)
        fixed = tuple(e.describe() for e in self.entries if e.fingerprint not in used)
        return replace(
            report,
            findings=tuple(kept),
            baselined=len(report.findings) - len(kept),
            baseline_fixed=fixed,
        )

    def to_json(self) -> str:
        document = {
            "version": VERSION,
            "findings": [
                {
                    "fingerprint": e.fingerprint,
                    "rule_id": e.rule_id,
                    "path": e.path,
                    "message": e.message,
                    "count": e.count,
                }
                for e in self.entries
            ],
        }
        return json.dumps(document, indent=2, sort_keys=True) + "\n"


def read(path: Path) -> Baseline:
    """The baseline in ``path``; UsageError naming the file (and entry) when it is not one."""
    shown = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(
            f"{shown}: no baseline file; create it with `archlint check --write-baseline {shown}`"
        ) from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read the baseline ({exc.strerror})") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UsageError(
            Problem(shown, f"not a baseline file: invalid JSON ({exc})", line=_line(exc))
        ) from None
    entries = _entries(shown, data)
    # archlint writes one key a line: the n-th "rule_id" line is the n-th entry's
    lines = [n for n, text in enumerate(text.splitlines(), 1) if '"rule_id"' in text]
    if len(lines) == len(entries):
        entries = [replace(e, line=n) for e, n in zip(entries, lines, strict=True)]
    return Baseline(tuple(entries))


def write(path: Path, baseline: Baseline) -> None:
    try:
        path.write_text(baseline.to_json(), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the baseline ({exc.strerror})") from None


def _entries(shown: str, data: Any) -> list[Entry]:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise UsageError(Problem(shown, f"not a baseline file (version {VERSION} expected)"))
    raw = data.get("findings")
    if not isinstance(raw, list):
        raise UsageError(Problem(shown, "expected a list of findings", key="findings"))
    entries = []
    for i, item in enumerate(raw):
        strings = ("fingerprint", "rule_id", "path", "message")
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in strings):
            message = f"expected {{{', '.join(strings)}: string, count: integer}}"
            raise UsageError(Problem(shown, message, key=f"findings[{i}]"))
        count = item.get("count", 1)
        if type(count) is not int or count < 1:
            message = f"expected a positive integer, got {count!r}"
            raise UsageError(Problem(shown, message, key=f"findings[{i}].count"))
        entries.append(
            Entry(item["fingerprint"], item["rule_id"], item["path"], item["message"], count)
        )
    return entries


def _line(exc: ValueError) -> int | None:
    return getattr(exc, "lineno", None)
