from __future__ import annotations

from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult
from archlint.parsers.base import SourceFile
from archlint.parsers.common import treesitter
from archlint.parsers.javascript import grammar, source
from archlint.parsers.javascript.source import JsSourceParser


def parse(text: str, path: str = "src/app.ts") -> ParseResult:
    return JsSourceParser().parse(SourceFile(path, text))


def of(result: ParseResult, kind: NodeKind) -> list[Fact]:
    return [f for f in result.facts if f.kind is kind]


def qualnames(text: str, path: str = "src/app.ts") -> list[str]:
    return [f.get("qualname") for f in of(parse(text, path), NodeKind.CALL)]


@pytest.mark.parametrize(
    ("path", "selected"),
    [
        ("src/main.ts", True),
        ("src/App.tsx", True),
        ("index.js", True),
        ("a.jsx", True),
        ("vite.config.mjs", True),
        ("x.cjs", True),
        ("types.d.ts", True),  # selected, but read as nothing
        ("main.py", False),
        ("tsconfig.json", False),
    ],
)
def test_selector(path: str, selected: bool) -> None:
    assert JsSourceParser().selector.matches(path) is selected


def test_declaration_files_give_no_facts() -> None:
    assert parse("export declare const x: number;\n", "src/types.d.ts") == ParseResult()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import jwt from 'jsonwebtoken';\njwt.sign({}, k);", ["jsonwebtoken.sign"]),
        ("import { sign as s } from 'jsonwebtoken';\ns({}, k);", ["jsonwebtoken.sign"]),
        ("import * as jwt from 'jsonwebtoken';\njwt.verify(t, k);", ["jsonwebtoken.verify"]),
        ("const jwt = require('jsonwebtoken');\njwt.sign({}, k);", ["jsonwebtoken.sign"]),
        ("const { createLogger: mk } = require('winston');\nmk();", ["winston.createLogger"]),
        ("const sign = require('jsonwebtoken').sign;\nsign({}, k);", ["jsonwebtoken.sign"]),
        ("import fs = require('fs');\nfs.readFileSync('x');", ["fs.readFileSync"]),
        ("import pino from 'pino';\nconst log = pino();\nlog.info('x');", ["pino", "pino().info"]),
        ("console.log('x');\nfoo.bar();", ["console.log"]),
        (
            "import { SignJWT } from 'jose';\nnew SignJWT({}).sign(k);",
            ["jose.SignJWT", "jose.SignJWT.sign"],
        ),
        ("import { helper } from './util/helper';\nhelper();", ["src/util/helper.helper"]),
        ("function local() {}\nlocal();", ["src/app.local"]),
    ],
)
def test_calls_are_qualified_through_imports(code: str, expected: list[str]) -> None:
    assert sorted(qualnames(code)) == sorted(expected)


def test_injected_services_and_fields_qualify_this_calls() -> None:
    code = (
        "import { Injectable, Logger } from '@nestjs/common';\n"
        "import { JwtService } from '@nestjs/jwt';\n"
        "@Injectable()\n"
        "export class AuthService {\n"
        "  private readonly logger = new Logger(AuthService.name);\n"
        "  constructor(private readonly jwt: JwtService) {}\n"
        "  async login() {\n"
        "    this.logger.log('login');\n"
        "    return await this.jwt.signAsync({ sub: 1 });\n"
        "  }\n"
        "}\n"
    )
    result = parse(code)
    calls = {f.get("qualname"): f for f in of(result, NodeKind.CALL)}
    sign = calls["@nestjs/jwt.JwtService.signAsync"]
    assert sign.get("awaited") is True
    assert sign.get("function") == "src/app.AuthService.login"
    assert (sign.location.line, sign.location.column) == (9, 18)
    assert "@nestjs/common.Logger.log" in calls
    [login] = [f for f in of(result, NodeKind.FUNCTION) if f.get("name") == "login"]
    assert login.get("class_decorators") == ["@nestjs/common.Injectable"]
    assert login.get("is_async") is True
    assert (sign.id, EdgeKind.HAS) in {(r.target, r.kind) for r in result.relations}


def test_call_arguments_kwargs_and_nested_calls() -> None:
    code = (
        "import winston from 'winston';\n"
        "export const logger = winston.createLogger({\n"
        "  level: 'info',\n"
        "  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),\n"
        "});\n"
    )
    [create, *_] = of(parse(code), NodeKind.CALL)
    assert create.get("qualname") == "winston.createLogger"
    assert create.get("kwargs") == {"level": "info", "format": None}
    assert create.get("arg_calls") == [
        "winston.format.combine",
        "winston.format.json",
        "winston.format.timestamp",
    ]


def test_imports_are_facts_with_style_and_resolution() -> None:
    code = (
        "import type { User } from './user';\n"
        "import express, { Router } from 'express';\n"
        "const cfg = require('../config');\n"
        "const m = await import('./lazy');\n"
    )
    imports = {f.get("module"): f for f in of(parse(code, "src/api/app.ts"), NodeKind.IMPORT)}
    assert imports["./user"].get("type_only") is True
    assert imports["./user"].get("resolved") == "src/api/user"
    assert imports["express"].get("alias") == "express"
    assert imports["express"].get("names") == ["Router"]
    assert imports["../config"].get("style") == "require"
    assert imports["../config"].get("resolved") == "src/config"
    assert imports["./lazy"].get("style") == "dynamic"


def test_module_fact() -> None:
    [module] = of(
        parse("#!/usr/bin/env node\nconsole.log(1)\n", "bin/cli.js"), NodeKind.SOURCE_MODULE
    )
    assert module.id == "bin/cli.js#module"
    assert module.attrs == {
        "module": "bin/cli",
        "lines": 2,
        "entrypoint": True,
        "syntax_errors": 0,
        "default_export": None,
        "http_headers": [],
        "language": "javascript",
    }


@pytest.mark.parametrize(
    ("code", "default"),
    [
        ("const router = Router();\nexport default router;\n", "router"),
        ("const router = Router();\nmodule.exports = router;\n", "router"),
        ("module.exports = { a, b };\n", None),
        ("export default function handler() {}\n", "handler"),
        ("export default class Users {}\n", "Users"),
        ("export function named() {}\n", None),
    ],
)
def test_default_export(code: str, default: str | None) -> None:
    [module] = of(parse(code), NodeKind.SOURCE_MODULE)
    assert module.get("default_export") == default


def test_http_headers_in_string_literals() -> None:
    code = (
        "app.use((req, res, next) => {\n"
        "  const id = req.get('x-request-id') ?? randomUUID();\n"
        '  res.setHeader("X-Correlation-ID", id);\n'
        "  next(); // not x-notes\n});\n"
    )
    [module] = of(parse(code), NodeKind.SOURCE_MODULE)
    assert module.get("http_headers") == ["X-Correlation-ID", "x-request-id"]


@pytest.mark.parametrize(
    ("code", "name", "value", "env"),
    [
        ("export const ACCESS_TTL = 60 * 15;", "ACCESS_TTL", 900, None),
        ("const PORT = process.env.PORT || 4000;", "PORT", 4000, "PORT"),
        ("const PORT = Number(process.env.PORT ?? '4000');", "PORT", 4000, "PORT"),
        ("const S = process.env['JWT_SECRET'];", "S", None, "JWT_SECRET"),
        ("export const jwtConstants = { secret: 'dev' };", "jwtConstants.secret", "dev", None),
        ("const A = 'a' + `b`;", "A", "ab", None),
        ("const H = 0x10;", "H", 16, None),
        ("const N = -1_000;", "N", -1000, None),
        ("const T = true;", "T", True, None),
    ],
)
def test_settings(code: str, name: str, value: Any, env: str | None) -> None:
    settings = {f.get("name"): f for f in of(parse(code), NodeKind.SETTING)}
    setting = settings[name]
    assert (setting.get("value"), setting.get("env")) == (value, env)
    assert setting.get("literal") is (env is None and value is not None)


def test_non_static_constants_are_no_settings() -> None:
    assert (
        of(parse("const app = express();\nconst t = `${a}`;\nconst d = 1 / 0;\n"), NodeKind.SETTING)
        == []
    )


VITE = "import { defineConfig } from 'vite';\n\nexport default defineConfig({DEF});\n"


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        (
            "web/vite.config.ts",
            VITE.replace("{DEF}", "{\n  server: { port: 3000 },\n}"),
            [(3000, 4, "frontend-dev")],
        ),
        (
            "web/vite.config.mjs",
            VITE.replace(
                "{DEF}",
                "({ mode }) => ({\n  server: { port: 5173 },\n  preview: { port: 8080 },\n})",
            ),
            [(5173, 4, "frontend-dev"), (8080, 5, "frontend-preview")],
        ),
        (
            "vite.config.js",
            VITE.replace(
                "{DEF}",
                "() => {\n  const port = Number(process.env.PORT) || 3001;\n  return { server: { port } };\n}",
            ),
            [(3001, 5, "frontend-dev")],
        ),
        (
            "vite.config.ts",
            "const config = { server: { port: 4000 } };\nexport default config;\n",
            [(4000, 1, "frontend-dev")],
        ),
        (
            "vite.config.cjs",
            "module.exports = { server: { port: 3002 } };\n",
            [(3002, 1, "frontend-dev")],
        ),
        ("vite.config.ts", VITE.replace("{DEF}", "{ plugins: [] }"), []),
        ("vitest.config.ts", VITE.replace("{DEF}", "{ server: { port: 3000 } }"), []),
        (
            "nuxt.config.ts",
            "export default defineNuxtConfig({ devServer: { port: 3000 } });\n",
            [(3000, 1, "frontend-dev")],
        ),
        ("src/config.ts", VITE.replace("{DEF}", "{ server: { port: 3000 } }"), []),
    ],
)
def test_dev_server_ports_of_configs(
    path: str, code: str, expected: list[tuple[int, int, str]]
) -> None:
    ports = of(parse(code, path), NodeKind.PORT)
    assert [(p.get("number"), p.location.line, p.get("server_kind")) for p in ports] == expected
    assert all(p.get("scope") == "listen" and p.get("artifact") == path for p in ports)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "import express from 'express';\nconst app = express();\napp.listen(9090);\n",
            [(9090, 3, "express")],
        ),
        (
            "import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n"
            "  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\n",
            [(3000, 4, "@nestjs/core")],
        ),
        (
            "import Fastify from 'fastify';\nconst f = Fastify();\nf.listen({ port: 8080, host: '0.0.0.0' });\n",
            [(8080, 3, "fastify")],
        ),
        (
            "import http from 'http';\nconst { PORT = 4001 } = process.env;\nhttp.createServer(h).listen(PORT);\n",
            [(4001, 3, "http")],
        ),
        (
            "import { startStandaloneServer } from '@apollo/server/standalone';\n"
            "await startStandaloneServer(server, { listen: { port: 4000 } });\n",
            [(4000, 2, "@apollo/server/standalone")],
        ),
        (
            "import express from 'express';\nconst app = express();\napp.listen(0);\napp.listen(port);\n",
            [],
        ),
        ("emitter.listen(9090);\n", []),
    ],
)
def test_listen_ports(code: str, expected: list[tuple[int, int, str]]) -> None:
    ports = of(parse(code), NodeKind.PORT)
    assert [(p.get("number"), p.location.line, p.get("server")) for p in ports] == expected
    assert all(p.get("source") == "code-listen" for p in ports)


def test_syntax_errors_are_counted_and_the_rest_is_read() -> None:
    result = parse("import jwt from 'jsonwebtoken';\nconst = ;\njwt.sign({}, k);\n")
    assert result.diagnostics == ()
    [module] = of(result, NodeKind.SOURCE_MODULE)
    assert module.get("syntax_errors") >= 1
    assert (module.get("syntax_error_line"), module.get("syntax_error_column")) == (2, 1)
    assert module.get("syntax_error") == "cannot read `const = ;`"
    assert "jsonwebtoken.sign" in [f.get("qualname") for f in of(result, NodeKind.CALL)]


@pytest.mark.parametrize(
    ("code", "line", "column", "reason"),
    [
        # an unclosed call: tree-sitter folds the import before it into the unreadable region
        (
            "import express from 'express'\n\nconst app = express(\napp.get('/h', (q, r) => {\n"
            "  r.send({ ok: true \n})\n\nexport const port = 3000\n",
            3,
            1,
            "cannot read `const app = express(`",
        ),
        ("function f(a: number {\n  return a;\n}\n", 1, 21, "expected `)`"),
        ("const a = 1;\n<<<<<<< HEAD\nconst b = 1;\n", 2, 1, "cannot read `<<<<<<< HEAD`"),
        ("const é = 1; const = 2;\n", 1, 14, "cannot read `const = 2;`"),  # column in characters
        # an unclosed block at the end: the statement, quoted from where it starts
        ("export const handler = () => {\n", 1, 1, "cannot read `export const handler = () => {`"),
        # an unterminated string: the quote is cut at 40 characters
        (
            "const note = 'x" + "y" * 60 + "\n",
            1,
            1,
            "cannot read `const note = 'x" + "y" * 24 + "…`",
        ),
    ],
)
def test_the_first_unreadable_place_is_located(
    code: str, line: int, column: int, reason: str
) -> None:
    [module] = of(parse(code), NodeKind.SOURCE_MODULE)
    assert (module.get("syntax_error_line"), module.get("syntax_error_column")) == (line, column)
    assert module.get("syntax_error") == reason


def test_a_file_the_grammar_reads_has_no_unreadable_place() -> None:
    [module] = of(parse("export const port = 3000;\n"), NodeKind.SOURCE_MODULE)
    assert module.get("syntax_errors") == 0
    assert module.get("syntax_error") is None and module.get("syntax_error_line") is None


def test_a_missing_grammar_is_a_diagnostic(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> object:
        raise ImportError(f"No module named {name!r}")

    grammar.parser_for.cache_clear()
    monkeypatch.setattr(treesitter.importlib, "import_module", missing)
    try:
        result = parse("const x = 1;\n", "src/a.tsx")
    finally:
        grammar.parser_for.cache_clear()
    [diagnostic] = result.diagnostics
    assert "tree-sitter-typescript" in diagnostic.message
    assert result.facts == ()
    assert source.JsSourceParser.name == "js-source"


def test_non_ascii_columns_count_characters() -> None:
    [call] = of(parse("const s = 'é'; console.log(s);\n"), NodeKind.CALL)
    assert call.location.column == 16


def test_databases_named_in_code() -> None:
    code = (
        "import { DataSource } from 'typeorm';\n"
        "import { TypeOrmModule } from '@nestjs/typeorm';\n"
        "import mongoose from 'mongoose';\n"
        "const MONGO = 'mongodb+srv://admin:secret@cluster0/app';\n"
        "export const ds = new DataSource({ type: 'mysql', host: process.env.DB_HOST });\n"
        "TypeOrmModule.forRoot({ type: 'postgres' });\n"
        "mongoose.connect('postgresql+pg://user:pass@localhost/db');\n"
    )
    urls = of(parse(code), NodeKind.CONNECTION_URL)
    found = [
        (
            u.location.line,
            u.get("dialect"),
            u.get("origin"),
            u.get("has_credentials"),
            u.get("placeholder"),
        )
        for u in urls
    ]
    assert found == [
        (4, "mongodb", "setting", True, False),
        (5, "mysql", "config", False, False),
        (6, "postgresql", "config", False, False),
        (7, "postgresql", "literal", True, True),
    ]


def test_a_field_initialised_from_another_field_of_its_class() -> None:
    """`settings = this.agent.config()` asks for the class being read (a RecursionError once)."""
    code = (
        'import { Agent, Proxy } from "./kernel";\n'
        "export class Interceptor {\n"
        "  agent = new Agent();\n"
        "  settings = this.agent.config();\n"
        "  send() { return this.agent.send(); }\n"
        "}\n"
    )
    result = parse(code)
    assert result.diagnostics == ()
    assert "src/kernel.Agent.send" in qualnames(code)
