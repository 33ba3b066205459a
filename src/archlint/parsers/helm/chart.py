"""Helm charts as parse units: ``Chart.yaml`` + values + ``templates/**`` + vendored ``charts/``.

A unit per chart that is not itself vendored under another chart's ``charts/``; it reads (and
claims) every text file of the chart folder. The templates are rendered by the built-in
renderer with ``values.yaml`` (overlays such as ``values-prod.yaml`` are listed on the chart,
not rendered); the rendered YAML becomes Kubernetes facts (parsers/common/k8s_objects.py),
each located at the template line that produced it and traced to the values line it printed.
A template the renderer cannot handle is a diagnostic naming the template, the line and the
construct; the chart's other templates are still rendered. Nothing is fetched: a dependency
that is not vendored is listed on the chart (``unvendored``), and includes of its helpers
render empty; a template that reads its default values and renders no YAML without them is
listed too (``unrendered``), not a diagnostic.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import Any

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.limits import DEFAULT, Limits
from archlint.domain.location import Location
from archlint.formats.yamlpos import YamlDoc, YamlError, load, load_all
from archlint.parsers.base import ParseUnit, Selector, SourceFile
from archlint.parsers.common.k8s_objects import (
    Extracted,
    extract,
    object_relations,
    resolve_named_targets,
)
from archlint.parsers.helm.chart_render import (
    ChartNode,
    Outcome,
    Rendered,
    enabled,
    files_of,
    is_manifest_template,
    render_tree,
    subchart_values,
)
from archlint.parsers.helm.values import Values, from_doc, merge
from archlint.parsers.helm.variants import in_variant, overlays, same_document, variant_prefix

_TEXT = re.compile(
    r"(?i).*\.(ya?ml|tpl|txt|json|toml|conf|cfg|ini|properties|sh|lua|xml|sql|js|py|rules|"
    r"tmpl|gotmpl|j2|html|css|md|pem|crt|key|env)$|\.helmignore"
)
_WRITTEN = frozenset({"k8s-env", "k8s-secret-data", "k8s-config-map-data"})


class HelmChartParser:
    name = "helm"
    selector = Selector(names=frozenset({"Chart.yaml"}))

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.version = "3" + limits.tag(
            "max_nesting",
            "max_yaml_values",
            "max_template_depth",
            "max_render_bytes",
            "max_range_items",
        )

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        roots = {posixpath.dirname(p) for p in paths if p.rpartition("/")[2] == "Chart.yaml"}
        tops = sorted(r for r in roots if not _vendored(r, roots))
        found: list[ParseUnit] = []
        for root in tops:
            anchor = posixpath.join(root, "Chart.yaml") if root else "Chart.yaml"
            prefix = root + "/" if root else ""
            inside = [
                p
                for p in paths
                if p.startswith(prefix)
                and p != anchor
                and _TEXT.fullmatch(p.rpartition("/")[2])
                and not _other_chart(p, root, roots)
            ]
            inputs = (anchor, *inside)
            found.append(ParseUnit(self.name, anchor, anchor, inputs, claims=inputs))
        return found

    def parse_unit(self, unit: ParseUnit, sources: Mapping[str, SourceFile]) -> ParseResult:
        return _Chart(unit, sources, self.limits).build()


def _vendored(root: str, roots: set[str]) -> bool:
    """``x/charts/sub`` with a chart at ``x``: part of x's unit."""
    parent, _, _ = root.rpartition("/")
    grand, _, folder = parent.rpartition("/")
    return folder == "charts" and (grand in roots or (parent == "charts" and "" in roots))


def _other_chart(path: str, root: str, roots: set[str]) -> bool:
    """A file of another top-level chart nested in this chart's folder (not under charts/)."""
    folder = posixpath.dirname(path)
    while folder and folder != root:
        if folder in roots and not _vendored(folder, roots):
            return True
        folder = posixpath.dirname(folder)
    return False


def render_unit(
    unit: ParseUnit, sources: Mapping[str, SourceFile], limits: Limits = DEFAULT
) -> Outcome | None:
    """The chart's templates rendered (for benches and tests); None when Chart.yaml is broken."""
    chart = _Chart(unit, sources, limits)
    top = chart._node(posixpath.dirname(unit.anchor), None, None)
    return None if top is None else render_tree(top, any(chart.unvendored.values()), limits)


class _Chart:
    def __init__(self, unit: ParseUnit, sources: Mapping[str, SourceFile], limits: Limits) -> None:
        self.unit, self.sources, self.limits = unit, sources, limits
        self.facts: list[Fact] = []
        self.relations: list[Relation] = []
        self.diagnostics: list[Diagnostic] = []
        self.unvendored: dict[str, list[str]] = {}
        # chart folder -> the values keys (alias or name) of its dependencies not vendored
        self._missing_keys: dict[str, frozenset[str]] = {}
        # chart folder -> templates that need a missing dependency's default values to be YAML
        self._unrendered: dict[str, set[str]] = {}
        self._workloads = 0
        # (chart folder, template) -> the default render's documents, for variants to compare
        self._default_docs: dict[tuple[str, str], list[Any]] = {}
        self._lines: dict[str, list[str]] = {}  # template lines, read by _as_written

    def build(self) -> ParseResult:
        root = posixpath.dirname(self.unit.anchor)
        top = self._node(root, None, None)
        if top is None:
            return ParseResult(diagnostics=tuple(self.diagnostics))
        lenient = any(self.unvendored.values())
        outcome = render_tree(top, lenient, self.limits)
        self._emit(top, outcome)
        for overlay in overlays(self.sources, root):
            variant = self._node(root, None, None, self._values(overlay))
            if variant is not None:
                self._emit(variant, render_tree(variant, lenient), overlay)
        return ParseResult(
            facts=tuple(sorted(self.facts, key=Fact.sort_key)),
            relations=tuple(
                sorted(set(self.relations), key=lambda r: (r.source, r.target, r.kind))
            ),
            diagnostics=tuple(sorted(set(self.diagnostics))),
        )

    # -- the chart tree ---------------------------------------------------------------------------
    def _node(
        self,
        root: str,
        parent: ChartNode | None,
        key: str | None,
        overlay: Values | None = None,
    ) -> ChartNode | None:
        chart_yaml = posixpath.join(root, "Chart.yaml") if root else "Chart.yaml"
        doc = self._yaml(chart_yaml)
        if doc is None:
            return None
        meta = doc.data if isinstance(doc.data, dict) else {}
        if not isinstance(doc.data, dict):
            self._diag(Location(chart_yaml), "Chart.yaml must be a mapping")
            return None
        own = self._values(posixpath.join(root, "values.yaml") if root else "values.yaml")
        own = merge(own, overlay) if overlay is not None else own
        values = subchart_values(parent, key or "", own) if parent is not None and key else own
        prefix = root + "/" if root else ""
        texts = {p: s.text for p, s in self.sources.items() if p.startswith(prefix)}
        templates = {
            p: t
            for p, t in texts.items()
            if p.startswith(prefix + "templates/") and not self._nested(p, prefix)
        }
        files = {p: t for p, t in texts.items() if not self._nested(p, prefix)}
        node = ChartNode(root, meta, values, templates, files_of(root, files), parent)
        self._children(node, prefix)
        return node

    def _nested(self, path: str, prefix: str) -> bool:
        return path[len(prefix) :].startswith("charts/")

    def _children(self, node: ChartNode, prefix: str) -> None:
        deps = [
            d for d in node.meta.get("dependencies") or [] if isinstance(d, dict) and d.get("name")
        ]
        vendored = sorted(
            {
                p[len(prefix) :].split("/")[1]
                for p in self.sources
                if p.startswith(prefix + "charts/")
                and p.endswith("/Chart.yaml")
                and p[len(prefix) :].count("/") == 2
            }
        )
        by_name = {str(d["name"]): d for d in deps}
        missing = [str(d["name"]) for d in deps if str(d["name"]) not in vendored]
        self.unvendored[node.root] = sorted(missing)
        self._missing_keys[node.root] = frozenset(
            str(d.get("alias") or d["name"]) for d in deps if str(d["name"]) not in vendored
        )
        for folder in vendored:
            sub_root = prefix + "charts/" + folder
            sub_meta = self._yaml(sub_root + "/Chart.yaml")
            name = (
                str((sub_meta.data or {}).get("name") or folder)
                if sub_meta and isinstance(sub_meta.data, dict)
                else folder
            )
            dep = by_name.get(name, {})
            if dep and not enabled(node, dep):
                continue
            child = self._node(sub_root, node, str(dep.get("alias") or name))
            if child is not None:
                node.children.append(child)

    def _values(self, path: str) -> Values:
        doc = self._yaml(path) if path in self.sources else None
        return from_doc(doc, path) if doc is not None else Values({})

    def _yaml(self, path: str) -> YamlDoc | None:
        source = self.sources.get(path)
        if source is None:
            return None
        try:
            return load(
                source.text,
                max_values=self.limits.max_yaml_values,
                max_depth=self.limits.max_nesting,
            )
        except YamlError as exc:
            self._diag(Location(path, exc.line, exc.column), f"invalid YAML: {exc}")
            return None

    # -- facts ------------------------------------------------------------------------------------
    def _emit(self, top: ChartNode, outcome: Outcome, overlay: str | None = None) -> None:
        by_chart: dict[str, list[Rendered]] = {}
        for item in outcome.rendered:
            by_chart.setdefault(item.chart.root, []).append(item)
        for chart, error in outcome.errors:
            where = error.where if error.where.path else Location(chart.root or ".")
            self._diag(where, f"helm template not rendered: {error}")
        stack = [top]
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            rendered = by_chart.get(node.root, [])
            if overlay is None:
                self._chart_facts(node, rendered)
            else:
                self._objects_of(f"helm:{node.root or '.'}", rendered, overlay)

    def _objects_of(self, cid: str, rendered: list[Rendered], overlay: str | None) -> int:
        """The objects of a chart's rendered templates; how many rendered valid YAML."""
        out = Extracted()
        valid = sum(1 for item in rendered if self._objects(item, cid, out, overlay))
        resolve_named_targets(out)
        made = (in_variant(f, overlay) if overlay else f for f in out.facts)
        self.facts.extend(self._as_written(f) for f in made)
        self.relations.extend(out.relations)
        self.relations.extend(Relation(cid, o, EdgeKind.HAS) for o in out.objects)
        self.relations.extend(object_relations(out))
        self._workloads = sum(1 for f in out.facts if f.kind is NodeKind.K8S_WORKLOAD)
        return valid

    def _chart_facts(self, node: ChartNode, rendered: list[Rendered]) -> None:
        cid = f"helm:{node.root or '.'}"
        valid = self._objects_of(cid, rendered, None)
        prefix = node.root + "/" if node.root else ""
        values_file = prefix + "values.yaml"
        deps = [
            str(d["name"])
            for d in node.meta.get("dependencies") or []
            if isinstance(d, dict) and d.get("name")
        ]
        manifests = [p for p in node.templates if is_manifest_template(p)]
        attrs: dict[str, Any] = {
            "name": node.name,
            "version": _text(node.meta.get("version")),
            "app_version": _text(node.meta.get("appVersion")),
            "api_version": _text(node.meta.get("apiVersion")),
            "chart_type": str(node.meta.get("type") or "application"),
            "dir": node.root,
            "values_files": ([values_file] if values_file in self.sources else [])
            + overlays(self.sources, node.root),
            "has_values": values_file in self.sources,
            "dependencies": sorted(deps),
            "unvendored": self.unvendored.get(node.root, []),
            "unrendered": sorted(self._unrendered.get(node.root, ())),
            "subcharts": sorted(c.root for c in node.children),
            "templates": 0 if node.library else len(manifests),
            "rendered": valid,
            "workloads": self._workloads,
            "parent": f"helm:{node.parent.root or '.'}" if node.parent else None,
        }
        self.facts.append(Fact(cid, NodeKind.HELM_CHART, Location(prefix + "Chart.yaml"), attrs))
        if node.parent is not None:
            self.relations.append(Relation(f"helm:{node.parent.root or '.'}", cid, EdgeKind.HAS))

    def _objects(self, item: Rendered, cid: str, out: Extracted, overlay: str | None) -> bool:
        """Facts of one rendered template; False when it rendered invalid YAML. A variant's
        document equal to the default render's is the same object: no facts again."""
        if not item.text.strip():
            return True
        key = (item.chart.root, item.path)
        try:
            docs = load_all(
                item.text,
                max_values=self.limits.max_yaml_values,
                max_depth=self.limits.max_nesting,
            )
        except YamlError as exc:
            if self._needs_missing_values(item):
                self._unrendered.setdefault(item.chart.root, set()).add(item.path)
                return False
            loc, _ = _locate(item, exc.line)
            self._diag(
                loc,
                f"helm template {item.path} renders invalid YAML (rendered line {exc.line}): {exc}",
            )
            return False
        if overlay is None:
            self._default_docs[key] = [d.data for d in docs]
        prefix = variant_prefix(cid, overlay) if overlay else cid
        for i, doc in enumerate(docs):
            if overlay and same_document(self._default_docs.get(key), i, doc.data):
                continue
            extract(
                doc,
                lambda line, _column: _locate(item, line),
                f"{prefix}#{item.path}#{i}",
                item.path,
                out,
                cid,
            )
        return True

    def _needs_missing_values(self, item: Rendered) -> bool:
        """The template reads values under a dependency that is not vendored (`.Values.postgres.
        image.tag` of a Bitnami subchart aliased `postgres`): Helm fills them from the
        dependency's defaults, which are not here, so an invalid render is no error of the
        template."""
        keys = self._missing_keys.get(item.chart.root, frozenset())
        text = item.chart.templates.get(item.path, "")
        return any(f".Values.{key}." in text for key in sorted(keys))

    def _as_written(self, fact: Fact) -> Fact:
        """A value rendered by a template action that printed no values-file value (a
        generated password, a lookup) was not written by anyone: its ``raw`` is the template
        line as written (``{{ randAlphaNum 16 }}``), so rules that judge values as written
        see an expression, not a literal."""
        if fact.kind is not NodeKind.ENV_VAR or fact.get("source") not in _WRITTEN:
            return fact
        at = fact.location
        if at.path.rpartition("/")[2].startswith("values"):
            # from a values file: as written there, unless the template composed more around
            # it (`printf "jwt,ttl=%s" .Values.ttl`), then as the template writes it
            if _unquoted(self._written(at)) == fact.get("raw") or not fact.trace:
                return fact
            at = fact.trace[0]
        written = self._written(at)
        if "{{" not in written:
            return fact
        return Fact(fact.id, fact.kind, fact.location, {**fact.attrs, "raw": written}, fact.trace)

    def _written(self, at: Location) -> str:
        """What line ``at`` writes after its key (``value: {{ .Values.x }}`` -> the action)."""
        if at.path not in self.sources:
            return ""
        if at.path not in self._lines:
            self._lines[at.path] = self.sources[at.path].text.splitlines()
        lines = self._lines[at.path]
        line = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
        return line.split(":", 1)[1].strip() if ":" in line else line.strip()

    def _diag(self, where: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(where, message))


def _locate(item: Rendered, line: int) -> tuple[Location, tuple[Location, ...]]:
    """The template line (and values line) behind rendered line ``line``."""
    index = min(max(line - 1, 0), len(item.origins) - 1)
    for i in range(index, -1, -1):
        origin = item.origins[i]
        if origin is not None:
            return origin.template, ((origin.value,) if origin.value else ())
    return Location(item.path, 1), ()


def _unquoted(text: str) -> str:
    """A values line's scalar as YAML reads it, for the common plain and quoted forms."""
    text = text.split(" #", 1)[0].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
