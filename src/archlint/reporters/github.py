"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request diff.

``--format github`` prints ``::error file=PATH,line=N,col=N,title=ID name::message`` lines (error,
warning and notice for note), for repositories that do not upload SARIF to code scanning.
Values are escaped the way the Actions runner expects (``%``, CR and LF everywhere; ``:`` and
``,`` in properties too).
"""

from __future__ import annotations

from archlint.domain.findings import Severity
from archlint.domain.report import Report
from archlint.reporters.base import sorted_findings

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


class GithubReporter:
    name = "github"

    def render(self, report: Report, *, color: bool) -> str:
        names = {r.id: r.name for r in report.rules}
        lines = []
        for f in sorted_findings(report):
            props = {
                "file": f.location.path,
                "line": str(f.location.line),
                "col": str(f.location.column),
                "title": f"{f.rule_id} {names.get(f.rule_id, '')}".strip(),
            }
            fields = ",".join(f"{k}={_property(v)}" for k, v in props.items())
            lines.append(f"::{_LEVEL[f.severity]} {fields}::{_data(f.message)}")
        remarks = [("warning", d) for d in (*report.warnings, *report.unused_suppressions)]
        remarks += [("notice", d) for d in report.partly_read]
        for level, diag in remarks:
            where = f"file={_property(diag.location.path)},line={diag.location.line}"
            lines.append(f"::{level} {where},title=archlint::{_data(diag.message)}")
        return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
