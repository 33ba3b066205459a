"""Components, roles and cross-artifact edges, from small repositories written to tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.app import build_graph
from archlint.config import Config, load_config
from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import FactGraph


def repo(tmp_path: Path, files: dict[str, str]) -> FactGraph:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return build_graph(tmp_path, Config()).graph


def components(graph: FactGraph) -> dict[str, Fact]:
    return {c.get("path") + "|" + c.get("name"): c for c in graph.facts(NodeKind.COMPONENT)}


def component_of(graph: FactGraph, fact_id: str) -> Fact:
    (owner,) = graph.neighbours(fact_id, EdgeKind.OWNS, "in")
    return owner


FASTAPI = '[project]\nname = "api"\ndependencies = ["fastapi", "uvicorn"]\n'
DOCKERFILE = (
    "FROM python:3.12 AS build\nEXPOSE 9999\n"
    'FROM python:3.12-slim\nEXPOSE 8000\nCMD ["uvicorn", "app:app", "--port", "8000"]\n'
)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"api/pyproject.toml": FASTAPI}, {"api": "python-backend"}),
        ({"w/requirements.txt": "celery[redis]\n"}, {"w": "worker"}),
        ({"w/requirements.txt": "celery\nflask\n"}, {"w": "python-backend"}),
        (
            {
                "web/package.json": '{"dependencies": {"react": "^19"}, '
                '"devDependencies": {"vite": "^6"}}'
            },
            {"web": "frontend"},
        ),
        (
            {"gql/package.json": '{"dependencies": {"@apollo/server": "^4", "graphql": "^16"}}'},
            {"gql": "node-backend"},
        ),
        (
            {"site/package.json": '{"dependencies": {"@docusaurus/core": "^3", "react": "^18"}}'},
            {"site": "docs"},
        ),
        ({"docs/requirements.txt": "mkdocs-material\n"}, {"docs": "docs"}),
        (
            {"svc/Dockerfile": 'FROM python:3.12\nCMD ["gunicorn", "-b", ":8000", "app:app"]\n'},
            {"svc": "python-backend"},
        ),
        (
            {"lib/pyproject.toml": '[project]\nname = "lib"\ndependencies = ["attrs"]\n'},
            {"lib": None},
        ),
        # a React package that nothing builds into an app (email templates, a component library)
        (
            {
                "emails/package.json": '{"dependencies": {"react": "^19", "react-dom": "^19", "react-email": "6"}}'
            },
            {"emails": None},
        ),
        (
            {
                "web/package.json": '{"dependencies": {"vue": "^3"}, "devDependencies": {"esbuild": "^0.24"}}'
            },
            {"web": "frontend"},
        ),
        # an SDK that asks its host for React (tested with vite's plugin) is a library
        (
            {
                "sdk/package.json": '{"peerDependencies": {"react": "^19"}, "devDependencies": {"react": "^19", "@vitejs/plugin-react": "^5", "tsup": "^8"}}'
            },
            {"sdk": None},
        ),
        # Nuxt 2 apps list no `vue`: the meta-framework brings it
        (
            {
                "shop/package.json": '{"scripts": {"dev": "nuxt"}, "dependencies": {"nuxt": "^2.17"}}'
            },
            {"shop": "frontend"},
        ),
    ],
)
def test_roles(tmp_path: Path, files: dict[str, str], expected: dict[str, str | None]) -> None:
    graph = repo(tmp_path, files)
    found = {c.get("path"): c.get("role") for c in graph.facts(NodeKind.COMPONENT)}
    assert found == expected


def test_component_owns_its_files_but_not_a_nested_component(tmp_path: Path) -> None:
    graph = repo(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "root"\ndependencies = ["attrs"]\n',
            "api/pyproject.toml": FASTAPI,
            "api/docker/Dockerfile": DOCKERFILE,
        },
    )
    assert component_of(graph, "api/pyproject.toml#dep/main/fastapi").get("path") == "api"
    assert component_of(graph, "pyproject.toml#dep/main/attrs").get("path") == ""
    # a Dockerfile in docker/ belongs to the component above it
    assert component_of(graph, "api/docker/Dockerfile#dockerfile").get("path") == "api"
    assert {c.get("path") for c in graph.facts(NodeKind.COMPONENT)} == {"", "api"}


def test_only_the_final_stage_speaks_for_the_component(tmp_path: Path) -> None:
    graph = repo(tmp_path, {"api/pyproject.toml": FASTAPI, "api/Dockerfile": DOCKERFILE})
    api = graph.fact("component:api")
    owned_ports = {
        p.get("number") for p in graph.neighbours(api.id, EdgeKind.OWNS) if p.kind is NodeKind.PORT
    }
    assert owned_ports == {8000}
    assert graph.neighbours("api/Dockerfile#dockerfile", EdgeKind.RUNS) == [api]


COMPOSE = """\
services:
  api:
    build: ./api
    ports: ["8000:8000"]
  backend:
    build: {context: ., dockerfile: api/Dockerfile}
  e2e:
    build: {context: ., dockerfile: web/Dockerfile.playwright}
    ports: ["9323:9323"]
  db:
    image: postgres:16
"""


def test_compose_services_run_components(tmp_path: Path) -> None:
    graph = repo(
        tmp_path,
        {
            "docker-compose.yml": COMPOSE,
            "pyproject.toml": '[project]\nname = "workspace"\n',
            "api/pyproject.toml": FASTAPI,
            "api/Dockerfile": DOCKERFILE,
            "web/package.json": '{"dependencies": {"react": "^19"}}',
            "web/Dockerfile.playwright": "FROM mcr.microsoft.com/playwright:v1.50.0\n",
        },
    )
    svc = "compose:docker-compose.yml/services/"
    runs = {
        s: [c.get("name") for c in graph.neighbours(svc + s, EdgeKind.RUNS)]
        for s in ("api", "backend", "e2e", "db")
    }
    # built from the root with api/Dockerfile: the component holding the Dockerfile, not the root
    assert runs == {"api": ["api"], "backend": ["api"], "e2e": ["e2e"], "db": ["db"]}
    assert [d.id for d in graph.neighbours(svc + "backend", EdgeKind.BUILDS)] == [
        "api/Dockerfile#dockerfile"
    ]
    roles = {c.get("name"): c.get("role") for c in graph.facts(NodeKind.COMPONENT)}
    assert roles["e2e"] == "test" and roles["db"] is None and roles["workspace"] is None
    # the compose port of api belongs to the api component
    published = f"{svc}api/ports[0]/published:8000"
    assert component_of(graph, published).get("name") == "api"


def test_linking_is_deterministic(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": COMPOSE,
        "api/pyproject.toml": FASTAPI,
        "api/Dockerfile": DOCKERFILE,
    }
    first = repo(tmp_path, files).to_dict()
    assert repo(tmp_path, files).to_dict() == first


def test_final_stage_from_an_earlier_stage_inherits_expose_not_commands(tmp_path: Path) -> None:
    dockerfile = (
        "FROM python:3.12-alpine AS builder\n"
        "ENV FLASK_RUN_PORT 8000\n"
        "EXPOSE 8000\n"
        'CMD ["flask", "run"]\n'
        "FROM builder AS dev-envs\n"
        'CMD ["flask", "run"]\n'
    )
    graph = repo(tmp_path, {"b/requirements.txt": "flask\n", "b/Dockerfile": dockerfile})
    owned = graph.neighbours("component:b", EdgeKind.OWNS)
    ports = sorted(
        (p.get("number"), p.get("source"), p.location.line)
        for p in owned
        if p.kind is NodeKind.PORT
    )
    # EXPOSE is image config the final stage inherits; the builder's CMD is replaced by line 6,
    # which listens on FLASK_RUN_PORT from the inherited ENV
    assert ports == [(8000, "dockerfile-cmd", 6), (8000, "dockerfile-expose", 3)]


def test_requirements_folder_belongs_to_the_project_above(tmp_path: Path) -> None:
    graph = repo(
        tmp_path,
        {"svc/requirements/base.txt": "fastapi\n", "svc/requirements/dev.txt": "-r base.txt\n"},
    )
    assert [(c.get("path"), c.get("role")) for c in graph.facts(NodeKind.COMPONENT)] == [
        ("svc", "python-backend")
    ]


def test_a_tool_config_pyproject_is_no_component(tmp_path: Path) -> None:
    graph = repo(
        tmp_path,
        {
            "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
            "docker-compose.yml": "services:\n  web:\n    image: node:22\n    command: npx vite --port 5150\n",
            "poetry/pyproject.toml": '[tool.poetry]\nname = "legacy"\n[tool.poetry.dependencies]\nflask = "*"\n',
        },
    )
    found = sorted(
        (c.get("path"), c.get("name"), c.get("role")) for c in graph.facts(NodeKind.COMPONENT)
    )
    # the compose service is a component of its own, not a role given to the tool-config root
    assert found == [("", "web", "frontend"), ("poetry", "legacy", "python-backend")]


def test_the_repository_node_has_every_file_component_and_diagnostic(tmp_path: Path) -> None:
    graph = repo(tmp_path, {"api/pyproject.toml": FASTAPI, "docker-compose.yml": "services: [\n"})
    (repository,) = graph.facts(NodeKind.REPOSITORY)
    assert repository.get("name") == tmp_path.name
    parts = graph.neighbours(repository.id, EdgeKind.HAS)
    assert sorted(p.kind.value for p in parts) == ["component", "diagnostic", "file", "file"]


def test_workspace_dependencies_link_components(tmp_path: Path) -> None:
    graph = repo(
        tmp_path,
        {
            "apps/api/package.json": '{"name": "api", "dependencies": {"@acme/db": "workspace:*", "express": "^4"}}',
            "apps/web/package.json": '{"name": "web", "dependencies": {"@acme/db": "^1.0.0"}}',
            "packages/db/package.json": '{"name": "@acme/db"}',
        },
    )
    assert [c.id for c in graph.neighbours("component:apps/api", EdgeKind.DEPENDS_ON)] == [
        "component:packages/db"
    ]
    # a registry range is not the sibling package
    assert graph.neighbours("component:apps/web", EdgeKind.DEPENDS_ON) == []


@pytest.mark.parametrize(
    ("dockerfile", "volumes", "expected"),
    [
        # a Dockerfile kept apart that COPYs one component's folder runs that component
        ("FROM python:3.12\nCOPY server/ /app/server\n", "", "server"),
        # a dev image that copies nothing but bind-mounts the component's folder
        ("FROM python:3.12\n", "    volumes: ['../../server:/app/server']\n", "server"),
        # two candidates: no guess, the context's component
        ("FROM python:3.12\nCOPY server web /app/\n", "", "workspace"),
    ],
)
def test_a_build_from_the_root_runs_the_component_it_takes(
    tmp_path: Path, dockerfile: str, volumes: str, expected: str
) -> None:
    compose = (
        "services:\n  api:\n    build: {context: ../.., dockerfile: dev/docker/Dockerfile.api}\n"
        + volumes
    )
    graph = repo(
        tmp_path,
        {
            "package.json": '{"name": "workspace"}',
            "server/pyproject.toml": FASTAPI.replace('"api"', '"server"'),
            "web/package.json": '{"name": "web", "dependencies": {"react": "^19", "vite": "^6"}}',
            "dev/docker/Dockerfile.api": dockerfile,
            "dev/docker/docker-compose.yml": compose,
        },
    )
    runs = graph.neighbours("compose:dev/docker/docker-compose.yml/services/api", EdgeKind.RUNS)
    assert [c.get("name") for c in runs] == [expected]


def test_the_component_points_at_the_manifest_its_role_comes_from(tmp_path: Path) -> None:
    graph = repo(
        tmp_path,
        {
            "svc/requirements.txt": "fastapi==0.115.0\n",
            "svc/package.json": '{"name": "lint-tools", "devDependencies": {"eslint": "^9"}}',
        },
    )
    (component,) = graph.facts(NodeKind.COMPONENT)
    assert component.location.path == "svc/requirements.txt"
    assert (component.get("role"), component.get("name"), component.get("origin")) == (
        "python-backend",
        "svc",
        "requirements",
    )


def test_workspace_members_own_the_dependencies_they_get(tmp_path: Path) -> None:
    graph = repo(
        tmp_path,
        {
            "package.json": '{"name": "mono", "workspaces": ["apps/*", "packages/*"], "devDependencies": {"typescript": "^5"}}',
            "apps/web/package.json": '{"name": "web", "dependencies": {"react": "^19", "vite": "^6", "@acme/ui": "workspace:*"}}',
            "packages/ui/package.json": '{"name": "@acme/ui", "dependencies": {"radix-ui": "^1.4"}}',
            "tools/x/package.json": '{"name": "x", "dependencies": {"left-pad": "1"}}',
        },
    )
    owned = {
        d.get("name")
        for d in graph.neighbours("component:apps/web", EdgeKind.OWNS)
        if d.kind is NodeKind.DEPENDENCY
    }
    # its own, the root's hoisted typescript, and what @acme/ui brings
    assert owned == {"react", "vite", "@acme/ui", "typescript", "radix-ui"}
    # tools/x is not a workspace member
    owned_x = {
        d.get("name")
        for d in graph.neighbours("component:tools/x", EdgeKind.OWNS)
        if d.kind is NodeKind.DEPENDENCY
    }
    assert owned_x == {"left-pad"}


def test_config_decides_what_makes_a_role(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": "[tool.archlint.roles.worker]\nremove-pypi = ['apscheduler']\n"
        "[tool.archlint.roles.python-backend]\npypi = ['acme-web']\n",
        "cron/requirements.txt": "apscheduler\n",
        "api/requirements.txt": "acme-web\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = build_graph(tmp_path, load_config(tmp_path)).graph
    roles = {c.get("path"): c.get("roles") for c in graph.facts(NodeKind.COMPONENT)}
    assert roles == {"api": ["python-backend"], "cron": []}
    assert repo(tmp_path, {}).fact("component:cron").get("roles") == ["worker"]
