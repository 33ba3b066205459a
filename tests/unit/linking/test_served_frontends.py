"""A frontend built into a backend's image is served by the backend's compose service."""

from __future__ import annotations

from pathlib import Path

from archlint.app import build_graph
from archlint.config import Config
from archlint.domain.facts import EdgeKind, NodeKind

PACKAGE = '{"name": "web", "dependencies": {"react": "^18"}, "devDependencies": {"vite": "^5"}}'


def _served(tmp_path: Path, dockerfile: str) -> dict[str, list[str]]:
    files = {
        "backend/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
        "frontend/package.json": PACKAGE,
        "Dockerfile": dockerfile,
        "docker-compose.yml": "services:\n  app:\n    build: .\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = build_graph(tmp_path, Config()).graph
    return {
        str(svc.get("name")): sorted(
            [f"runs {c.get('name')}" for c in graph.neighbours(svc.id, EdgeKind.RUNS)]
            + [f"serves {c.get('name')}" for c in graph.neighbours(svc.id, EdgeKind.SERVES)]
        )
        for svc in graph.facts(NodeKind.COMPOSE_SERVICE)
    }


def test_a_stage_that_builds_the_frontend_makes_the_service_serve_it(tmp_path: Path) -> None:
    dockerfile = (
        "FROM node:20 AS web\nWORKDIR /web\nCOPY frontend/ ./\nRUN npm ci && npm run build\n"
        "FROM python:3.12-slim\nCOPY backend/ /app\nCOPY --from=web /web/dist /app/static\n"
        'CMD ["uvicorn", "app.main:app"]\n'
    )
    assert _served(tmp_path, dockerfile) == {"app": ["runs api", "serves web"]}


def test_copying_the_frontend_without_building_it_serves_nothing(tmp_path: Path) -> None:
    dockerfile = (
        "FROM node:20 AS web\nCOPY frontend/public /public\nRUN ls /public\n"
        "FROM python:3.12-slim\nCOPY backend/ /app\nCOPY --from=web /public /app/static\n"
        'CMD ["uvicorn", "app.main:app"]\n'
    )
    assert _served(tmp_path, dockerfile) == {"app": ["runs api"]}


def test_a_virtual_cargo_workspace_roots_no_component(tmp_path: Path) -> None:
    files = {
        "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n',
        "crates/api/Cargo.toml": '[package]\nname = "api"\n[dependencies]\naxum = "0.7"\n',
        "crates/api/src/main.rs": "fn main() {}\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = build_graph(tmp_path, Config()).graph
    components = {str(c.get("path")): c.get("role") for c in graph.facts(NodeKind.COMPONENT)}
    assert components == {"crates/api": "rust-backend"}
