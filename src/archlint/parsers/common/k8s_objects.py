"""Kubernetes objects to facts: workloads, containers, images, ports, env, Services, Ingresses,
SecretProviderClasses. Shared by plain manifests (parsers/kubernetes) and rendered charts
(parsers/helm), which differ only in how a line of the YAML maps back to a place the user edits:
the caller's ``locate`` gives, for a line of the document, its location and trace.

Facts say what is there (a probe exists, what runAsUser is); rules decide what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from archlint.domain.facts import EdgeKind, Fact, NodeKind, Relation
from archlint.domain.location import Location
from archlint.formats.yamlpos import YamlDoc
from archlint.parsers.common.images import image_attrs

# (line, column) of the document -> the location to report and its trace
Locate = Callable[[int, int], tuple[Location, tuple[Location, ...]]]

WORKLOAD_KINDS = frozenset(
    {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicaSet"}
)
_CSI_DRIVER = "secrets-store.csi.k8s.io"


@dataclass
class Extracted:
    facts: list[Fact] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)  # top-level fact ids, for `has` edges
    named: list[Fact] = field(default_factory=list)  # Service targetPorts named, not numbered


def is_object(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("kind"), str) and "apiVersion" in data


def extract(
    doc: YamlDoc,
    locate: Locate,
    prefix: str,
    artifact: str,
    out: Extracted,
    chart: str | None = None,
) -> None:
    """The facts of one document (a ``List`` is read item by item); ``prefix`` starts the ids."""
    data = doc.data
    if not is_object(data):
        return
    if data["kind"].endswith("List") and isinstance(data.get("items"), list):
        for i, item in enumerate(data["items"]):
            if is_object(item):
                _Object(
                    doc, ("items", i), locate, f"{prefix}/items/{i}", artifact, out, chart
                ).run()
        return
    _Object(doc, (), locate, prefix, artifact, out, chart).run()


class _Object:
    def __init__(
        self,
        doc: YamlDoc,
        base: tuple[Any, ...],
        locate: Locate,
        prefix: str,
        artifact: str,
        out: Extracted,
        chart: str | None,
    ) -> None:
        self.doc, self.base, self.locate, self.artifact, self.out = doc, base, locate, artifact, out
        self.chart = chart
        self.data: dict[str, Any] = _at(doc.data, base)
        meta = _map(self.data.get("metadata"))
        self.kind = str(self.data["kind"])
        self.name = str(meta.get("name") or "")
        self.namespace = str(meta["namespace"]) if meta.get("namespace") else None
        self.id = f"{prefix}#{self.kind}/{self.name}"

    def run(self) -> None:
        if self.kind in WORKLOAD_KINDS:
            self._workload()
        elif self.kind == "Service":
            self._service()
        elif self.kind == "Ingress":
            self._ingress()
        elif self.kind == "SecretProviderClass":
            self._spc()
        elif self.kind in ("Secret", "ConfigMap"):
            self._data()

    def place(self, *path: Any) -> tuple[Location, tuple[Location, ...]]:
        return self.locate(*self.doc.pos(*self.base, *path))

    def fact(self, fid: str, kind: NodeKind, attrs: dict[str, Any], *path: Any) -> Fact:
        loc, trace = self.place(*path)
        made = Fact(fid, kind, loc, {**attrs, "artifact": self.artifact}, trace)
        self.out.facts.append(made)
        return made

    def _common(self) -> dict[str, Any]:
        return {
            "object_kind": self.kind,
            "name": self.name,
            "namespace": self.namespace,
            "chart": self.chart,
        }

    # -- workloads --------------------------------------------------------------------------------
    def _workload(self) -> None:
        pod_path, pod = _pod_spec(self.data)
        template = _template_meta(self.data)
        volumes = [v for v in _list(pod.get("volumes")) if isinstance(v, dict)]
        spc = sorted(
            str(_map(_map(v.get("csi")).get("volumeAttributes")).get("secretProviderClass"))
            for v in volumes
            if _map(v.get("csi")).get("driver") == _CSI_DRIVER
        )
        security = _map(pod.get("securityContext"))
        attrs = {
            **self._common(),
            "api_version": str(self.data.get("apiVersion")),
            "replicas": _int(_map(self.data.get("spec")).get("replicas")),
            "labels": _str_map(template.get("labels")),
            "service_account": pod.get("serviceAccountName"),
            "host_network": pod.get("hostNetwork") is True,
            "secret_volumes": sorted(
                str(_map(v.get("secret")).get("secretName"))
                for v in volumes
                if isinstance(v.get("secret"), dict)
            ),
            "csi_secret_classes": spc,
        }
        self.fact(self.id, NodeKind.K8S_WORKLOAD, attrs, "kind")
        self.out.objects.append(self.id)
        for group, init in (("initContainers", True), ("containers", False)):
            for i, container in enumerate(pod.get(group) or []):
                if isinstance(container, dict):
                    self._container((*pod_path, group, i), container, init, security)

    def _container(
        self, path: tuple[Any, ...], c: dict[str, Any], init: bool, pod_security: dict[str, Any]
    ) -> None:
        name = str(c.get("name") or path[-1])
        cid = f"{self.id}/container/{name}"
        sec = _map(c.get("securityContext"))
        resources = _map(c.get("resources"))
        requests = _map(resources.get("requests"))
        limits = _map(resources.get("limits"))
        user = sec.get("runAsUser", pod_security.get("runAsUser"))
        non_root = sec.get("runAsNonRoot", pod_security.get("runAsNonRoot"))
        env_from = [e for e in _list(c.get("envFrom")) if isinstance(e, dict)]
        attrs = {
            "name": name,
            "workload": self.id,
            "workload_kind": self.kind,
            "chart": self.chart,
            "init": init,
            "image": str(c.get("image") or ""),
            "liveness_probe": isinstance(c.get("livenessProbe"), dict),
            "readiness_probe": isinstance(c.get("readinessProbe"), dict),
            "startup_probe": isinstance(c.get("startupProbe"), dict),
            "requests": _str_map(requests),
            "limits": _str_map(limits),
            "run_as_user": _int(user),
            "run_as_non_root": non_root if isinstance(non_root, bool) else None,
            "privileged": sec.get("privileged") is True,
            "allow_privilege_escalation": sec.get("allowPrivilegeEscalation")
            if isinstance(sec.get("allowPrivilegeEscalation"), bool)
            else None,
            "env_from_secrets": sorted(
                str(e["secretRef"].get("name"))
                for e in env_from
                if isinstance(e.get("secretRef"), dict)
            ),
            "env_from_config_maps": sorted(
                str(e["configMapRef"].get("name"))
                for e in env_from
                if isinstance(e.get("configMapRef"), dict)
            ),
        }
        self.fact(cid, NodeKind.K8S_CONTAINER, attrs, *path, "name" if "name" in c else "image")
        self.out.relations.append(Relation(self.id, cid, EdgeKind.HAS))
        if isinstance(c.get("image"), str) and c["image"].strip():
            iid = f"{cid}/image"
            self.fact(
                iid,
                NodeKind.IMAGE,
                {**image_attrs(c["image"].strip()), "source": "k8s-container"},
                *path,
                "image",
            )
            self.out.relations.append(Relation(cid, iid, EdgeKind.USES_IMAGE))
        for i, port in enumerate(_list(c.get("ports"))):
            number = _int(port.get("containerPort")) if isinstance(port, dict) else None
            if number is not None:
                pid = f"{cid}/port/{number}/{str(port.get('protocol') or 'TCP').lower()}"
                pattrs = {
                    "number": number,
                    "protocol": str(port.get("protocol") or "TCP").lower(),
                    "scope": "container",
                    "source": "k8s-container-port",
                    "port_name": port.get("name"),
                    "workload": self.id,
                }
                self.fact(pid, NodeKind.PORT, pattrs, *path, "ports", i, "containerPort")
                self.out.relations.append(Relation(cid, pid, EdgeKind.HAS))
        for i, env in enumerate(_list(c.get("env"))):
            if isinstance(env, dict) and env.get("name"):
                self._env(cid, path, i, env)

    def _env(self, cid: str, path: tuple[Any, ...], i: int, env: dict[str, Any]) -> None:
        ref = _map(env.get("valueFrom"))
        source, value, secret = "k8s-env", env.get("value"), None
        if isinstance(ref.get("secretKeyRef"), dict):
            source, secret = "k8s-secret-ref", ref["secretKeyRef"].get("name")
        elif isinstance(ref.get("configMapKeyRef"), dict):
            source = "k8s-config-map-ref"
        elif ref:
            source = "k8s-field-ref"
        text = None if value is None or source != "k8s-env" else _scalar_text(value)
        eid = f"{cid}/env/{env['name']}"
        at = (*path, "env", i, "value") if "value" in env else (*path, "env", i, "name")
        attrs = {
            "name": str(env["name"]),
            "value": text,
            "raw": text,
            "source": source,
            "secret": str(secret) if secret else None,
            "workload": self.id,
        }
        fact = self.fact(eid, NodeKind.ENV_VAR, attrs, *at)
        if source == "k8s-env":
            self._at_values_line(fact)
        self.out.relations.append(Relation(cid, eid, EdgeKind.HAS))

    def _at_values_line(self, fact: Fact) -> None:
        """A value that came from a values file is located there (the line to edit), the
        template line in its trace."""
        if fact.trace:
            self.out.facts[-1] = Fact(
                fact.id, fact.kind, fact.trace[0], fact.attrs, (fact.location, *fact.trace[1:])
            )

    def _data(self) -> None:
        """A Secret's ``stringData``/``data`` (base64, decoded) and a ConfigMap's ``data``: each
        one-line value an ``env_var`` with source ``k8s-secret-data`` / ``k8s-config-map-data``
        (the key is the name), so the secret rules read what a manifest writes into them."""
        groups = ("stringData", "data") if self.kind == "Secret" else ("data",)
        source = "k8s-secret-data" if self.kind == "Secret" else "k8s-config-map-data"
        for group in groups:
            for key, value in sorted(_map(self.data.get(group)).items(), key=lambda kv: str(kv[0])):
                text = _scalar_text(value) if not isinstance(value, dict | list) else None
                if text is not None and group == "data" and self.kind == "Secret":
                    text = _b64_text(text)
                if text is None or "\n" in text.strip():
                    continue
                attrs = {
                    "name": str(key),
                    "value": text,
                    "raw": text,
                    "source": source,
                    "secret": self.name if self.kind == "Secret" else None,
                }
                fid = f"{self.id}/{group}/{key}"
                self.out.objects.append(fid)
                self._at_values_line(self.fact(fid, NodeKind.ENV_VAR, attrs, group, key))

    # -- services, ingress, secret provider classes -----------------------------------------------
    def _service(self) -> None:
        spec = _map(self.data.get("spec"))
        attrs = {
            **self._common(),
            "type": str(spec.get("type") or "ClusterIP"),
            "selector": _str_map(spec.get("selector")),
        }
        self.fact(self.id, NodeKind.K8S_SERVICE, attrs, "kind")
        self.out.objects.append(self.id)
        for i, port in enumerate(_list(spec.get("ports"))):
            if not isinstance(port, dict):
                continue
            target = port.get("targetPort", port.get("port"))
            number = _int(target)
            protocol = str(port.get("protocol") or "TCP").lower()
            pattrs = {
                "number": number,
                "protocol": protocol,
                "scope": "container",
                "source": "k8s-service-target",
                "port_name": port.get("name"),
                "service": self.name,
            }
            key = "targetPort" if "targetPort" in port else "port"
            if number is None:
                # a named targetPort: the selected containers' port of that name
                if isinstance(target, str) and target.strip():
                    loc, trace = self.place("spec", "ports", i, key)
                    pattrs.update(target_name=target.strip(), artifact=self.artifact)
                    self.out.named.append(Fact(self.id, NodeKind.PORT, loc, pattrs, trace))
                continue
            pid = f"{self.id}/target/{number}/{protocol}"
            self.fact(pid, NodeKind.PORT, pattrs, "spec", "ports", i, key)
            self.out.relations.append(Relation(self.id, pid, EdgeKind.HAS))

    def _ingress(self) -> None:
        spec = _map(self.data.get("spec"))
        rules = [r for r in _list(spec.get("rules")) if isinstance(r, dict)]
        backends = sorted(
            {
                str(
                    _map(_map(p.get("backend")).get("service")).get("name")
                    or _map(p.get("backend")).get("serviceName")
                )
                for r in rules
                for p in _list(_map(r.get("http")).get("paths"))
                if isinstance(p, dict)
            }
        )
        attrs = {
            **self._common(),
            "hosts": sorted(str(r["host"]) for r in rules if r.get("host")),
            "tls": bool(spec.get("tls")),
            "ingress_class": spec.get("ingressClassName"),
            "backends": backends,
        }
        self.fact(self.id, NodeKind.K8S_INGRESS, attrs, "kind")
        self.out.objects.append(self.id)

    def _spc(self) -> None:
        spec = _map(self.data.get("spec"))
        params = _map(spec.get("parameters"))
        attrs = {
            **self._common(),
            "provider": spec.get("provider"),
            "key_vault": params.get("keyvaultName"),
            "secret_objects": sorted(
                str(s.get("secretName"))
                for s in _list(spec.get("secretObjects"))
                if isinstance(s, dict)
            ),
        }
        self.fact(self.id, NodeKind.SECRET_PROVIDER_CLASS, attrs, "kind")
        self.out.objects.append(self.id)


def resolve_named_targets(out: Extracted) -> None:
    """A Service's named ``targetPort: http`` becomes a port fact with the number of the
    ``containerPort`` named ``http`` (same protocol) of the workloads it selects, one per
    distinct number; a name no selected container declares gives none. Call it after every
    document of the file or chart is extracted."""
    services = {f.id: f for f in out.facts if f.kind is NodeKind.K8S_SERVICE}
    workloads = [f for f in out.facts if f.kind is NodeKind.K8S_WORKLOAD]
    ports = [
        f for f in out.facts if f.kind is NodeKind.PORT and f.get("source") == "k8s-container-port"
    ]
    made: set[str] = {f.id for f in out.facts}
    for pending in out.named:
        service = services.get(pending.id)
        wanted = dict(service.get("selector") or {}).items() if service else None
        if not wanted:
            continue
        selected = {w.id for w in workloads if wanted <= dict(w.get("labels") or {}).items()}
        numbers = sorted(
            {
                int(p.get("number"))
                for p in ports
                if p.get("workload") in selected
                and p.get("port_name") == pending.get("target_name")
                and p.get("protocol") == pending.get("protocol")
            }
        )
        for number in numbers:
            pid = f"{pending.id}/target/{number}/{pending.get('protocol')}"
            if pid in made:
                continue
            made.add(pid)
            attrs = {**pending.attrs, "number": number}
            out.facts.append(Fact(pid, NodeKind.PORT, pending.location, attrs, pending.trace))
            out.relations.append(Relation(pending.id, pid, EdgeKind.HAS))
    out.named.clear()


def object_relations(out: Extracted) -> list[Relation]:
    """Services select the workloads whose pod labels hold their selector; workloads mount the
    SecretProviderClasses they name."""
    relations: list[Relation] = []
    workloads = [f for f in out.facts if f.kind is NodeKind.K8S_WORKLOAD]
    for fact in out.facts:
        if fact.kind is NodeKind.K8S_SERVICE and fact.get("selector"):
            wanted = dict(fact.get("selector")).items()
            for w in workloads:
                if wanted <= dict(w.get("labels") or {}).items():
                    relations.append(Relation(fact.id, w.id, EdgeKind.SELECTS))
        if fact.kind is NodeKind.SECRET_PROVIDER_CLASS:
            for w in workloads:
                if fact.get("name") in (_list(w.get("csi_secret_classes"))):
                    relations.append(Relation(w.id, fact.id, EdgeKind.MOUNTS))
    return relations


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _pod_spec(data: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The pod spec and its path: Pod ``spec``, CronJob ``spec.jobTemplate.spec.template.spec``,
    others ``spec.template.spec``."""
    kind = data["kind"]
    paths = {
        "Pod": ("spec",),
        "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    }
    path = paths.get(kind, ("spec", "template", "spec"))
    node: Any = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return path, node if isinstance(node, dict) else {}


def _template_meta(data: dict[str, Any]) -> dict[str, Any]:
    if data["kind"] == "Pod":
        meta = data.get("metadata")
    else:
        spec, _ = _pod_spec(data)
        node: Any = data
        for part in spec[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        meta = node.get("metadata") if isinstance(node, dict) else None
    return meta if isinstance(meta, dict) else {}


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _b64_text(text: str) -> str | None:
    """A Secret ``data`` value decoded (None when it is not base64 of UTF-8 text)."""
    import base64
    import binascii

    try:
        return base64.b64decode(text.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _str_map(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): _scalar_text(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
