"""The architecture view as inline SVG (for the HTML report), laid out in columns by kind:
compose projects and services, the Dockerfiles and processes that run components, the
components, then their manifests. Edges are curves between the sides of the boxes."""

from __future__ import annotations

from html import escape

from archlint.reporters.graph.view import View, ViewNode

_COLUMNS = {
    "compose_project": 0,
    "compose_service": 1,
    "dockerfile": 2,
    "process": 2,
    "component": 3,
    "manifest": 4,
}
_W, _H, _GAP_X, _GAP_Y, _PAD = 210, 46, 70, 14, 16


def svg(view: View) -> str:
    places: dict[str, tuple[int, int]] = {}
    rows: dict[int, int] = {}
    for node in view.nodes:
        column = _COLUMNS.get(node.kind, 5)
        row = rows.get(column, 0)
        rows[column] = row + 1
        places[node.id] = (_PAD + column * (_W + _GAP_X), _PAD + row * (_H + _GAP_Y))
    width = _PAD * 2 + (max(_COLUMNS.get(n.kind, 5) for n in view.nodes) + 1) * (_W + _GAP_X)
    height = _PAD * 2 + max(rows.values()) * (_H + _GAP_Y)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="architecture">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#888"/>'
        "</marker></defs>",
    ]
    for edge in view.edges:
        (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
        forward = x2 >= x1
        sx, tx = (x1 + _W, x2) if forward else (x1, x2 + _W)
        sy, ty = y1 + _H // 2, y2 + _H // 2
        bend = max(40, abs(tx - sx) // 2)
        c1, c2 = (sx + bend, tx - bend) if forward else (sx - bend, tx + bend)
        parts.append(
            f'<path d="M{sx},{sy} C{c1},{sy} {c2},{ty} {tx},{ty}" fill="none" stroke="#999" '
            f'marker-end="url(#arrow)"><title>{escape(edge.label)}</title></path>'
        )
    parts += [_box(node, *places[node.id]) for node in view.nodes]
    parts.append("</svg>")
    return "".join(parts)


def _box(node: ViewNode, x: int, y: int) -> str:
    fill, stroke = ("#e8f0fe", "#3b6fd8") if node.kind == "component" else ("#fff", "#999")
    if node.findings:
        fill, stroke = "#fde8e8", "#c62828"
    radius = 18 if node.kind == "component" else 4
    extra = f" · {len(node.findings)} findings" if node.findings else ""
    return (
        f'<g class="node" data-kind="{escape(node.kind)}">'
        f'<rect x="{x}" y="{y}" width="{_W}" height="{_H}" rx="{radius}" fill="{fill}" '
        f'stroke="{stroke}"/>'
        f'<text x="{x + 10}" y="{y + 19}" font-size="13" font-weight="600">'
        f"{escape(_fit(node.label))}</text>"
        f'<text x="{x + 10}" y="{y + 36}" font-size="11" fill="#555">'
        f"{escape(_fit(node.detail + extra))}</text></g>"
    )


def _fit(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
