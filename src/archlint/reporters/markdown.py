"""A markdown summary for ``$GITHUB_STEP_SUMMARY`` or a pull-request comment.

``--format markdown`` (or ``--output markdown:summary.md``) prints the counts, a table of
findings per area (the rule's first tag: ports, frontend, security...) and rule, then the top
findings, most severe first, each linking its rule's docs when the rule has a ``help_uri``::

    ## archlint: 7 findings (2 errors, 5 warnings) in 21 files

    | area | rule | findings |
    |---|---|---:|
    | ports | PRT002 backend-api-port | 2 |

    ### Top findings

    | severity | rule | where | message |
    |---|---|---|---|
    | error | PRT004 | `docker-compose.yml:12` | shop-api: container port 8080 ... |

A clean run is one line. Table cells are escaped (``|``, backticks, line breaks), so a message
cannot break the table.
"""

from __future__ import annotations

from collections import Counter

from archlint.domain.findings import Finding
from archlint.domain.report import Report
from archlint.domain.rules import RuleMeta
from archlint.reporters.base import area_of, sorted_findings
from archlint.reporters.text import summary_line

TOP = 20
"""How many findings the summary lists; the rest are counted."""


class MarkdownReporter:
    """``--format markdown``."""

    name = "markdown"

    def render(self, report: Report, *, color: bool) -> str:
        lines = [f"## archlint: {summary_line(report)}", ""]
        if not report.findings:
            return "\n".join(lines)
        rules = {r.id: r for r in report.rules}
        lines += ["| area | rule | findings |", "|---|---|---:|"]
        counts = Counter(f.rule_id for f in report.findings)
        for rule_id in sorted(counts, key=lambda i: (_area(rules, i), i)):
            name = f"{rule_id} {rules[rule_id].name}" if rule_id in rules else rule_id
            lines.append(
                f"| {_area(rules, rule_id)} | {_link(name, rules.get(rule_id))} | "
                f"{counts[rule_id]} |"
            )
        top = sorted(sorted_findings(report), key=lambda f: -f.severity.rank)[:TOP]
        lines += ["", "### Top findings", "", "| severity | rule | where | message |"]
        lines.append("|---|---|---|---|")
        lines += [_row(f, rules.get(f.rule_id)) for f in top]
        rest = len(report.findings) - len(top)
        if rest:
            lines += ["", f"…and {rest} more; the full list is in the job's log or SARIF upload."]
        for notice in report.notices:
            lines += ["", f"> note: {_cell(notice)}"]
        return "\n".join(lines) + "\n"


def _area(rules: dict[str, RuleMeta], rule_id: str) -> str:
    return area_of(rules[rule_id]) if rule_id in rules else "other"


def _row(finding: Finding, rule: RuleMeta | None) -> str:
    where = f"`{_cell(finding.location.path)}:{finding.location.line}`"
    cells = [finding.severity.value, _link(finding.rule_id, rule), where, _cell(finding.message)]
    return "| " + " | ".join(cells) + " |"


def _link(text: str, rule: RuleMeta | None) -> str:
    if rule is None or not rule.help_uri:
        return _cell(text)
    return f"[{_cell(text)}]({rule.help_uri})"


def _cell(text: str) -> str:
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").split())
