"""The renderer within its limits: include depth, output bytes and range iterations are bounded,
and hitting one is a render error naming the template line and the setting."""

from __future__ import annotations

import time
from typing import Any

import pytest

from archlint.domain.limits import Limits
from archlint.formats.yamlpos import load
from archlint.parsers.helm.chart_render import ChartNode, render_tree
from archlint.parsers.helm.values import from_doc

SMALL = Limits(max_template_depth=5, max_render_bytes=2_000, max_range_items=50)


def errors(template: str, limits: Limits) -> list[tuple[int, str]]:
    meta: dict[str, Any] = {"apiVersion": "v2", "name": "x", "version": "0.1.0"}
    values = from_doc(load("items: [a, b, c]\n"), "c/values.yaml")
    templates = {"c/templates/t.yaml": template}
    outcome = render_tree(ChartNode("c", meta, values, templates, {}), False, limits)
    return [(e.where.line, str(e)) for _, e in outcome.errors]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            '{{- define "loop" }}{{ include "loop" . }}{{ end }}\nx: {{ include "loop" . }}\n',
            (1, 'template "loop" nests deeper than 5 levels (limits: max-template-depth)'),
        ),
        (
            "a: 1\n{{ range until 1000000000 }}x{{ end }}\n",
            (2, "until: builds more than 50 items (limits: max-range-items)"),
        ),
        (
            "a: 1\n{{ range untilStep 0 1000000000 1 }}x{{ end }}\n",
            (2, "untilStep: builds more than 50 items (limits: max-range-items)"),
        ),
        (
            "{{ seq 1 100000000 }}\n",
            (1, "seq: builds more than 50 items (limits: max-range-items)"),
        ),
        (
            "a: 1\n\n{{ range 1000000000000 }}x{{ end }}\n",
            (3, "ranges over more than 50 items (limits: max-range-items)"),
        ),
        (
            "{{ range until 40 }}{{ range until 40 }}x{{ end }}{{ end }}\n",
            (1, "ranges over more than 50 items (limits: max-range-items)"),
        ),
        (
            'a: {{ repeat 1000000000 "x" }}\n',
            (1, "repeat: builds more than 2,000 bytes (limits: max-render-bytes)"),
        ),
        (
            "a: {{ .Values.items | toYaml | indent 1000000000 }}\n",
            (1, "indent: builds more than 2,000 bytes (limits: max-render-bytes)"),
        ),
        (
            '{{ range until 45 }}{{ repeat 50 "x" }}\n{{ end }}',
            (1, "renders more than 2,000 bytes (limits: max-render-bytes)"),
        ),
    ],
)
def test_each_limit_is_a_render_error_naming_its_line(
    template: str, expected: tuple[int, str]
) -> None:
    started = time.perf_counter()
    assert errors(template, SMALL) == [expected]
    assert time.perf_counter() - started < 5  # stopped early, not after the work


def test_the_defaults_render_real_sizes_and_stop_a_bomb() -> None:
    assert errors('{{ range until 1000 }}{{ repeat 100 "x" }}\n{{ end }}', Limits()) == []
    [(_, message)] = errors('a: {{ repeat 100000000 "xx" }}\n', Limits())
    assert message == "repeat: builds more than 16,777,216 bytes (limits: max-render-bytes)"


def test_the_budget_is_per_template() -> None:
    meta: dict[str, Any] = {"apiVersion": "v2", "name": "x", "version": "0.1.0"}
    values = from_doc(load("{}"), "c/values.yaml")
    each = "{{ range until 30 }}x{{ end }}\n"
    templates = {f"c/templates/t{i}.yaml": each for i in range(3)}
    outcome = render_tree(ChartNode("c", meta, values, templates, {}), False, SMALL)
    assert outcome.errors == [] and len(outcome.rendered) == 3
