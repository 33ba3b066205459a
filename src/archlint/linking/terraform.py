"""Terraform links: module calls, references resolved to resources, registries to images.

- A local ``module`` block ``calls_module`` the module of the folder it names.
- A root module (one no module of the repository calls) is a component with role ``infra``
  (:func:`terraform_roots`, read by the components linker); it also owns the facts of every
  local module it calls, directly or through other modules, wherever they are.
- Every ``tf_reference`` ``resolves_to`` the resources it denotes: a resource or data source
  itself; through a ``local`` to what the local's expression references; through a ``var`` to
  what every call of the module passes for it; through ``module.m.out`` to what the callee's
  output ``out`` references, or to the resource a recognised registry module creates.
  Ambiguity is kept, not guessed away: a variable two callers set differently resolves to both.
- A container registry with a static name ``hosts_image`` every image whose registry is its
  login server (``<name>.azurecr.io``, compared case-insensitively).
"""

from __future__ import annotations

from collections.abc import Iterable

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.linking.base import LinkContext

_BLOCK_KINDS = (
    NodeKind.TF_RESOURCE,
    NodeKind.TF_MODULE_CALL,
    NodeKind.TF_VARIABLE,
    NodeKind.TF_LOCAL,
    NodeKind.TF_OUTPUT,
    NodeKind.TF_PROVIDER,
    NodeKind.TF_ARGUMENT,
    NodeKind.TF_REFERENCE,
)


def terraform_roots(graph: FactGraph) -> list[Fact]:
    """The root modules: the ``tf_module`` facts no other module of the repository calls."""
    modules = graph.facts(NodeKind.TF_MODULE)
    called = {c for m in modules for c in m.get("calls", []) if c != m.get("dir")}
    return [m for m in modules if m.get("dir") not in called]


def link_terraform(graph: FactGraph, context: LinkContext) -> None:
    """Add ``calls_module``, ``resolves_to`` and ``hosts_image`` edges, and the ownership of
    called modules by the infra components that call them."""
    modules = {str(m.get("dir")): m for m in graph.facts(NodeKind.TF_MODULE)}
    if not modules:
        return
    calls_of: dict[str, list[Fact]] = {}
    for call in graph.facts(NodeKind.TF_MODULE_CALL):
        target = call.get("target")
        if target is not None and target in modules:
            graph.relate(call.id, modules[target].id, EdgeKind.CALLS_MODULE)
            calls_of.setdefault(str(target), []).append(call)
    _own_called_modules(graph, modules)
    _Resolver(graph, modules, calls_of).link()
    _link_images(graph)


def _own_called_modules(graph: FactGraph, modules: dict[str, Fact]) -> None:
    by_module: dict[str, list[Fact]] = {}
    for kind in _BLOCK_KINDS:
        for fact in graph.facts(kind):
            by_module.setdefault(str(fact.get("module")), []).append(fact)
    for root in terraform_roots(graph):
        owners = [c for c in graph.neighbours(root.id, EdgeKind.OWNS, "in")]
        seen: set[str] = set()
        todo = list(root.get("calls", []))
        while todo:
            folder = todo.pop()
            if folder in seen or folder not in modules:
                continue
            seen.add(folder)
            todo.extend(modules[folder].get("calls", []))
            for owner in owners:
                for fact in (modules[folder], *by_module.get(folder, [])):
                    graph.relate(owner.id, fact.id, EdgeKind.OWNS)


class _Resolver:
    def __init__(
        self, graph: FactGraph, modules: dict[str, Fact], calls_of: dict[str, list[Fact]]
    ) -> None:
        self.graph = graph
        self.modules = modules
        self.calls_of = calls_of
        self.memo: dict[str, frozenset[str]] = {}
        self.outputs = {
            (str(o.get("module")), str(o.get("name"))): o for o in graph.facts(NodeKind.TF_OUTPUT)
        }

    def link(self) -> None:
        found = [
            (r.id, self.targets(r, frozenset())) for r in self.graph.facts(NodeKind.TF_REFERENCE)
        ]
        for ref_id, targets in found:
            for target in sorted(targets):
                self.graph.relate(ref_id, target, EdgeKind.RESOLVES_TO)

    def targets(self, ref: Fact, visiting: frozenset[str]) -> frozenset[str]:
        if ref.id in self.memo:
            return self.memo[ref.id]
        if ref.id in visiting:  # a cycle through variables or outputs denotes nothing more
            return frozenset()
        visiting = visiting | {ref.id}
        found: set[str] = set()
        for block in self.graph.neighbours(ref.id, EdgeKind.REFERS_TO):
            found |= self._through(ref, block, visiting)
        result = frozenset(found)
        self.memo[ref.id] = result
        return result

    def _through(self, ref: Fact, block: Fact, visiting: frozenset[str]) -> set[str]:
        kind = ref.get("target_kind")
        if kind in ("resource", "data"):
            return {block.id}
        if kind == "local":
            return self._all(self._refs(block), visiting)
        if kind == "var":
            name = str(block.get("name"))
            passed = [
                r
                for call in self.calls_of.get(str(block.get("module")), [])
                for r in self._refs(call)
                if r.get("attribute") == name or str(r.get("attribute")).startswith(name + ".")
            ]
            return self._all(passed, visiting)
        if kind == "module":
            made = [
                f
                for f in self.graph.neighbours(block.id, EdgeKind.HAS)
                if f.kind is NodeKind.TF_RESOURCE
            ]
            if made:
                return {f.id for f in made}
            output = str(ref.get("steps")).split(".")[0].split("[")[0]
            found = self.outputs.get((str(block.get("target")), output))
            return self._all(self._refs(found), visiting) if found is not None else set()
        return set()

    def _refs(self, block: Fact) -> list[Fact]:
        return [
            r
            for r in self.graph.neighbours(block.id, EdgeKind.HAS)
            if r.kind is NodeKind.TF_REFERENCE and r.get("owner") == block.id
        ]

    def _all(self, refs: Iterable[Fact], visiting: frozenset[str]) -> set[str]:
        return {t for r in refs for t in self.targets(r, visiting)}


def _link_images(graph: FactGraph) -> None:
    servers: dict[str, list[Fact]] = {}
    for registry in graph.facts(NodeKind.TF_RESOURCE):
        server = registry.get("login_server")
        if server:
            servers.setdefault(str(server).lower(), []).append(registry)
    if not servers:
        return
    for image in graph.facts(NodeKind.IMAGE):
        for registry in servers.get(str(image.get("registry") or "").lower(), []):
            graph.relate(registry.id, image.id, EdgeKind.HOSTS_IMAGE)
