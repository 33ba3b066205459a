"""Components: the deployable units of a repository, and the facts each one owns.

A component is rooted at a folder that holds a manifest (pyproject.toml, package.json,
requirements*.txt) or a Dockerfile; every fact written under that folder (and not under a nested
component) belongs to it. Compose services are linked to the component they build (``runs``) and
the Dockerfile they build with (``builds``); a service that only pulls an image is a component of
its own. Each component gets a ``role`` from :mod:`archlint.linking.roles`, weighed against the
roles of the link context's knowledge.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location, folder_of
from archlint.knowledge import Role
from archlint.linking.base import LinkContext
from archlint.linking.docs_sites import docs_site_roots, served_site
from archlint.linking.roles import Evidence, infer_roles
from archlint.linking.served_frontends import link_served_frontends
from archlint.linking.terraform import terraform_roots

# folders that hold a Dockerfile for the component above them rather than a component of their own
_DOCKER_SUBFOLDERS = frozenset(
    {"docker", ".docker", "dockerfiles", "deploy", "deployment", ".devcontainer", "ci"}
)
# what a component can own (its files included: "has a tsconfig.json", "has a migrations/
# folder"); compose projects, diagnostics and components themselves stay unowned
_OWNABLE = frozenset(NodeKind) - {
    NodeKind.COMPONENT,
    NodeKind.COMPOSE_PROJECT,
    NodeKind.DIAGNOSTIC,
}
# what a package needs to run: devDependencies serve its tests and builds, peerDependencies are
# its host's (an SDK with `express` as a peer is no server)
_RUNTIME_NPM_GROUPS = frozenset({"main", "optional"})
_MANIFEST_RANK = {"pyproject": 0, "package.json": 1, "requirements": 2}
# what a service of another language runs with: main dependencies, its project SDK (an ASP.NET
# Core app is `Microsoft.NET.Sdk.Web`) and its Maven parent (spring-boot-starter-parent)
_PACKAGE_GROUPS = frozenset({"main", "sdk", "parent", "plugin"})
_PACKAGE_ECOSYSTEMS = frozenset({"go", "cargo", "maven", "nuget", "composer", "rubygems"})


@dataclass
class _Draft:
    root: str  # "" is the repository root
    origin: str
    anchor: Location
    anchor_rank: int
    name: str | None = None
    owned: set[str] = field(default_factory=set)
    images: set[str] = field(default_factory=set)
    role: str | None = None  # decided by the linker, not inferred (test runners)
    # every manifest of the folder: (type, location, name), to anchor at the one behind the role
    manifests: list[tuple[str, Location, str | None]] = field(default_factory=list)


def link_components(graph: FactGraph, context: LinkContext) -> None:
    """Add component facts, ``owns`` edges, ``runs``/``builds`` edges and roles to ``graph``."""
    drafts = _roots(graph)
    _own_by_location(graph, drafts)
    _own_served_sites(graph, drafts)
    extra, runs = _link_compose(graph, drafts)
    for draft in [*drafts.values(), *extra]:
        _emit(graph, draft, context.knowledge.roles)
    for service_id, comp_id in runs:
        graph.relate(service_id, comp_id, EdgeKind.RUNS)
    link_served_frontends(graph)


def component_id(root: str) -> str:
    return f"component:{root or '.'}"


# -- roots ------------------------------------------------------------------------------------
def _roots(graph: FactGraph) -> dict[str, _Draft]:
    drafts: dict[str, _Draft] = {}
    for m in graph.facts(NodeKind.MANIFEST):
        if _tool_config_only(m):
            continue
        root = folder_of(m.location.path)
        if posixpath.basename(root) == "requirements" and m.get("type") == "requirements":
            root = folder_of(root)  # requirements/base.txt belongs to the project above it
        rank = _MANIFEST_RANK.get(str(m.get("type")), 3)
        draft = drafts.get(root)
        anchor = Location(m.location.path, 1, 1)
        if draft is not None:
            draft.manifests.append((str(m.get("type")), anchor, m.get("name")))
        if draft is None:
            drafts[root] = _Draft(root, str(m.get("type")), anchor, rank, m.get("name"))
            drafts[root].manifests.append((str(m.get("type")), anchor, m.get("name")))
        elif rank < draft.anchor_rank:
            draft.anchor, draft.anchor_rank, draft.origin = anchor, rank, str(m.get("type"))
            draft.name = m.get("name") or draft.name
    for d in graph.facts(NodeKind.DOCKERFILE):
        folder = folder_of(d.location.path)
        if folder in drafts:
            continue
        parent = folder_of(folder)
        if (
            posixpath.basename(folder) in _DOCKER_SUBFOLDERS
            and _nearest(parent, drafts) is not None
        ):
            continue
        drafts[folder] = _Draft(folder, "dockerfile", Location(d.location.path, 1, 1), 4)
    for folder, anchor in docs_site_roots(graph).items():  # a docs site needs no manifest
        if folder not in drafts:
            drafts[folder] = _Draft(folder, "docs-site", anchor, 5, role="docs")
    for module in terraform_roots(graph):  # a Terraform root module deploys infrastructure
        folder = str(module.get("dir"))
        if folder not in drafts:
            anchor = Location(module.location.path, 1, 1)
            drafts[folder] = _Draft(folder, "terraform", anchor, 5, role="infra")
    return drafts


def _tool_config_only(manifest: Fact) -> bool:
    """A pyproject.toml with only [tool.*] tables (ruff, mypy, archlint settings; a uv workspace
    root) configures tools; it declares no project, so it roots no component."""
    if manifest.get("type") == "cargo":  # a virtual workspace manifest declares no crate
        return not manifest.get("has_project_table")
    if manifest.get("type") != "pyproject" or manifest.get("has_project_table"):
        return False
    return "poetry" not in (manifest.get("tools") or [])


def _nearest(folder: str, drafts: dict[str, _Draft]) -> _Draft | None:
    while True:
        if folder in drafts:
            return drafts[folder]
        if folder in ("", "."):
            return None
        folder = folder_of(folder)


# -- ownership --------------------------------------------------------------------------------
def _own_by_location(graph: FactGraph, drafts: dict[str, _Draft]) -> None:
    compose_files = {f for p in graph.facts(NodeKind.COMPOSE_PROJECT) for f in p.get("files", [])}
    non_final = _non_final_stage_parts(graph)
    nearest: dict[str, _Draft | None] = {}  # path -> its component: a file's facts share one
    for fact in graph.facts():
        if fact.kind not in _OWNABLE or fact.location.path in compose_files or fact.id in non_final:
            continue
        path = fact.location.path
        if path in nearest:
            draft = nearest[path]
        else:
            draft = nearest[path] = _nearest(folder_of(path), drafts)
        if draft is not None:
            draft.owned.add(fact.id)


def _own_served_sites(graph: FactGraph, drafts: dict[str, _Draft]) -> None:
    """A command that serves a docs site elsewhere (``mkdocs serve -f docs/mkdocs.yml`` in the
    root Procfile) and its ports belong to that site's component."""
    sites = {f: loc for f, loc in docs_site_roots(graph).items() if f in drafts}
    if not sites:
        return
    for command in graph.facts(NodeKind.COMMAND):
        folder = served_site(command, sites)
        if folder is None or command.id in drafts[folder].owned:
            continue
        parts = {command.id, *(p.id for p in graph.neighbours(command.id, EdgeKind.HAS))}
        for draft in drafts.values():
            draft.owned -= parts
        drafts[folder].owned |= parts


def _non_final_stage_parts(graph: FactGraph) -> set[str]:
    """Facts of build stages, which say nothing about what runs.

    A final stage built ``FROM`` an earlier stage inherits that stage's EXPOSE and ENV (image
    config), so those stay; its commands do not (the final stage has its own, or an inherited
    copy the Dockerfile parser already gives it).
    """
    ids: set[str] = set()
    for dockerfile in graph.facts(NodeKind.DOCKERFILE):
        stages = [
            s
            for s in graph.neighbours(dockerfile.id, EdgeKind.HAS)
            if s.kind is NodeKind.DOCKER_STAGE
        ]
        ancestors = _ancestors(stages)
        for stage in stages:
            if stage.get("is_final", True):
                continue
            for part in _descendants(graph, stage.id):
                inherited = (
                    part.kind is NodeKind.ENV_VAR or part.get("source") == "dockerfile-expose"
                )
                if not (stage.id in ancestors and inherited):
                    ids.add(part.id)
    return ids


def _ancestors(stages: list[Fact]) -> set[str]:
    """Ids of the stages the final stage is built FROM, directly or through other stages."""
    by_ref = {str(s.get("index")): s for s in stages}
    by_ref.update({str(s.get("name")).lower(): s for s in stages if s.get("name")})
    found: set[str] = set()
    current = next((s for s in stages if s.get("is_final")), None)
    while current is not None and current.get("stage_ref"):
        base = by_ref.get(str(current.get("base_image")).lower())
        if base is None or base.id in found or base.id == current.id:
            break
        found.add(base.id)
        current = base
    return found


def _descendants(graph: FactGraph, fact_id: str) -> list[Fact]:
    seen: dict[str, Fact] = {}
    todo = [fact_id]
    while todo:
        for child in graph.neighbours(todo.pop(), EdgeKind.HAS):
            if child.id not in seen:
                seen[child.id] = child
                todo.append(child.id)
    return list(seen.values())


# -- compose ----------------------------------------------------------------------------------
def _link_compose(
    graph: FactGraph, drafts: dict[str, _Draft]
) -> tuple[list[_Draft], list[tuple[str, str]]]:
    runs: list[tuple[str, str]] = []
    dockerfiles = {d.location.path: d for d in graph.facts(NodeKind.DOCKERFILE)}
    image_only: dict[tuple[str, str], _Draft] = {}
    for svc in graph.facts(NodeKind.COMPOSE_SERVICE):
        built = dockerfiles.get(svc.get("dockerfile") or "")
        if built is not None and svc.get("build_context") is not None:
            graph.relate(svc.id, built.id, EdgeKind.BUILDS)
    built_by: dict[str, set[int]] = {}
    for svc in graph.facts(NodeKind.COMPOSE_SERVICE):
        parts = [svc.id, *(n.id for n in graph.neighbours(svc.id, EdgeKind.HAS))]
        draft = _service_component(svc, graph, drafts, image_only)
        draft.owned.update(parts)
        if svc.get("image") and draft.origin == "compose-image":
            draft.images.add(str(svc.get("image")))
        runs.append((svc.id, component_id(draft.root)))
        if svc.get("dockerfile") in dockerfiles and svc.get("build_context") is not None:
            built_by.setdefault(str(svc.get("dockerfile")), set()).add(id(draft))
    _move_bare_dockerfiles(graph, drafts, dockerfiles, built_by)
    return list(image_only.values()), runs


def _move_bare_dockerfiles(
    graph: FactGraph,
    drafts: dict[str, _Draft],
    dockerfiles: dict[str, Fact],
    built_by: dict[str, set[int]],
) -> None:
    """A Dockerfile in a folder with no manifest (the repository root of a backend/ +
    frontend/ repository) that compose builds to run one component belongs to that component:
    its EXPOSE and CMD describe that component's image."""
    by_id = {id(d): d for d in drafts.values()}
    for path, runners in sorted(built_by.items()):
        holder = _nearest(folder_of(path), drafts)
        if len(runners) != 1 or holder is None or holder.origin != "dockerfile":
            continue
        runner = by_id.get(next(iter(runners)))
        if runner is None or runner is holder:
            continue
        fact = dockerfiles[path]
        parts = {fact.id, *(p.id for p in _descendants(graph, fact.id))} & holder.owned
        holder.owned -= parts
        runner.owned |= parts


def _service_component(
    svc: Fact, graph: FactGraph, drafts: dict[str, _Draft], apart: dict[tuple[str, str], _Draft]
) -> _Draft:
    """The component a compose service runs: what it builds, or a component of its own."""
    context = svc.get("build_context")
    test_runner = _is_test_runner(svc, graph)
    if context is not None and not svc.get("build_outside_root") and not test_runner:
        draft = _built_component(
            context,
            svc.get("dockerfile"),
            drafts,
            graph,
            list(svc.get("mounts") or []),
            svc.get("build_target"),
        )
        if draft is None:
            draft = _Draft(context, "compose-build", svc.location, 5, svc.get("name"))
            drafts[context] = draft
        return draft
    own = _own_image_component(svc, graph, drafts) if not test_runner else None
    if own is not None:
        return own
    key = (folder_of(svc.location.path), str(svc.get("name")))
    draft = apart.get(key)
    if draft is None:
        origin = "compose-test" if test_runner else "compose-image"
        draft = _Draft(f"{key[0]}#{key[1]}", origin, svc.location, 6, key[1])
        # an e2e/test runner built from a component's folder is not that component: its ports
        # (a report server) are no frontend or API ports
        draft.role = "test" if test_runner else None
        apart[key] = draft
    return draft


def _own_image_component(svc: Fact, graph: FactGraph, drafts: dict[str, _Draft]) -> _Draft | None:
    """The component whose image a service pulls: ``ghcr.io/acme/product/api:2.0`` runs the
    ``api`` component (folder or unscoped package name), ``acme/product-worker`` the ``worker``
    one, ``ghcr.io/acme/acme`` the one ``@acme/*`` package; only a component with a Dockerfile
    builds an image (or a Maven/Gradle module: jib, ``spring-boot:build-image`` and a parent
    pom's docker profile build one without a Dockerfile of its own), and only one match counts
    (a guess between two is no link)."""
    image = str(svc.get("image") or "")
    if svc.get("build_context") is not None or "/" not in image:
        return None
    path = image.split("@")[0].rsplit(":", 1)[0] if ":" in image.split("/")[-1] else image
    parts = path.split("/")
    last, owner = parts[-1].lower(), parts[-2].lower()
    names = {last, last.removeprefix(owner + "-")}
    with_dockerfile = graph.memo.get("components-with-dockerfile")
    if with_dockerfile is None:
        dockerfiles = {d.id for d in graph.facts(NodeKind.DOCKERFILE)}
        with_dockerfile = [
            d
            for d in drafts.values()
            if d.origin != "dockerfile"
            and (d.owned & dockerfiles or any(m[0] in _IMAGE_BUILDS for m in d.manifests))
        ]
        graph.memo["components-with-dockerfile"] = with_dockerfile
    found = [d for d in with_dockerfile if names & _draft_names(d)]
    if not found:
        found = [d for d in with_dockerfile if (d.name or "").lower().startswith(f"@{last}/")]
    return found[0] if len(found) == 1 else None


def _draft_names(draft: _Draft) -> set[str]:
    names = {posixpath.basename(draft.root).lower()}
    if draft.name:
        names.add(draft.name.lower().rsplit("/", 1)[-1])
    return names - {""}


_TEST_MARKERS = ("playwright", "cypress", "selenium", "e2e", "puppeteer")
# manifests whose build tool builds the module's image itself (jib, spring-boot:build-image)
_IMAGE_BUILDS = frozenset({"maven", "gradle"})


def _is_test_runner(svc: Fact, graph: FactGraph) -> bool:
    names = [
        str(svc.get("name") or ""),
        str(svc.get("dockerfile") or ""),
        str(svc.get("image") or ""),
    ]
    for df in graph.neighbours(svc.id, EdgeKind.BUILDS):
        names += [str(s.get("base_image") or "") for s in graph.neighbours(df.id, EdgeKind.HAS)]
    text = " ".join(names).lower()
    return any(marker in text for marker in _TEST_MARKERS)


def _built_component(
    context: str,
    dockerfile: str | None,
    drafts: dict[str, _Draft],
    graph: FactGraph,
    mounts: list[str] | None = None,
    target: str | None = None,
) -> _Draft | None:
    """The component a build runs.

    The one holding the Dockerfile when that lies inside the context (monorepos build
    ``backend/Dockerfile`` from the root to copy shared packages); else, for a Dockerfile kept
    apart (``dev/docker/Dockerfile.api``), the one component below the context that its COPY
    instructions take files from, or that the service bind-mounts (a dev image that mounts
    ``../../server`` runs the server); else the component at or above the context.
    """
    around = _nearest(context, drafts)
    if not dockerfile:
        return around
    named = _named_by_build(dockerfile, drafts, graph, target)
    if named is not None:
        return named
    holder = _nearest(folder_of(dockerfile), drafts)
    # a folder of Dockerfiles only (dev/docker/) holds no app: look at what the build takes
    app_holder = holder is not None and holder.origin != "dockerfile"
    if holder is not None and _within(holder.root, context) and holder is not around and app_holder:
        return holder
    taken = _copied_components(context, dockerfile, drafts, graph)
    if not taken and mounts:
        taken = {id(d) for m in mounts if (d := _nearest(m, drafts))}
    taken -= {id(around), id(holder)}
    if len(taken) == 1:
        return next(d for d in drafts.values() if id(d) in taken)
    if holder is not None and _within(holder.root, context) and holder is not around:
        return holder
    return around


def _named_by_build(
    dockerfile: str, drafts: dict[str, _Draft], graph: FactGraph, target: str | None
) -> _Draft | None:
    """The one workspace package a Dockerfile builds by name (``turbo prune --scope=webapp``,
    ``pnpm --filter @acme/api build``): a Dockerfile kept in docker/ at the root runs it. A
    build of a stage other than the final one (a multi-target Dockerfile: backend, app, aio)
    is not decided by names."""
    index = graph.memo.get("dockerfiles-by-path")
    if index is None:
        index = {d.location.path: d for d in graph.facts(NodeKind.DOCKERFILE)}
        graph.memo["dockerfiles-by-path"] = index
    fact = index.get(dockerfile)
    if fact is None:
        return None
    names = {
        str(n)
        for stage in graph.neighbours(fact.id, EdgeKind.HAS)
        for n in stage.get("prunes_to") or []
    }
    found = {id(d): d for d in drafts.values() if d.name and d.name in names}
    return next(iter(found.values())) if len(found) == 1 else None


def _copied_components(
    context: str, dockerfile: str, drafts: dict[str, _Draft], graph: FactGraph
) -> set[int]:
    """The components a build copies from its context. What the final stage copies is what
    runs (an earlier stage that builds the frontend copies that too): when the final stage
    names one component besides the one around the context, that one; else every stage's."""
    index = graph.memo.get("dockerfiles-by-path")
    if index is None:
        index = {d.location.path: d for d in graph.facts(NodeKind.DOCKERFILE)}
        graph.memo["dockerfiles-by-path"] = index
    fact = index.get(dockerfile)
    if fact is None:
        return set()
    stages = [s for s in graph.neighbours(fact.id, EdgeKind.HAS) if s.kind is NodeKind.DOCKER_STAGE]
    final = _taken([s for s in stages if s.get("is_final")], context, drafts)
    around = _nearest(context, drafts)
    if len(final - {id(around)}) == 1:
        return final
    return _taken(stages, context, drafts)


def _taken(stages: list[Fact], context: str, drafts: dict[str, _Draft]) -> set[int]:
    found: set[int] = set()
    for stage in stages:
        for source in stage.get("copy_sources") or []:
            path = posixpath.normpath(posixpath.join(context, str(source)))
            draft = _nearest(path, drafts) if not path.startswith("..") else None
            if draft is not None:
                found.add(id(draft))
    return found


def _within(folder: str, parent: str) -> bool:
    return parent == "" or folder == parent or folder.startswith(parent + "/")


def _emit(graph: FactGraph, draft: _Draft, known: tuple[Role, ...]) -> None:
    owned = sorted(draft.owned)
    facts = [graph.fact(i) for i in owned]
    evidence = Evidence(
        pypi=_names(facts, "pypi") | _imported(facts),
        npm=_names(facts, "npm", _RUNTIME_NPM_GROUPS),
        npm_all=_names(facts, "npm"),
        # what its commands start, and the servers its code starts (Go `http.ListenAndServe`)
        servers=frozenset(
            k
            for f in facts
            if f.kind in (NodeKind.COMMAND, NodeKind.SOURCE_MODULE)
            for k in f.get("server_kinds") or []
        ),
        images=frozenset(draft.images),
        npm_peers=frozenset(
            str(f.get("name"))
            for f in facts
            if f.kind is NodeKind.DEPENDENCY
            and f.get("ecosystem") == "npm"
            and f.get("group") == "peer"
        ),
        packages=frozenset(
            f"{f.get('ecosystem')}:{f.get('name')}"
            for f in facts
            if f.kind is NodeKind.DEPENDENCY
            and f.get("ecosystem") in _PACKAGE_ECOSYSTEMS
            and f.get("group") in _PACKAGE_GROUPS
        ),
    )
    roles = [draft.role] if draft.role else infer_roles(known, evidence)
    _anchor_at_role(draft, next((r.declared_by for r in known if roles and r.name == roles[0]), ()))
    name = draft.name or posixpath.basename(draft.root.split("#")[-1]) or "root"
    cid = component_id(draft.root)
    graph.add_fact(
        Fact(
            cid,
            NodeKind.COMPONENT,
            draft.anchor,
            {
                "name": name,
                "path": draft.root.split("#")[0],
                "origin": draft.origin,
                "role": roles[0] if roles else None,
                "roles": roles,
            },
        )
    )
    for fid in owned:
        graph.relate(cid, fid, EdgeKind.OWNS)
    for fact in facts:
        if fact.kind is NodeKind.DOCKERFILE:
            graph.relate(fact.id, cid, EdgeKind.RUNS)


def _anchor_at_role(draft: _Draft, declared_by: tuple[str, ...]) -> None:
    """Point the component at the manifest its role comes from (the role's ``declared_by``)."""
    for kind in declared_by:
        for mtype, location, name in draft.manifests:
            if mtype == kind:
                draft.anchor, draft.origin, draft.name = location, mtype, name
                return


def _imported(facts: Iterable[Fact]) -> frozenset[str]:
    """Packages the component's Python code makes an application object of (``Flask(...)``,
    ``FastAPI()``, ``Celery(...)``: a call of a capitalised name), as PyPI names: a service
    whose code runs flask is a Flask service even when flask is declared elsewhere. Importing
    a framework is not enough (a docs script that imports the app to dump its schema), and
    test modules (``test_*.py``, ``conftest.py``, ``tests/``) say what tests use."""
    found = set()
    for f in facts:
        if f.kind is not NodeKind.CALL or f.get("language") != "python":
            continue
        qualname = str(f.get("qualname"))
        head, _, last = qualname.rpartition(".")
        if head and last[:1].isupper() and not _TEST_MODULE.search(f.location.path):
            found.add(head.partition(".")[0].lower().replace("_", "-"))
    return frozenset(found)


_TEST_MODULE = re.compile(r"(^|/)(tests?/|test_[^/]*$|[^/]*_test\.py$|conftest\.py$)")


def _names(
    facts: Iterable[Fact], ecosystem: str, groups: frozenset[str] | None = None
) -> frozenset[str]:
    return frozenset(
        str(f.get("name"))
        for f in facts
        if f.kind is NodeKind.DEPENDENCY
        and f.get("ecosystem") == ecosystem
        and f.get("group") != "build"
        and (groups is None or f.get("group") in groups)
    )
