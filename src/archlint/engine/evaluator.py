"""Runs compiled rules over the fact graph and turns failed conditions into findings."""

from __future__ import annotations

from collections.abc import Iterable

from archlint.domain.describe import describe
from archlint.domain.facts import Fact, NodeKind
from archlint.domain.findings import Finding, RelatedLocation
from archlint.domain.graph import FactGraph
from archlint.engine.chains import chain_nodes
from archlint.engine.loader import Check, CompiledRule, Requirement
from archlint.engine.predicates import Outcome
from archlint.engine.templates import render


def evaluate(rules: Iterable[CompiledRule], graph: FactGraph) -> list[Finding]:
    """Every finding of every rule, deduplicated and sorted."""
    found: dict[tuple[str, str, int, int, str], Finding] = {}
    for rule in sorted(rules, key=lambda r: r.meta.id):
        for finding in evaluate_rule(rule, graph):
            loc = finding.location
            found.setdefault(
                (finding.rule_id, loc.path, loc.line, loc.column, finding.message), finding
            )
        graph.walks.clear()  # the next rule walks with hops of its own
    return sorted(found.values(), key=Finding.sort_key)


def evaluate_rule(rule: CompiledRule, graph: FactGraph) -> list[Finding]:
    findings: list[Finding] = []
    for check in rule.checks:
        findings.extend(_evaluate_check(rule, check, graph))
    return findings


def _evaluate_check(rule: CompiledRule, check: Check, graph: FactGraph) -> list[Finding]:
    findings: list[Finding] = []
    for anchor in graph.facts(check.select_kind):
        chosen = check.where.test(anchor, graph) if check.where is not None else Outcome(True)
        if not chosen.ok:
            continue
        if check.require is None:
            findings.append(_finding(rule, check, anchor, (), chosen, graph))
            continue
        for part in check.require:
            required = part.that.test(anchor, graph)
            if required.ok:
                continue
            bindings = {**chosen.bindings, **required.bindings}
            outcome = Outcome(False, required.evidence, required.groups, bindings)
            for group in required.groups or (required.evidence,):
                findings.append(_finding(rule, check, anchor, group, outcome, graph, part))
    return findings


def _finding(
    rule: CompiledRule,
    check: Check,
    anchor: Fact,
    evidence: tuple[Fact, ...],
    out: Outcome,
    graph: FactGraph,
    part: Requirement | None = None,
) -> Finding:
    report_at = part.report_at if part is not None and part.report_at else check.report_at
    at_anchor = report_at == "anchor" or not evidence
    primary = anchor if at_anchor else evidence[0]
    # a finding about a component points at that component's own files: a dependency it has
    # through a workspace package (``@acme/dal`` brings mongoose) is reported at its manifest,
    # the package's line a related location
    location = anchor.location if _elsewhere(anchor, primary) else primary.location
    # each place once: evidence at the finding's own line (one image seen by two compose
    # projects of the same file) is no related location
    related = [
        RelatedLocation(e.location, describe(e))
        for e in evidence
        if e.id != primary.id and e.location != location
    ]
    if location != primary.location:
        related.append(RelatedLocation(primary.location, describe(primary)))
    # the places a fact was also made from (its trace), each place listed once
    seen = {location, *(r.location for r in related)}
    for traced in (primary, *evidence):
        for loc in traced.trace:
            if loc not in seen:
                seen.add(loc)
                related.append(RelatedLocation(loc, describe(traced)))
    # the evidence chain: the nodes the rule's ``chain`` walk passes from the anchor
    chains = (part.chain if part is not None else ()) or check.chain
    for node in (n for walk in chains for n in chain_nodes(walk, anchor, graph)):
        if node.location not in seen:
            seen.add(node.location)
            related.append(RelatedLocation(node.location, describe(node)))
    # stable across edits (no line numbers); ``tag`` tells apart the requirements of one rule
    key = anchor.id + check.tag + (part.tag if part is not None else "")
    if evidence:
        key += "|" + "|".join(sorted(e.id for e in evidence))
    template = (part.message if part is not None else None) or check.message or rule.meta.message
    message = render(template, anchor, rule.meta.parameters, out.bindings, evidence, primary)
    return Finding(
        rule_id=rule.meta.id,
        severity=check.severity or rule.meta.severity,
        message=message,
        location=location,
        evidence_key=key,
        related=tuple(sorted(set(related))),
    )


def _elsewhere(anchor: Fact, primary: Fact) -> bool:
    """A component's dependency declared in another package's manifest, outside its folder."""
    if anchor.kind is not NodeKind.COMPONENT or primary.kind is not NodeKind.DEPENDENCY:
        return False
    root = str(anchor.get("path") or "")
    path = primary.location.path
    return bool(root) and not (path == root or path.startswith(root + "/"))
