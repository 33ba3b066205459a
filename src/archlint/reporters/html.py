"""One self-contained HTML file: the architecture picture, findings by component and area, each
with its evidence chain and its rule's docs.

``--format html`` (or ``-o html:archlint.html``). No external resource is loaded (styles, the
picture as inline SVG, a few lines of script to filter findings), so the file opens from a CI
artifact or an e-mail. User content is escaped everywhere. The picture needs the fact graph:
``HtmlReporter(view)`` draws it; without a view (the registry's instance) the page has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import groupby

from archlint.domain.findings import Finding
from archlint.domain.report import Report
from archlint.domain.rules import RuleMeta
from archlint.reporters.base import area_of, fingerprint, sorted_findings
from archlint.reporters.graph.svg import svg
from archlint.reporters.graph.view import View
from archlint.reporters.text import summary_line

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#1f3a68;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1200px}section{margin:0 0 24px}
.picture{overflow:auto;background:#fff;border:1px solid #ddd;border-radius:6px}
.finding{background:#fff;border:1px solid #ddd;border-left:4px solid #999;border-radius:4px;
padding:8px 12px;margin:8px 0}.error{border-left-color:#c62828}.warning{border-left-color:#ef8f00}
.note{border-left-color:#2e7dbb}.where{font-family:ui-monospace,monospace;font-size:13px}
.rule{font-weight:600}.evidence{margin:4px 0 0 0;padding-left:20px}details{margin-top:4px}
input{font:inherit;padding:4px 8px;width:320px}.hidden{display:none}
"""

_SCRIPT = """
(function(){
  var box=document.getElementById('filter');
  var items=Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var count=document.getElementById('shown');
  function apply(){
    var q=box.value.toLowerCase(),n=0;
    items.forEach(function(el){
      var hit=el.textContent.toLowerCase().indexOf(q)>=0;
      el.classList.toggle('hidden',!hit);if(hit){n++;}
    });
    count.textContent=String(n);
  }
  box.addEventListener('input',apply);apply();
  document.body.setAttribute('data-ready','1');
})();
"""


class HtmlReporter:
    """``--format html``."""

    name = "html"

    def __init__(self, view: View | None = None) -> None:
        self.view = view

    def render(self, report: Report, *, color: bool) -> str:
        rules = {r.id: r for r in report.rules}
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>archlint: {escape(summary_line(report))}</title>",
            f"<style>{_STYLE}</style></head><body>",
            f"<header><h1>archlint</h1><div>{escape(summary_line(report))}</div>",
            f"<div>{escape(report.root)} &middot; archlint {escape(report.tool_version)}</div>"
            "</header><main>",
        ]
        if self.view is not None and self.view.nodes:
            parts += ['<section><h2>Architecture</h2><div class="picture">', svg(self.view)]
            parts.append("</div></section>")
        parts.append("<section><h2>Findings</h2>")
        if report.findings:
            parts.append(
                '<p><input id="filter" type="search" placeholder="filter findings" '
                'aria-label="filter findings"> <span id="shown"></span> shown</p>'
            )
        else:
            parts.append('<p id="clean">No findings.</p><span id="filter-none"></span>')
        for owner, findings in self._by_owner(report):
            parts.append(f"<h3>{escape(owner)}</h3>")
            ordered = sorted(findings, key=lambda f: (area_of_id(rules, f.rule_id), f.sort_key()))
            for area, group in groupby(ordered, key=lambda f: area_of_id(rules, f.rule_id)):
                parts.append(f"<h4>{escape(area)}</h4>")
                parts += [_finding(f, rules.get(f.rule_id)) for f in group]
        parts.append("</section>")
        parts += [f"<p>note: {escape(n)}</p>" for n in report.notices]
        script = _SCRIPT if report.findings else "document.body.setAttribute('data-ready','1');"
        parts += ["</main>", f"<script>{script}</script>", "</body></html>"]
        return "\n".join(parts) + "\n"

    def _by_owner(self, report: Report) -> list[tuple[str, list[Finding]]]:
        """Findings grouped by the component (or artifact) they are about, else by file."""
        owner: dict[Finding, str] = {}
        if self.view is not None:
            for node in self.view.nodes:
                for finding in node.findings:
                    owner[finding] = f"{node.label} ({node.detail})"
        groups: dict[str, list[Finding]] = {}
        for finding in sorted_findings(report):
            groups.setdefault(owner.get(finding, finding.location.path), []).append(finding)
        return sorted(groups.items())


def area_of_id(rules: dict[str, RuleMeta], rule_id: str) -> str:
    return area_of(rules[rule_id]) if rule_id in rules else "other"


def _finding(finding: Finding, rule: RuleMeta | None) -> str:
    sev = finding.severity.value
    name = f" {rule.name}" if rule else ""
    evidence = [f"<li><span class=where>{escape(str(finding.location))}</span> reported here</li>"]
    evidence += [
        f"<li><span class=where>{escape(str(r.location))}</span> {escape(r.message)}</li>"
        for r in finding.related
    ]
    docs = _docs(rule) if rule else ""
    return (
        f'<div class="finding {sev}" data-rule="{escape(finding.rule_id)}">'
        f'<span class="rule">{escape(finding.rule_id)}{escape(name)}</span> '
        f"<em>{sev}</em> &middot; {escape(finding.message)}"
        f'<ol class="evidence">{"".join(evidence)}</ol>{docs}'
        f"<small>fingerprint {fingerprint(finding)[:16]}</small></div>"
    )


def _docs(rule: RuleMeta) -> str:
    items: Iterable[tuple[str, str]] = (
        ("What", rule.docs.summary),
        ("Why", rule.docs.why),
        ("How to fix", rule.docs.fix),
    )
    body = "".join(f"<p><b>{label}.</b> {escape(text)}</p>" for label, text in items)
    if rule.docs.example:
        body += f"<pre>{escape(rule.docs.example)}</pre>"
    if rule.help_uri:
        body += f'<p><a href="{escape(rule.help_uri)}">{escape(rule.help_uri)}</a></p>'
    return f"<details><summary>rule docs</summary>{body}</details>"
