"""Plain manifests and kustomizations."""

from __future__ import annotations

from archlint.domain.facts import NodeKind
from archlint.domain.location import Location
from archlint.parsers.base import SourceFile
from archlint.parsers.kubernetes.kustomize import KustomizationParser
from archlint.parsers.kubernetes.manifests import ManifestParser

MANIFEST = """\
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: data}
    spec:
      replicas: 1
      template:
        metadata: {labels: {app: db}}
        spec:
          securityContext: {runAsUser: 0}
          initContainers:
            - name: init
              image: busybox@sha256:abc
          containers:
            - name: db
              image: postgres:16
              securityContext: {runAsUser: 999, privileged: true, allowPrivilegeEscalation: false}
              resources:
                requests: {cpu: 100m, memory: 128Mi}
                limits: {memory: 256Mi}
              livenessProbe: {tcpSocket: {port: 5432}}
              ports:
                - containerPort: 5432
                - containerPort: not-a-number
              envFrom:
                - secretRef: {name: db}
                - configMapRef: {name: db-config}
              env:
                - {name: POSTGRES_PASSWORD, value: "s3cret"}
                - name: POD_IP
                  valueFrom: {fieldRef: {fieldPath: status.podIP}}
                - name: MODE
                  valueFrom: {configMapKeyRef: {name: c, key: mode}}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  selector: {app: db}
  ports:
    - {port: 5432, targetPort: postgres}
    - {port: 80}
"""


def test_a_manifest_gives_workloads_containers_ports_env_and_services() -> None:
    result = ManifestParser().parse(SourceFile("k8s/db.yaml", MANIFEST))
    assert not result.diagnostics
    facts = {f.id: f for f in result.facts}
    workload = facts["k8s:k8s/db.yaml#0/items/0#StatefulSet/db"]
    assert workload.get("namespace") == "data" and workload.get("labels") == {"app": "db"}
    db = facts["k8s:k8s/db.yaml#0/items/0#StatefulSet/db/container/db"]
    assert db.get("run_as_user") == 999 and db.get("privileged") is True
    assert db.get("requests") == {"cpu": "100m", "memory": "128Mi"}
    assert db.get("env_from_secrets") == ["db"] and db.get("env_from_config_maps") == ["db-config"]
    assert db.location == Location("k8s/db.yaml", 17, 15)
    init = facts["k8s:k8s/db.yaml#0/items/0#StatefulSet/db/container/init"]
    assert init.get("init") is True and init.get("run_as_user") == 0
    sources = sorted(str(f.get("source")) for f in result.facts if f.kind is NodeKind.ENV_VAR)
    assert sources == ["k8s-config-map-ref", "k8s-env", "k8s-field-ref"]
    ports = sorted(
        (f.get("source"), f.get("number")) for f in result.facts if f.kind is NodeKind.PORT
    )
    assert ports == [("k8s-container-port", 5432), ("k8s-service-target", 80)]
    assert any(r.kind.value == "selects" for r in result.relations)


def test_files_that_are_not_manifests_are_skipped_or_reported() -> None:
    parser = ManifestParser()
    assert parser.parse(SourceFile("ci.yml", "on: push\njobs: {}\n")).facts == ()
    assert parser.parse(SourceFile("x.yaml", "apiVersion: 1\nkind: [\n")).diagnostics
    assert parser.parse(SourceFile("x.yaml", "apiVersion: 1\nkind:\n  - a\n")).facts == ()
    assert not parser.selector.matches("docker-compose.yml")
    assert not parser.selector.matches("k8s/kustomization.yaml")
    assert parser.selector.matches("k8s/deploy.yml")


def test_kustomization_lists_resources_and_images() -> None:
    text = "resources: [../base, deploy.yaml, https://github.com/x/y]\nbases: [../../b]\nimages: [{name: api, newTag: '1'}]\n"
    result = KustomizationParser().parse(SourceFile("k8s/prod/kustomization.yaml", text))
    fact = result.facts[0]
    assert fact.get("resources") == [
        "b",
        "https://github.com/x/y",
        "k8s/base",
        "k8s/prod/deploy.yaml",
    ]
    assert fact.get("images") == ["api"]
    parser = KustomizationParser()
    assert parser.parse(SourceFile("kustomization.yaml", "")).facts == ()
    assert parser.parse(SourceFile("kustomization.yaml", "- a\n")).diagnostics
    assert parser.parse(SourceFile("kustomization.yaml", "a: [\n")).diagnostics


NAMED = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: shopacr.azurecr.io/api:1.2.3
          ports:
            - {name: http, containerPort: 8080}
            - {name: metrics, containerPort: 9090, protocol: UDP}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports:
    - {port: 80, targetPort: http}
    - {port: 9090, targetPort: metrics}
    - {port: 81, targetPort: grpc}
"""


def test_a_named_target_port_is_the_selected_containers_port_of_that_name() -> None:
    result = ManifestParser().parse(SourceFile("k8s/api.yaml", NAMED))
    targets = [
        (f.get("number"), f.get("target_name"), f.location.line)
        for f in result.facts
        if f.get("source") == "k8s-service-target"
    ]
    # metrics is UDP in the container, TCP in the Service: not the same port; grpc names none
    assert targets == [(8080, "http", 21)]
    [service] = [f for f in result.facts if f.kind is NodeKind.K8S_SERVICE]
    assert any(
        r.source == service.id and r.target == f"{service.id}/target/8080/tcp"
        for r in result.relations
    )


def test_secret_and_config_map_data_are_values_as_written() -> None:
    text = """\
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {DB_USER: app, nested: {a: 1}}
data: {DB_PASSWORD: aHVudGVyMg==, tls.crt: "not base64!", multi: bGluZTEKbGluZTIK}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {API_TOKEN: abc123}
"""
    result = ManifestParser().parse(SourceFile("k8s/db.yaml", text))
    found = sorted(
        (f.get("source"), f.get("name"), f.get("raw"), f.get("secret"), f.location.line)
        for f in result.facts
        if f.kind is NodeKind.ENV_VAR
    )
    assert found == [
        ("k8s-config-map-data", "API_TOKEN", "abc123", None, 10),
        ("k8s-secret-data", "DB_PASSWORD", "hunter2", "db", 5),
        ("k8s-secret-data", "DB_USER", "app", "db", 4),
    ]
