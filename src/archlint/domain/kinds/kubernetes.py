"""Kinds of the Helm and Kubernetes parsers and the deploy linker: charts, workloads,
containers, Services, Ingresses, SecretProviderClasses, kustomizations.

Plain manifests and rendered charts produce the same facts (parsers/common/k8s_objects.py); a
rendered fact is located at the template line that produced it, with the values line it took
a value from in its trace (an env value from a values file is located at the values line, the
template line in its trace: that is the line to edit). Ports, env vars and images of containers
are the shared `port`, `env_var` and `image` kinds (sources `k8s-*`).
"""

from __future__ import annotations

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.kinds.base import EdgeSpec, NodeSpec, attrs

_K8S = (
    "parsers/kubernetes/manifests.py, parsers/helm/chart.py (through parsers/common/k8s_objects.py)"
)
_VARIANT = (
    "variant",
    "str",
    "rendered with a values overlay: its path (`values-prod.yaml`); absent in the default "
    "render. Ids `helm:<chart>@<overlay>#...`; only documents that differ from the default",
)
_OBJECT = (
    ("object_kind", "str", "the object's `kind` (`Deployment`, `Service`...)"),
    ("name", "str", "`metadata.name` (rendered)"),
    ("namespace", "str?", "`metadata.namespace`"),
    ("artifact", "str", "the manifest or template file"),
    ("chart", "str?", "the helm_chart fact id of a rendered object, null in a plain manifest"),
    _VARIANT,
)

NODES = (
    NodeSpec(
        NodeKind.HELM_CHART,
        "A Helm chart: a folder with `Chart.yaml`, its values files and `templates/`. One parse "
        "unit; its templates are rendered by the built-in renderer (no helm binary), with "
        "`values.yaml` and vendored subcharts under `charts/`, and once more for each values "
        "overlay beside Chart.yaml (facts with `variant`). id `helm:<folder>`, located at "
        "`Chart.yaml` line 1.",
        "parsers/helm/chart.py",
        attrs(
            ("name", "str", "`name:`"),
            ("version", "str?", "`version:`"),
            ("app_version", "str?", "`appVersion:`"),
            ("api_version", "str?", "`apiVersion:` (`v2` for Helm 3)"),
            ("chart_type", "str", "`application` | `library`"),
            ("dir", "str", "the chart folder"),
            (
                "values_files",
                "list[str]",
                "`values.yaml` and overlays (`values-*.yaml`, `values.*.yaml`)",
            ),
            ("has_values", "bool", "a `values.yaml` exists"),
            ("dependencies", "list[str]", "names of `dependencies:`"),
            (
                "unvendored",
                "list[str]",
                "dependencies with no folder under `charts/` (not fetched)",
            ),
            (
                "unrendered",
                "list[str]",
                "templates that read values of a dependency not vendored (`.Values.<alias>.*`) "
                "and render invalid YAML without its defaults: not checked, not PARSE001",
            ),
            ("subcharts", "list[str]", "vendored subchart folders that were rendered"),
            ("templates", "int", "manifest templates (not `_*.tpl`, not NOTES.txt)"),
            ("rendered", "int", "templates that rendered without a diagnostic"),
            ("workloads", "int", "workload objects the default values render"),
            ("parent", "str?", "the parent chart's id, for a vendored subchart"),
        ),
    ),
    NodeSpec(
        NodeKind.K8S_WORKLOAD,
        "A Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet or Pod. id "
        "`<prefix>#<Kind>/<name>` (prefix: `k8s:<file>#<doc>` or `helm:<chart>#<template>#<doc>`).",
        _K8S,
        attrs(
            *_OBJECT,
            ("api_version", "str", "`apiVersion`"),
            ("replicas", "int?", "`spec.replicas`"),
            ("labels", "map", "the pod template's labels"),
            ("service_account", "str?", "`serviceAccountName`"),
            ("host_network", "bool", "`hostNetwork: true`"),
            ("secret_volumes", "list[str]", "Secrets mounted as volumes"),
            (
                "csi_secret_classes",
                "list[str]",
                "SecretProviderClasses mounted through `secrets-store.csi.k8s.io`",
            ),
        ),
    ),
    NodeSpec(
        NodeKind.K8S_CONTAINER,
        "A container or initContainer of a workload. id `<workload id>/container/<name>`.",
        _K8S,
        attrs(
            ("name", "str", "the container name"),
            ("workload", "str", "the workload fact id"),
            ("workload_kind", "str", "the workload's kind"),
            ("init", "bool", "an initContainer"),
            ("image", "str", "`image:` as rendered"),
            ("liveness_probe", "bool", "has a `livenessProbe`"),
            ("readiness_probe", "bool", "has a `readinessProbe`"),
            ("startup_probe", "bool", "has a `startupProbe`"),
            ("requests", "map", "`resources.requests` (`cpu`, `memory`...)"),
            ("limits", "map", "`resources.limits`"),
            ("run_as_user", "int?", "`runAsUser`, the container's else the pod's"),
            ("run_as_non_root", "bool?", "`runAsNonRoot`, the container's else the pod's"),
            ("privileged", "bool", "`privileged: true`"),
            ("allow_privilege_escalation", "bool?", "`allowPrivilegeEscalation`"),
            ("env_from_secrets", "list[str]", "`envFrom.secretRef` names"),
            ("env_from_config_maps", "list[str]", "`envFrom.configMapRef` names"),
            ("artifact", "str", "the manifest or template file"),
            ("chart", "str?", "the helm_chart fact id of a rendered container"),
            _VARIANT,
        ),
    ),
    NodeSpec(
        NodeKind.K8S_SERVICE,
        "A Service. Its `targetPort` s are `port` facts (source `k8s-service-target`); it "
        "`selects` the workloads whose pod labels include its selector.",
        _K8S,
        attrs(
            *_OBJECT,
            ("type", "str", "`ClusterIP` | `NodePort` | `LoadBalancer` | ..."),
            ("selector", "map", "`spec.selector`"),
        ),
    ),
    NodeSpec(
        NodeKind.K8S_INGRESS,
        "An Ingress.",
        _K8S,
        attrs(
            *_OBJECT,
            ("hosts", "list[str]", "rule hosts"),
            ("tls", "bool", "has `tls:`"),
            ("ingress_class", "str?", "`ingressClassName`"),
            ("backends", "list[str]", "backend Service names"),
        ),
    ),
    NodeSpec(
        NodeKind.SECRET_PROVIDER_CLASS,
        "A `SecretProviderClass` of the Secrets Store CSI driver (Azure Key Vault provider).",
        _K8S,
        attrs(
            *_OBJECT,
            ("provider", "str?", "`spec.provider` (`azure`)"),
            ("key_vault", "str?", "`parameters.keyvaultName`"),
            ("secret_objects", "list[str]", "Secrets it syncs (`secretObjects`)"),
        ),
    ),
    NodeSpec(
        NodeKind.KUSTOMIZATION,
        "A `kustomization.yaml`: its resources (plain manifests are parsed on their own).",
        "parsers/kubernetes/kustomize.py",
        attrs(
            ("dir", "str", "its folder"),
            (
                "resources",
                "list[str]",
                "`resources:` (and legacy `bases:`), repo-relative when local",
            ),
            ("images", "list[str]", "`images:` names it overrides"),
        ),
    ),
)

EDGES = (
    EdgeSpec(
        EdgeKind.DEPLOYS,
        "component → helm_chart that deploys it, and → k8s_workload of a plain manifest. "
        "Matched by, in order: the chart's or workload's image name equals the component's "
        "image (the compose `image:` or the folder / component name as the last segment of "
        "the image repository), the chart name equals the component name, the chart folder is "
        "inside the component's folder. A chart matched to several components by the first "
        "rule deploys each of them; the later rules only apply when no earlier one matched.",
    ),
    EdgeSpec(EdgeKind.SELECTS, "k8s_service → k8s_workload of the same chart or file it selects"),
    EdgeSpec(EdgeKind.MOUNTS, "k8s_workload → secret_provider_class it mounts (CSI)"),
)
