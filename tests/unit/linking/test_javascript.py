"""TS/JS calls and route handlers resolved across files: index modules, tsconfig aliases and
baseUrl, ESM and CommonJS re-exports; only inside the caller's component."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint import app
from archlint.config import Config
from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.graph import FactGraph

_PACKAGE = '{"name": "%s", "dependencies": {"express": "^4.19.2", "jsonwebtoken": "^9.0.2"}}\n'


def graph_of(tmp_path: Path, files: dict[str, str]) -> FactGraph:
    for path, text in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return app.build_graph(tmp_path, Config()).graph


def calls(graph: FactGraph) -> set[tuple[str, str]]:
    return {
        (call.get("qualname"), target.get("qualname"))
        for call in graph.facts(NodeKind.CALL)
        for target in graph.neighbours(call.id, EdgeKind.CALLS)
    }


def test_index_alias_base_url_and_reexports(tmp_path: Path) -> None:
    graph = graph_of(
        tmp_path,
        {
            "package.json": _PACKAGE % "api",
            "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./src/*"],'
            ' "@tokens": ["./src/auth/tokens.ts"], "~none/*": []}}}\n',
            "src/auth/tokens.ts": "export function sign(id: string) { return id; }\n",
            "src/auth/index.ts": "export * from './tokens';\nexport { sign as s } from './tokens';\n"
            "export * as tokens from './tokens';\n",
            "src/app.ts": "import { sign } from './auth';\nimport * as a from '@/auth';\n"
            "import { sign as t } from '@tokens';\nimport { sign as b } from 'src/auth/tokens';\n"
            "import { missing } from './auth';\n"
            "export const run = () => { sign('1'); a.tokens.sign('2'); t('3'); b('4');"
            " missing(); a.tokens.nope(); };\n",
        },
    )
    assert calls(graph) == {
        ("src/auth.sign", "src/auth/tokens.sign"),
        ("@/auth.tokens.sign", "src/auth/tokens.sign"),
        ("@tokens.sign", "src/auth/tokens.sign"),
        ("src/auth/tokens.sign", "src/auth/tokens.sign"),
    }
    imports = {
        (s.get("module"), t.get("module"))
        for s in graph.facts(NodeKind.SOURCE_MODULE)
        for t in graph.neighbours(s.id, EdgeKind.IMPORTS)
    }
    assert imports == {
        ("src/app", "src/auth/index"),
        ("src/app", "src/auth/tokens"),
        ("src/auth/index", "src/auth/tokens"),
    }


def test_commonjs_index_and_a_wrapped_handler_in_another_file(tmp_path: Path) -> None:
    graph = graph_of(
        tmp_path,
        {
            "package.json": _PACKAGE % "api",
            "src/services/token.service.js": "const jwt = require('jsonwebtoken');\n"
            "const generateAuthTokens = async (user) => jwt.sign({ sub: user.id }, k);\n"
            "module.exports = { generateAuthTokens };\n",
            "src/services/index.js": "module.exports.tokenService = require('./token.service');\n",
            "src/utils/catchAsync.js": "const catchAsync = (fn) => (req, res, next) => fn(req, res, next);\n"
            "module.exports = catchAsync;\n",
            "src/controllers/auth.controller.js": "const { tokenService } = require('../services');\n"
            "const catchAsync = require('../utils/catchAsync');\n"
            "const refreshTokens = catchAsync(async (req, res) => {\n"
            "  res.send(await tokenService.generateAuthTokens(req.user));\n});\n"
            "module.exports = { refreshTokens };\n",
            "src/routes/auth.route.js": "const express = require('express');\n"
            "const authController = require('../controllers/auth.controller');\n"
            "const router = express.Router();\n"
            "router.post('/refresh-tokens', authController.refreshTokens);\n"
            "router.post('/inline', (req, res) => res.end());\n",
        },
    )
    assert ("src/services.tokenService.generateAuthTokens", "src/services/token.service."
            "generateAuthTokens") in calls(graph)  # fmt: skip
    # a module called as a function: its default export
    assert ("src/utils/catchAsync", "src/utils/catchAsync.catchAsync") in calls(graph)
    handled = {
        (route.get("route_path"), target.get("qualname"))
        for route in graph.facts(NodeKind.ROUTE)
        for target in graph.neighbours(route.id, EdgeKind.HANDLED_BY)
    }
    assert handled == {("/refresh-tokens", "src/controllers/auth.controller.refreshTokens")}
    [function] = [f for f in graph.facts(NodeKind.FUNCTION) if f.get("name") == "refreshTokens"]
    # the wrapper is called where the function is defined: it is one of its callees too
    assert function.get("callees") == ["catchAsync", "res.send", "tokenService.generateAuthTokens"]


@pytest.mark.parametrize("other", ["web", "api"])
def test_only_functions_of_the_callers_component(tmp_path: Path, other: str) -> None:
    graph = graph_of(
        tmp_path,
        {
            "api/package.json": _PACKAGE % "api",
            "api/src/app.ts": "import { sign } from '@/tokens';\nsign('1');\n",
            "api/tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}\n',
            f"{other}/package.json": _PACKAGE % other if other != "api" else _PACKAGE % "api",
            f"{other}/src/tokens.ts": "export function sign(id: string) { return id; }\n",
        },
    )
    expected = {("@/tokens.sign", "api/src/tokens.sign")} if other == "api" else set()
    assert calls(graph) == expected
