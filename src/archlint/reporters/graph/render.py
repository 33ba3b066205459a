"""The architecture view drawn as Mermaid (renders on GitHub), Graphviz dot or GraphML.

Each renderer is a pure function of a :class:`~.view.View`: nodes are numbered ``n0, n1...`` in
view order (so labels never have to be identifiers), and output is byte-stable. A node with
findings shows how many and of which rules, and is drawn in the warning colour.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable

from archlint.reporters.graph.view import View, ViewNode

_SHAPES = {  # mermaid node shapes by kind: components are rounded, artifacts boxes
    "component": ('(["', '"])'),
    "compose_project": ('[["', '"]]'),
    "manifest": ('[/"', '"/]'),
}
_DOT_SHAPES = {"component": "ellipse", "compose_project": "box3d", "manifest": "note"}


def mermaid(view: View) -> str:
    ids = _ids(view)
    lines = ["flowchart LR"]
    for node in view.nodes:
        left, right = _SHAPES.get(node.kind, ('["', '"]'))
        label = "<br/>".join(_mermaid_text(part) for part in _lines(node))
        lines.append(f"  {ids[node.id]}{left}{label}{right}")
    for edge in view.edges:
        lines.append(f"  {ids[edge.source]} -->|{_mermaid_text(edge.label)}| {ids[edge.target]}")
    components = [ids[n.id] for n in view.nodes if n.kind == "component" and not n.findings]
    if components:
        lines.append("  classDef component fill:#e8f0fe,stroke:#3b6fd8")
        lines.append(f"  class {','.join(components)} component")
    flagged = [ids[n.id] for n in view.nodes if n.findings]
    if flagged:
        lines.append("  classDef findings fill:#fde8e8,stroke:#c62828,stroke-width:2px")
        lines.append(f"  class {','.join(flagged)} findings")
    return "\n".join(lines) + "\n"


def dot(view: View) -> str:
    ids = _ids(view)
    lines = [
        "digraph archlint {",
        "  rankdir=LR;",
        '  node [shape=box, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in view.nodes:
        attrs = {
            "label": "\\n".join(_dot_text(part) for part in _lines(node)),
            "shape": _DOT_SHAPES.get(node.kind, "box"),
        }
        if node.findings:
            attrs |= {
                "color": "#c62828",
                "penwidth": "2",
                "style": "filled",
                "fillcolor": "#fde8e8",
            }
        elif node.kind == "component":
            attrs |= {"style": "filled", "fillcolor": "#e8f0fe"}
        body = ", ".join(f'{k}="{v}"' for k, v in attrs.items())
        lines.append(f"  {ids[node.id]} [{body}];")
    for edge in view.edges:
        label = _dot_text(edge.label)
        lines.append(f'  {ids[edge.source]} -> {ids[edge.target]} [label="{label}"];')
    return "\n".join([*lines, "}"]) + "\n"


def graphml(view: View) -> str:
    ids = _ids(view)
    root = ET.Element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
    keys = [("kind", "node"), ("label", "node"), ("detail", "node"), ("fact", "node")]
    keys += [("findings", "node"), ("rules", "node"), ("edge", "edge")]
    for name, target in keys:
        kind = "int" if name == "findings" else "string"
        attrs = {"id": name, "for": target, "attr.name": name, "attr.type": kind}
        ET.SubElement(root, "key", attrs)
    graph = ET.SubElement(root, "graph", {"id": "archlint", "edgedefault": "directed"})
    for node in view.nodes:
        element = ET.SubElement(graph, "node", {"id": ids[node.id]})
        values = {
            "kind": node.kind,
            "label": node.label,
            "detail": node.detail,
            "fact": node.id,
            "findings": str(len(node.findings)),
            "rules": ",".join(sorted({f.rule_id for f in node.findings})),
        }
        for key, value in values.items():
            ET.SubElement(element, "data", {"key": key}).text = value
    for i, edge in enumerate(view.edges):
        attrs = {"id": f"e{i}", "source": ids[edge.source], "target": ids[edge.target]}
        element = ET.SubElement(graph, "edge", attrs)
        ET.SubElement(element, "data", {"key": "edge"}).text = edge.label
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


GRAPH_FORMATS: dict[str, Callable[[View], str]] = {
    "mermaid": mermaid,
    "dot": dot,
    "graphml": graphml,
}


def _ids(view: View) -> dict[str, str]:
    return {node.id: f"n{i}" for i, node in enumerate(view.nodes)}


def _lines(node: ViewNode) -> list[str]:
    parts = [node.label, node.detail]
    if node.findings:
        rules = Counter(f.rule_id for f in node.findings)
        counts = ", ".join(f"{rule} x{n}" if n > 1 else rule for rule, n in sorted(rules.items()))
        noun = "finding" if len(node.findings) == 1 else "findings"
        parts.append(f"{len(node.findings)} {noun}: {counts}")
    return parts


def _mermaid_text(text: str) -> str:
    # mermaid reads entity codes inside a quoted label; quotes, brackets and pipes would end it
    table = {'"': "#quot;", "|": "#124;", "<": "#lt;", ">": "#gt;", "[": "#91;", "]": "#93;"}
    return "".join(table.get(c, c) for c in text.replace("\n", " "))


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
