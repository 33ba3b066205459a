"""Route paths joined with the prefixes their routers are mounted under, across files."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint import app
from archlint.config import Config
from archlint.domain.facts import Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location
from archlint.linking.routes import join

_PACKAGE = '{"name": "api", "dependencies": {"express": "^4.19.2", "@nestjs/core": "^10.4.1"}}\n'


def route_paths(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    for path, text in {"package.json": _PACKAGE, **files}.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    graph = app.build_graph(tmp_path, Config()).graph
    return {r.id.partition("#route/")[2]: r.get("route_path") for r in graph.facts(NodeKind.ROUTE)}


def test_express_mounts_across_files(tmp_path: Path) -> None:
    paths = route_paths(
        tmp_path,
        {
            "src/app.ts": "import express from 'express';\nimport routes from './routes/v1';\n"
            "import { adminRouter } from './routes/admin';\nconst app = express();\n"
            "const local = express.Router();\nlocal.get('/health', (req, res) => res.end());\n"
            "app.use('/v1', routes);\napp.use('/admin', adminRouter);\napp.use('/', local);\n"
            "app.use('/static', express.static('public'));\n",
            "src/routes/v1/index.ts": "import { Router } from 'express';\n"
            "import authRoute from './auth.route';\nconst router = Router();\n"
            "router.use('/auth', authRoute);\nexport default router;\n",
            "src/routes/v1/auth.route.js": "const express = require('express');\n"
            "const router = express.Router();\n"
            "router.post('/refresh-tokens', (req, res) => res.end());\nmodule.exports = router;\n",
            "src/routes/admin.ts": "import { Router } from 'express';\n"
            "export const adminRouter = Router();\n"
            "adminRouter.get('/users', (req, res) => res.end());\n",
        },
    )
    assert paths == {
        "GET /health": "/health",
        "GET /users": "/admin/users",
        "POST /refresh-tokens": "/v1/auth/refresh-tokens",
    }


def test_a_router_mounted_twice_keeps_its_own_path(tmp_path: Path) -> None:
    paths = route_paths(
        tmp_path,
        {
            "src/app.js": "const express = require('express');\nconst users = require('./users');\n"
            "const app = express();\napp.use('/v1/users', users);\napp.use('/v2/users', users);\n",
            "src/users.js": "const router = require('express').Router();\n"
            "router.get('/:id', (req, res) => res.end());\nmodule.exports = router;\n",
        },
    )
    assert paths == {"GET /:id": "/:id"}


@pytest.mark.parametrize(
    ("prefixes", "expected"), [(["api"], "/api/users/:id"), (["a", "b"], "/users/:id")]
)
def test_nest_global_prefix(tmp_path: Path, prefixes: list[str], expected: str) -> None:
    calls = "".join(f"  app.setGlobalPrefix('{p}');\n" for p in prefixes)
    paths = route_paths(
        tmp_path,
        {
            "src/main.ts": "import { NestFactory } from '@nestjs/core';\n"
            f"async function bootstrap() {{\n  const app = await NestFactory.create(M);\n{calls}}}\n",
            "src/users.controller.ts": "import { Controller, Get } from '@nestjs/common';\n"
            "@Controller('users')\nexport class UsersController {\n  @Get(':id')\n  find() {}\n}\n",
        },
    )
    assert paths == {"GET /users/:id": expected}


def test_join() -> None:
    assert join("/v1/", "", "auth", "/refresh") == "/v1/auth/refresh"
    assert join("/", "/") == "/"


def test_replace_keeps_kind_and_location() -> None:
    graph = FactGraph()
    fact = Fact("a#route", NodeKind.ROUTE, Location("a.ts", 1), {"route_path": "/x"})
    graph.add_fact(fact)
    graph.replace(Fact("a#route", NodeKind.ROUTE, Location("a.ts", 1), {"route_path": "/v1/x"}))
    assert graph.fact("a#route").get("route_path") == "/v1/x"
    with pytest.raises(ValueError, match="keep its kind and location"):
        graph.replace(Fact("a#route", NodeKind.ROUTE, Location("a.ts", 2), {}))
