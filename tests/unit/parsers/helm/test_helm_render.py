"""The built-in Go-template renderer: template text and values in, rendered text out."""

from __future__ import annotations

from typing import Any

import pytest

from archlint.domain.location import Location
from archlint.formats.yamlpos import load
from archlint.parsers.helm.chart_render import ChartNode, render_tree
from archlint.parsers.helm.evaluate import RenderError, to_text
from archlint.parsers.helm.lexer import TemplateSyntaxError
from archlint.parsers.helm.syntax import parse_template
from archlint.parsers.helm.values import Values, from_doc, merge

VALUES = """\
name: web
replicas: 2
image: {repository: app, tag: "1.2.3"}
ports: [8000, 9000]
labels: {tier: backend, team: core}
enabled: true
empty: ""
resources:
  limits: {cpu: 500m}
"""

HELPERS = """\
{{- define "x.name" -}}{{ .Chart.Name }}-{{ .Values.name }}{{- end }}
{{- define "x.labels" -}}
app: {{ include "x.name" . }}
{{- end }}
"""


def render(template: str, values: str = VALUES, files: dict[str, str] | None = None) -> str:
    chart = _chart({"c/templates/t.yaml": template, "c/templates/_h.tpl": HELPERS}, values, files)
    outcome = render_tree(chart, lenient=False)
    if outcome.errors:
        raise outcome.errors[0][1]
    return next(r.text for r in outcome.rendered if r.path == "c/templates/t.yaml")


def _chart(
    templates: dict[str, str], values: str, files: dict[str, str] | None = None
) -> ChartNode:
    meta: dict[str, Any] = {"apiVersion": "v2", "name": "x", "version": "0.1.0", "appVersion": "9"}
    data = from_doc(load(values), "c/values.yaml")
    return ChartNode("c", meta, data, templates, files or {})


CASES = [
    ("{{ .Values.name }}", "web"),
    ("{{- .Values.name -}}  \n", "web"),
    ("a\n  {{- .Values.name }}", "aweb"),
    ("{{/* a comment */}}x", "x"),
    ("{{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }}", "x 0.1.0 9"),
    (
        "{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.Service }}",
        "release-name default Helm",
    ),
    ("{{ .Template.Name }} {{ .Template.BasePath }}", "x/templates/t.yaml x/templates"),
    ("{{ .Capabilities.KubeVersion.Version }}", "v1.31.0"),
    ('{{ if .Capabilities.APIVersions.Has "policy/v1" }}yes{{ end }}', "yes"),
    ("{{ if .Values.enabled }}on{{ else }}off{{ end }}", "on"),
    ("{{ if .Values.missing }}a{{ else if .Values.empty }}b{{ else }}c{{ end }}", "c"),
    ("{{ with .Values.image }}{{ .repository }}:{{ .tag }}{{ end }}", "app:1.2.3"),
    ("{{ with .Values.nope }}a{{ else }}b{{ end }}", "b"),
    ("{{ range .Values.ports }}[{{ . }}]{{ end }}", "[8000][9000]"),
    ("{{ range $i, $p := .Values.ports }}{{ $i }}={{ $p }} {{ end }}", "0=8000 1=9000 "),
    ("{{ range $k, $v := .Values.labels }}{{ $k }}:{{ $v }},{{ end }}", "team:core,tier:backend,"),
    ("{{ range .Values.none }}x{{ else }}none{{ end }}", "none"),
    ("{{ range .Values.ports }}{{ if eq . 9000 }}{{ break }}{{ end }}{{ . }}{{ end }}", "8000"),
    ("{{ range .Values.ports }}{{ if eq . 8000 }}{{ continue }}{{ end }}{{ . }}{{ end }}", "9000"),
    ("{{ range 3 }}{{ . }}{{ end }}", "012"),
    ('{{ $x := .Values.name }}{{ $x = printf "%s!" $x }}{{ $x }}', "web!"),
    ("{{ range .Values.ports }}{{ $.Values.name }}{{ end }}", "webweb"),
    ('{{ include "x.name" . }}', "x-web"),
    ('{{- include "x.labels" . | nindent 2 }}', "\n  app: x-web"),
    ('{{ template "x.name" . }}', "x-web"),
    ('{{ block "x.block" . }}default{{ end }}', "default"),
    ("{{ .Values.name | upper | quote }}", '"WEB"'),
    ("{{ (.Values.image).tag }}", "1.2.3"),
    ('{{ default "d" .Values.missing }} {{ default "d" .Values.name }}', "d web"),
    ('{{ .Values.missing.deeper | default "z" }}', "z"),
    ("{{ toYaml .Values.resources | nindent 2 }}", "\n  limits:\n    cpu: 500m"),
    ("{{ toYaml .Values.ports }}", "- 8000\n- 9000"),
    ("{{ toJson .Values.image }}", '{"repository":"app","tag":"1.2.3"}'),
    ('{{ "a: 1" | fromYaml | toJson }}', '{"a":1}'),
    (
        '{{ printf "%s-%d-%v-%q-%t-%05d-%.2f-%%" "a" 3 true "q" false 42 1.5 }}',
        'a-3-true-"q"-false-00042-1.50-%',
    ),
    ('{{ printf "%s" nil }}', "%!s(<nil>)"),
    ('{{ print "a" 1 2 "b" }}', "a1 2b"),
    ('{{ trunc 3 "abcdef" }} {{ trunc -2 "abcdef" }}', "abc ef"),
    ('{{ trimSuffix "-" "a-" }} {{ trimPrefix "-" "-a" }} {{ trim "  a " }}', "a a a"),
    (
        '{{ replace "." "-" "a.b" }} {{ lower "AB" }} {{ title "hello world" }}',
        "a-b ab Hello World",
    ),
    ('{{ squote "a" }} {{ quote "a" "b" }}', '\'a\' "a" "b"'),
    (
        '{{ contains "b" "abc" }} {{ hasPrefix "a" "abc" }} {{ hasSuffix "c" "abc" }}',
        "true true true",
    ),
    (
        '{{ and 1 0 }} {{ or 0 "" "x" }} {{ not true }} {{ and .Values.enabled .Values.name }}',
        "0 x false web",
    ),
    (
        '{{ eq 1 2 1 }} {{ ne "a" "b" }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 1 2 }} {{ ge 3 2 }}',
        "true true true true false true",
    ),
    ('{{ empty "" }} {{ empty .Values.name }} {{ coalesce "" nil "c" }}', "true false c"),
    ('{{ ternary "y" "n" true }} {{ ternary "y" "n" false }}', "y n"),
    (
        '{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ keys $d }} {{ hasKey $d "a" }} {{ get $d "b" }}',
        "[a b] true 2",
    ),
    ('{{ $d := dict "a" 1 "b" 2 }}{{ $_ := unset $d "a" }}{{ toJson $d }}', '{"b":2}'),
    ('{{ toJson (merge (dict "a" 1) (dict "a" 2 "b" 3)) }}', '{"a":1,"b":3}'),
    ('{{ toJson (mergeOverwrite (dict "a" 1) (dict "a" 2)) }}', '{"a":2}'),
    ("{{ toJson (deepCopy .Values.image) }}", '{"repository":"app","tag":"1.2.3"}'),
    ("{{ first .Values.ports }} {{ last .Values.ports }} {{ len .Values.ports }}", "8000 9000 2"),
    (
        "{{ list 1 2 | toJson }} {{ append (list 1) 2 | toJson }} {{ concat (list 1) (list 2) | toJson }}",
        "[1,2] [1,2] [1,2]",
    ),
    (
        "{{ has 2 (list 1 2) }} {{ without (list 1 2 3) 2 | toJson }} {{ uniq (list 1 1 2) | toJson }}",
        "true [1,3] [1,2]",
    ),
    ('{{ "YQ==" | b64dec }} {{ "a" | b64enc }} {{ "a" | sha256sum | trunc 8 }}', "a YQ== ca978112"),
    (
        '{{ semverCompare ">=1.19-0" .Capabilities.KubeVersion.Version }} {{ semverCompare "<1.20" "1.25.0" }}',
        "true false",
    ),
    (
        '{{ semverCompare "^1.2" "1.9.0" }} {{ semverCompare "~1.2" "1.3.0" }} {{ semverCompare "1.x" "1.4.0" }}',
        "true false true",
    ),
    ('{{ semverCompare ">= 1.14, < 1.19 || >= 1.30" "1.31.0" }}', "true"),
    ('{{ semverCompare ">=1.19" "" }}', "false"),
    ('{{ regexMatch "^[a-z]+$" "abc" }} {{ regexReplaceAll "(a)b" "xab" "${1}c" }}', "true xac"),
    (
        '{{ int "12" }} {{ int64 3.9 }} {{ float64 "1.5" }} {{ toString 5 }} {{ atoi "7" }}',
        "12 3 1.5 5 7",
    ),
    (
        '{{ kindIs "map" .Values.image }} {{ kindIs "slice" .Values.ports }} {{ typeOf "a" }}',
        "true true string",
    ),
    (
        "{{ add 1 2 3 }} {{ sub 5 2 }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 2 }} {{ add1 1 }} {{ max 1 5 }}",
        "6 3 6 3 1 2 5",
    ),
    ('{{ required "set it" .Values.name }}{{ required "set it" .Values.missing }}', "web"),
    ('{{ lookup "v1" "Secret" "ns" "name" | toJson }}', "{}"),
    ('{{ tpl "{{ .Values.name }}-t" . }}', "web-t"),
    (
        '{{ .Files.Get "conf/a.txt" }}{{ range $p, $_ := .Files.Glob "conf/*" }}[{{ $p }}]{{ end }}',
        "hi[conf/a.txt]",
    ),
    ('{{ (.Files.Glob "conf/*").AsConfig }}', "a.txt: hi"),
    (
        '{{ splitList "," "a,b" | toJson }} {{ join "-" (list "a" "b") }} {{ (split "," "a,b")._1 }}',
        '["a","b"] a-b b',
    ),
    (
        "{{ .Values.ports }} {{ .Values.image }} {{ .Values.missing }}",
        "[8000 9000] map[repository:app tag:1.2.3] ",
    ),
    (
        '{{ index .Values.image "tag" }} {{ index .Values.ports 1 }} {{ dig "image" "tag" "n" .Values }}',
        "1.2.3 9000 1.2.3",
    ),
    ('{{ mustToJson (list 1) }} {{ indent 2 "a\\nb" }}', "[1]   a\n  b"),
    (
        '{{ nospace "a b" }} {{ cat "a" "b" }} {{ repeat 2 "a" }} {{ substr 1 3 "abcd" }}',
        "ab a b aa bc",
    ),
]


@pytest.mark.parametrize(("template", "expected"), CASES)
def test_renders_like_helm(template: str, expected: str) -> None:
    assert render(template, files={"conf/a.txt": "hi"}) == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ nosuch 1 }}", "function 'nosuch' is not supported"),
        ('{{ include "undefined" . }}', 'no template named "undefined"'),
        ('{{ fail "boom" }}', "the template calls fail: boom"),
        ("{{ $nope }}", "undefined variable $nope"),
        ("{{ .Values.name 1 }}", "can't give an argument to a non-function"),
        ('{{ semverCompare ">=1" "not-a-version" }}', "invalid semantic version"),
        ('{{ range "abc" }}{{ end }}', "range can't iterate"),
    ],
)
def test_what_it_cannot_render_is_an_error_naming_the_line(template: str, message: str) -> None:
    with pytest.raises(RenderError) as caught:
        render("ok\n" + template)
    assert message in str(caught.value)
    assert caught.value.where == Location("c/templates/t.yaml", 2)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ if .x }}", "not closed"),
        ("{{ end }}", "unexpected {{end}}"),
        ("{{ .x ", "unclosed action"),
        ('{{ "abc }}', "unterminated string"),
        ("{{ }}", "empty action"),
        ("{{ .a | }}", "missing"),
        ("{{ ( .a }}", "unclosed '('"),
        ("{{ define x }}{{ end }}", "needs a quoted name"),
        ("{{ if .a }}{{ else }}{{ else }}{{ end }}", "unexpected {{else}}"),
        ("{{ .a ) }}", "unexpected ')'"),
        ("{{ ~ }}", "unexpected '~'"),
    ],
)
def test_syntax_errors(template: str, message: str) -> None:
    with pytest.raises(TemplateSyntaxError) as caught:
        parse_template("t.yaml", template)
    assert message in str(caught.value)


def test_lines_map_back_to_the_template_and_the_values_file() -> None:
    template = 'kind: Deployment\nspec:\n  image: "{{ .Values.image.repository }}"\n{{- include "x.labels" . | nindent 2 }}\n  res:\n    {{- toYaml .Values.resources | nindent 4 }}\n'
    chart = _chart({"c/templates/t.yaml": template, "c/templates/_h.tpl": HELPERS}, VALUES)
    rendered = next(r for r in render_tree(chart, False).rendered if r.path.endswith("t.yaml"))
    lines = rendered.text.split("\n")
    at = {line.strip(): rendered.origins[i] for i, line in enumerate(lines) if line.strip()}
    image = at['image: "app"']
    assert image is not None and image.template == Location("c/templates/t.yaml", 3)
    assert image.value == Location("c/values.yaml", 3, 9)
    label = at["app: x-web"]
    assert label is not None and label.template.path == "c/templates/_h.tpl"
    cpu = at["cpu: 500m"]
    assert cpu is not None and cpu.template.line == 6 and cpu.value is not None
    assert cpu.value.line == 9


def test_values_merge_keeps_locations_and_null_deletes() -> None:
    base = from_doc(load("a: 1\nb: {c: 2, d: 3}\n"), "values.yaml")
    over = from_doc(load("b: {c: 5, d: null}\n"), "values-prod.yaml")
    merged = merge(base, over)
    assert merged.data == {"a": 1, "b": {"c": 5}}
    assert merged.location(merged.data["b"], "c") == Location("values-prod.yaml", 1, 5)
    assert merged.location(merged.data, "a") == Location("values.yaml", 1, 1)


def test_to_text_prints_like_go() -> None:
    assert to_text(8080.0) == "8080"
    assert to_text(1.5) == "1.5"
    assert to_text(None) == ""
    assert to_text(False) == "false"
    assert to_text({"b": [1, 2]}) == "map[b:[1 2]]"


def test_lenient_includes_render_missing_helpers_empty() -> None:
    chart = _chart({"c/templates/t.yaml": 'name: {{ include "common.names.fullname" . }}x'}, VALUES)
    outcome = render_tree(chart, lenient=True)
    assert not outcome.errors and outcome.rendered[0].text == "name: x"


def test_library_charts_are_not_rendered_and_subcharts_see_scoped_values() -> None:
    parent = _chart(
        {"c/templates/t.yaml": "p: {{ .Values.name }}"},
        "name: top\nsub: {name: child}\nglobal: {env: prod}\n",
    )
    sub_values = Values({"name": "own", "other": 1})
    from archlint.parsers.helm.chart_render import subchart_values

    sub = ChartNode(
        "c/charts/sub",
        {"name": "sub"},
        subchart_values(parent, "sub", sub_values),
        {
            "c/charts/sub/templates/s.yaml": "s: {{ .Values.name }}-{{ .Values.other }}-{{ .Values.global.env }}"
        },
        {},
        parent,
    )
    lib = ChartNode(
        "c/charts/lib",
        {"name": "lib", "type": "library"},
        Values({}),
        {"c/charts/lib/templates/l.yaml": "l: 1"},
        {},
        parent,
    )
    parent.children = [sub, lib]
    texts = {r.path: r.text for r in render_tree(parent, False).rendered}
    assert texts == {
        "c/templates/t.yaml": "p: top",
        "c/charts/sub/templates/s.yaml": "s: child-1-prod",
    }
