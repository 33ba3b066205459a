"""Facts: what is in the repository and where. Parsers and linkers produce them; rules read them.

The node and edge kinds below are the documented schema of the fact graph (docs/facts.md).
Rules name them; the rule loader rejects a kind that is not listed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from archlint.domain.location import Location


class NodeKind(StrEnum):
    REPOSITORY = "repository"  # the scanned root: one node, the anchor of repository-wide rules
    FILE = "file"
    COMPONENT = "component"
    MANIFEST = "manifest"
    DEPENDENCY = "dependency"
    SCRIPT = "script"
    COMMAND = "command"
    PORT = "port"
    ENV_VAR = "env_var"
    IMAGE = "image"
    DOCKERFILE = "dockerfile"
    DOCKER_STAGE = "docker_stage"
    COMPOSE_PROJECT = "compose_project"
    COMPOSE_SERVICE = "compose_service"
    PROCESS = "process"
    DIAGNOSTIC = "diagnostic"  # a file that could not be read or parsed (rule PARSE001)

    # -- source code, shared by the Python and TS/JS parsers (kinds/code.py) --------------------
    SOURCE_MODULE = "source_module"
    IMPORT = "import"
    FUNCTION = "function"
    CALL = "call"
    MODEL = "model"
    ROUTE = "route"
    ROUTE_PARAM = "route_param"
    SETTING = "setting"
    CONNECTION_URL = "connection_url"
    TOKEN_ISSUE = "token_issue"
    MIGRATION_SETUP = "migration_setup"
    TOOL_RUN = "tool_run"

    # -- Python-only kinds (kinds/python.py) ---------------------------------------------------

    # -- TS/JS-only kinds (kinds/javascript.py) -------------------------------------------------
    PRISMA_SCHEMA = "prisma_schema"
    TSCONFIG = "tsconfig"
    ROUTE_MOUNT = "route_mount"
    BUILD_OUTPUT = "build_output"

    # -- Helm and Kubernetes (kinds/kubernetes.py) ----------------------------------------------
    HELM_CHART = "helm_chart"
    K8S_WORKLOAD = "k8s_workload"
    K8S_CONTAINER = "k8s_container"
    K8S_SERVICE = "k8s_service"
    K8S_INGRESS = "k8s_ingress"
    SECRET_PROVIDER_CLASS = "secret_provider_class"
    KUSTOMIZATION = "kustomization"

    # -- Terraform (kinds/terraform.py) ----------------------------------------------------------
    TF_MODULE = "tf_module"
    TF_RESOURCE = "tf_resource"
    TF_MODULE_CALL = "tf_module_call"
    TF_VARIABLE = "tf_variable"
    TF_LOCAL = "tf_local"
    TF_OUTPUT = "tf_output"
    TF_PROVIDER = "tf_provider"
    TF_ARGUMENT = "tf_argument"
    TF_REFERENCE = "tf_reference"

    # -- other languages' manifests (kinds/ecosystems.py) ---------------------------------------


class EdgeKind(StrEnum):
    HAS = "has"  # a fact and its parts: service -> port, stage -> command, manifest -> dependency
    OWNS = "owns"  # component -> every fact that belongs to it
    BUILDS = "builds"  # compose_service -> dockerfile
    RUNS = "runs"  # dockerfile / compose_service / process -> component it runs
    DEPENDS_ON = "depends_on"  # compose_service -> compose_service
    COPIES_FROM = "copies_from"  # docker_stage -> earlier docker_stage
    INCLUDES = "includes"  # manifest -> manifest (requirements -r)
    USES_IMAGE = "uses_image"  # compose_service / docker_stage -> image
    SERVES = "serves"  # compose_service -> frontend component built into its image

    # -- source code (kinds/code.py) ---------------------------------------------------------------
    CALLS = "calls"  # call -> function of the same repository it resolves to
    IMPORTS = "imports"  # source_module -> source_module it imports (same component)
    HANDLED_BY = "handled_by"  # route -> function that handles it
    READS = "reads"  # token_issue / call -> setting its lifetime / an argument is read from
    EXECUTES = "executes"  # command -> source_module it runs as a script (`tsx admin/x.ts`)
    NAMES_IMAGE = "names_image"  # setting -> component whose package script builds that image

    # -- Python-only (kinds/python.py) -------------------------------------------------------------

    # -- TS/JS-only (kinds/javascript.py) ----------------------------------------------------------

    # -- Helm and Kubernetes (kinds/kubernetes.py) -------------------------------------------------
    DEPLOYS = "deploys"  # component -> helm_chart / k8s_workload that deploys it
    SELECTS = "selects"  # k8s_service -> k8s_workload whose pod labels it selects
    MOUNTS = "mounts"  # k8s_workload -> secret_provider_class it mounts through the CSI driver

    # -- Terraform (kinds/terraform.py) ------------------------------------------------------------
    REFERS_TO = "refers_to"  # tf_reference -> the block it names (same module)
    RESOLVES_TO = "resolves_to"  # tf_reference -> tf_resource it denotes, across vars/modules
    CALLS_MODULE = "calls_module"  # tf_module_call -> tf_module of its local source
    HOSTS_IMAGE = "hosts_image"  # tf_resource (container registry) -> image pulled from it


@dataclass(frozen=True, slots=True)
class Fact:
    """One node of the fact graph.

    ``id`` is unique in the graph and stable across runs (built from the path and a local key,
    never from a line number), so it doubles as the evidence key of SARIF fingerprints.
    ``trace`` lists further places that produced the fact besides ``location`` (a compose value
    merged from a base and an override); findings show them as related locations.
    """

    id: str
    kind: NodeKind
    location: Location
    attrs: Mapping[str, Any] = field(default_factory=dict)
    trace: tuple[Location, ...] = ()

    def get(self, name: str, default: Any = None) -> Any:
        return self.attrs.get(name, default)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.column, self.id)


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed, typed edge between two facts."""

    source: str
    target: str
    kind: EdgeKind


PARSE_RULE_ID = "PARSE001"  # the rule that reports every Diagnostic (rules/PARSE001.yaml)


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A problem with an input file: it could not be read or parsed, or a part was not understood.

    Diagnostics become findings of the dedicated rule ``PARSE001`` and SARIF tool notifications.
    """

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    facts: tuple[Fact, ...] = ()
    relations: tuple[Relation, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
