"""The chart unit: which files make a chart, and the facts its rendered templates give."""

from __future__ import annotations

from archlint.domain.facts import EdgeKind, NodeKind, ParseResult
from archlint.domain.location import Location
from archlint.parsers.base import SourceFile
from archlint.parsers.helm.chart import HelmChartParser

CHART = {
    "deploy/api/Chart.yaml": """\
apiVersion: v2
name: api
version: 1.0.0
appVersion: "2.1.0"
dependencies:
  - name: redis
    version: 18.x.x
    repository: oci://registry-1.docker.io/bitnamicharts
    condition: redis.enabled
  - name: worker
    version: 0.1.0
""",
    "deploy/api/values.yaml": """\
image:
  registry: myregistry.azurecr.io
  repository: shop/api
  tag: ""
service:
  port: 8000
env:
  LOG_LEVEL: info
  DB_PASSWORD: hunter2
redis:
  enabled: false
worker:
  replicas: 3
""",
    "deploy/api/values-prod.yaml": "image:\n  tag: 2.1.0\n",
    "deploy/api/templates/_helpers.tpl": """\
{{- define "api.fullname" -}}
{{ .Release.Name }}-{{ .Chart.Name }}
{{- end }}
{{- define "api.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{- end }}
""",
    "deploy/api/templates/deployment.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
spec:
  template:
    metadata:
      labels:
        {{- include "api.labels" . | nindent 8 }}
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: api
          image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
          env:
            {{- range $name, $value := .Values.env }}
            - name: {{ $name }}
              value: {{ $value | quote }}
            {{- end }}
            - name: API_TOKEN
              valueFrom:
                secretKeyRef: {name: api, key: token}
          readinessProbe:
            httpGet: {path: /health, port: http}
          volumeMounts:
            - {name: kv, mountPath: /mnt/secrets}
      volumes:
        - name: kv
          csi:
            driver: secrets-store.csi.k8s.io
            volumeAttributes: {secretProviderClass: api-kv}
""",
    "deploy/api/templates/service.yaml": """\
apiVersion: v1
kind: Service
metadata:
  name: {{ include "api.fullname" . }}
spec:
  selector:
    {{- include "api.labels" . | nindent 4 }}
  ports:
    - port: 80
      targetPort: {{ .Values.service.port }}
""",
    "deploy/api/templates/spc.yaml": """\
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata: {name: api-kv}
spec:
  provider: azure
  parameters: {keyvaultName: shop-kv}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: api}
spec:
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            backend: {service: {name: release-name-api}}
""",
    "deploy/api/templates/broken.yaml": "kind: ConfigMap\ndata:\n  x: {{ nosuch .Values }}\n",
    "deploy/api/templates/bad-yaml.yaml": "kind: ConfigMap\ndata: {{ .Values.service }}: x\n",
    "deploy/api/templates/NOTES.txt": "Thanks for installing {{ .Chart.Name }}",
    "deploy/api/charts/worker/Chart.yaml": "apiVersion: v2\nname: worker\nversion: 0.1.0\n",
    "deploy/api/charts/worker/values.yaml": "replicas: 1\n",
    "deploy/api/charts/worker/templates/job.yaml": """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: worker}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: worker
              image: busybox
              args: ["{{ .Values.replicas }}"]
""",
    "deploy/lib/Chart.yaml": "apiVersion: v2\nname: lib\ntype: library\nversion: 0.1.0\n",
    "deploy/lib/templates/_x.tpl": '{{- define "lib.x" -}}x{{- end }}',
}


def parse(files: dict[str, str]) -> ParseResult:
    parser = HelmChartParser()
    units = parser.units(sorted(files))
    assert [u.anchor for u in units] == sorted(
        p for p in files if p.endswith("Chart.yaml") and "/charts/" not in p
    )
    facts, relations, diagnostics = [], [], []
    for unit in units:
        assert set(unit.inputs) <= set(files)
        result = parser.parse_unit(unit, {p: SourceFile(p, files[p]) for p in unit.inputs})
        facts += result.facts
        relations += result.relations
        diagnostics += result.diagnostics
    return ParseResult(tuple(facts), tuple(relations), tuple(diagnostics))


def test_a_chart_with_helpers_subcharts_and_overlays() -> None:
    result = parse(CHART)
    charts = {f.id: f for f in result.facts if f.kind is NodeKind.HELM_CHART}
    api = charts["helm:deploy/api"]
    assert api.get("unvendored") == ["redis"]
    assert api.get("values_files") == ["deploy/api/values.yaml", "deploy/api/values-prod.yaml"]
    assert api.get("templates") == 5 and api.get("rendered") == 3
    assert api.get("subcharts") == ["deploy/api/charts/worker"]
    assert charts["helm:deploy/lib"].get("chart_type") == "library"
    assert charts["helm:deploy/lib"].get("templates") == 0
    assert charts["helm:deploy/api/charts/worker"].get("parent") == "helm:deploy/api"

    by_kind: dict[NodeKind, list] = {}
    for fact in result.facts:
        by_kind.setdefault(fact.kind, []).append(fact)
    image = next(f for f in by_kind[NodeKind.IMAGE] if "container/api/" in f.id)
    assert image.get("ref") == "myregistry.azurecr.io/shop/api:2.1.0"
    assert image.location == Location("deploy/api/templates/deployment.yaml", 15)
    assert image.trace == (Location("deploy/api/values.yaml", 2, 3),)
    ports = {(p.get("source"), p.get("number")) for p in by_kind[NodeKind.PORT]}
    assert ports == {("k8s-container-port", 8000), ("k8s-service-target", 8000)}
    env = {e.get("name"): e for e in by_kind[NodeKind.ENV_VAR]}
    assert env["DB_PASSWORD"].get("value") == "hunter2"
    assert env["DB_PASSWORD"].location.path == "deploy/api/values.yaml"
    assert env["DB_PASSWORD"].location.line == 9
    assert (
        env["API_TOKEN"].get("source") == "k8s-secret-ref"
        and env["API_TOKEN"].get("secret") == "api"
    )
    container = next(c for c in by_kind[NodeKind.K8S_CONTAINER] if c.get("name") == "api")
    assert container.get("readiness_probe") and not container.get("liveness_probe")
    assert container.get("run_as_non_root") is True
    worker = next(c for c in by_kind[NodeKind.K8S_CONTAINER] if c.get("name") == "worker")
    assert worker.get("workload_kind") == "CronJob"
    kinds = {r.kind for r in result.relations}
    assert {EdgeKind.SELECTS, EdgeKind.MOUNTS, EdgeKind.USES_IMAGE, EdgeKind.HAS} <= kinds
    assert [i.get("hosts") for i in by_kind[NodeKind.K8S_INGRESS]] == [["api.example.com"]]
    messages = sorted((d.location.path, d.location.line, d.message) for d in result.diagnostics)
    assert messages[0][:2] == ("deploy/api/templates/bad-yaml.yaml", 2)
    assert "renders invalid YAML" in messages[0][2]
    assert messages[1][:2] == ("deploy/api/templates/broken.yaml", 3)
    assert "function 'nosuch' is not supported" in messages[1][2]


def test_broken_chart_yaml_and_values_are_diagnostics() -> None:
    result = parse({"c/Chart.yaml": "name: [x\n", "c/templates/a.yaml": "kind: X\n"})
    assert [d.location.path for d in result.diagnostics] == ["c/Chart.yaml"]
    result = parse({"c/Chart.yaml": "- x\n"})
    assert "must be a mapping" in result.diagnostics[0].message
    result = parse({"c/Chart.yaml": "name: c\n", "c/values.yaml": "a: [\n"})
    assert result.diagnostics[0].location.path == "c/values.yaml"
    assert [f.kind for f in result.facts] == [NodeKind.HELM_CHART]


def test_template_syntax_errors_name_the_template() -> None:
    result = parse({"c/Chart.yaml": "name: c\n", "c/templates/a.yaml": "x: 1\n{{ if }}\n"})
    assert result.diagnostics[0].location == Location("c/templates/a.yaml", 2)
    assert "template syntax" in result.diagnostics[0].message


def test_each_values_overlay_renders_a_variant_of_what_it_changes() -> None:
    files = {
        **CHART,
        # same as the default render (appVersion is 2.1.0): the same objects, no facts again
        "deploy/api/values-prod.yaml": "image:\n  tag: 2.1.0\n",
        "deploy/api/values.staging.yaml": "env:\n  DB_PASSWORD: null\n  SMTP_TOKEN: s3cr3t\n"
        "worker:\n  replicas: 5\n",
    }
    result = parse(files)
    default = parse(CHART)
    # the default render's facts are untouched
    assert {f.id for f in default.facts} <= {f.id for f in result.facts}
    variants = [f for f in result.facts if f.get("variant")]
    assert {f.get("variant") for f in variants} == {"deploy/api/values.staging.yaml"}
    assert all("@values.staging.yaml#" in f.id for f in variants)
    env = {f.get("name"): f for f in variants if f.kind is NodeKind.ENV_VAR}
    assert "DB_PASSWORD" not in env  # null deletes the key
    # a value the overlay sets is located at the overlay's line, the template line traced
    assert env["SMTP_TOKEN"].location == Location("deploy/api/values.staging.yaml", 3, 3)
    assert env["SMTP_TOKEN"].trace == (Location("deploy/api/templates/deployment.yaml", 22),)
    assert env["LOG_LEVEL"].location.path == "deploy/api/values.yaml"
    # the parent's overlay reaches the subchart through its section
    worker = [f for f in variants if f.kind is NodeKind.K8S_WORKLOAD and "worker" in f.id]
    assert [w.id.split("#")[0] for w in worker] == [
        "helm:deploy/api/charts/worker@values.staging.yaml"
    ]
    # the unchanged Service, SecretProviderClass and Ingress are not rendered again
    assert not [f for f in variants if f.kind in (NodeKind.K8S_SERVICE, NodeKind.K8S_INGRESS)]
    # the chart says which overlays it has; its counts are the default render's
    [chart] = [f for f in result.facts if f.id == "helm:deploy/api"]
    assert chart.get("values_files") == [
        "deploy/api/values.yaml",
        "deploy/api/values-prod.yaml",
        "deploy/api/values.staging.yaml",
    ]
    assert chart.get("workloads") == 1


def test_a_template_needing_a_missing_dependencys_defaults_is_unrendered_not_invalid() -> None:
    chart = {
        "h/Chart.yaml": "name: h\ndependencies:\n  - name: postgresql\n    alias: postgres\n",
        "h/values.yaml": "postgres:\n  image:\n    repository: bitnami/postgresql\n",
        # Helm takes registry and tag from the Bitnami chart's defaults, which are not here
        "h/templates/tests/db.yaml": "kind: Pod\nspec:\n  containers:\n    - image: "
        "{{ .Values.postgres.image.registry }}/{{ .Values.postgres.image.repository }}:"
        "{{ .Values.postgres.image.tag }}\n",
        "h/templates/tests/own.yaml": "kind: Pod\nspec:\n  image: {{ .Values.x }}:\n",
    }
    result = parse(chart)
    assert [d.location.path for d in result.diagnostics] == ["h/templates/tests/own.yaml"]
    (fact,) = [f for f in result.facts if f.kind is NodeKind.HELM_CHART]
    assert fact.get("unrendered") == ["h/templates/tests/db.yaml"]
    assert fact.get("unvendored") == ["postgresql"]
