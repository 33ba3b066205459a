from __future__ import annotations

from archlint.domain.findings import Finding, Severity
from archlint.domain.location import Location
from archlint.reporters.graph.render import dot, graphml, mermaid
from archlint.reporters.graph.view import View, ViewEdge, ViewNode

FINDING = Finding("PRT002", Severity.WARNING, "m", Location("a"), "k")
VIEW = View(
    nodes=(
        ViewNode("component:api", "component", 'api "v2" [x]|y', "python-backend"),
        ViewNode("manifest:p", "manifest", "pyproject.toml", "manifest pyproject.toml:1"),
        ViewNode("df", "dockerfile", "Dockerfile", 'dockerfile "D":1', (FINDING, FINDING)),
    ),
    edges=(
        ViewEdge("component:api", "manifest:p", "owns"),
        ViewEdge("df", "component:api", "runs"),
    ),
)


def test_mermaid_escapes_what_would_end_a_label() -> None:
    text = mermaid(VIEW)
    assert '  n0(["api #quot;v2#quot; #91;x#93;#124;y<br/>python-backend"])\n' in text
    assert '  n1[/"pyproject.toml<br/>manifest pyproject.toml:1"/]\n' in text
    assert "<br/>2 findings: PRT002 x2" in text
    assert "  class n0 component\n" in text and "  class n2 findings\n" in text


def test_dot_escapes_quotes() -> None:
    text = dot(VIEW)
    assert 'n0 [label="api \\"v2\\" [x]|y\\npython-backend", shape="ellipse"' in text
    assert 'n2 -> n0 [label="runs"];' in text
    assert 'color="#c62828"' in text


def test_graphml_keys() -> None:
    text = graphml(VIEW)
    assert '<key id="findings" for="node" attr.name="findings" attr.type="int" />' in text
    assert '<edge id="e0" source="n0" target="n1">' in text
