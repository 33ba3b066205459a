from __future__ import annotations

from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult
from archlint.parsers.base import SourceFile
from archlint.parsers.javascript.source import JsSourceParser
from archlint.parsers.javascript.tokens import lifetime_seconds


def parse(text: str, path: str = "src/auth.ts") -> ParseResult:
    return JsSourceParser().parse(SourceFile(path, text))


def of(result: ParseResult, kind: NodeKind) -> list[Fact]:
    return [f for f in result.facts if f.kind is kind]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (3600, 3600),
        ("15m", 900),
        ("7d", 604800),
        ("2 hours", 7200),
        ("1.5h", 5400),
        ("90s", 90),
        ("1w", 604800),
        ("1y", 31557600),
        ("60000", 60),  # jsonwebtoken: digits without a unit are milliseconds
        ("soon", None),
        ("10 fortnights", None),
        (True, None),
        (-5, None),
        (None, None),
    ],
)
def test_lifetimes(value: Any, seconds: int | None) -> None:
    assert lifetime_seconds(value) == seconds


JWT = "import jwt from 'jsonwebtoken';\n"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            JWT
            + "const ACCESS_TTL = 60 * 15;\nexport const sign = (u) => jwt.sign({ sub: u }, process.env.JWT_SECRET, { expiresIn: ACCESS_TTL });\n",
            ("access", 900, "ACCESS_TTL", "env", False),
        ),
        (
            JWT
            + "export function createRefreshToken(u) {\n  return jwt.sign({ sub: u }, config.refreshSecret, { expiresIn: '7d' });\n}\n",
            ("refresh", 604800, None, "setting", False),
        ),
        (
            JWT + "jwt.sign({ sub: 1, type: 'access' }, 'dev-secret', { expiresIn: '7d' });\n",
            ("access", 604800, None, "literal", True),
        ),
        (
            JWT
            + "const KEY = 'k';\njwt.sign({ sub: 1, exp: Math.floor(Date.now() / 1000) + 60 * 60 }, KEY);\n",
            (None, 3600, None, "literal", True),
        ),
        (
            JWT
            + "jwt.sign({ sub: 1 }, this.configService.get('JWT_SECRET'), { expiresIn: this.configService.get('JWT_TTL') });\n",
            (None, None, "this.configService.get('JWT_TTL')", "config", False),
        ),
        (
            "import { sign } from 'jsonwebtoken';\nsign({}, getKey(), {});\n",
            (None, None, None, "unknown", False),
        ),
        (
            "import { SignJWT } from 'jose';\nawait new SignJWT({}).setExpirationTime('15m').sign(new TextEncoder().encode('secret'));\n",
            (None, 900, None, "literal", True),
        ),
        (
            "import { SignJWT } from 'jose';\nawait new SignJWT({}).setExpirationTime(1700000000).sign(key);\n",
            (None, None, None, "setting", False),
        ),
    ],
)
def test_token_issues(code: str, expected: tuple[Any, ...]) -> None:
    [issue] = of(parse(code), NodeKind.TOKEN_ISSUE)
    got = tuple(
        issue.get(k)
        for k in ("token_type", "lifetime_seconds", "lifetime_source", "key_source", "key_literal")
    )
    assert got == expected
    assert issue.get("lifetime_known") is (expected[1] is not None)
    # the same lifetime in minutes, as the Python parser sets it (AUTH003 reads minutes)
    assert issue.get("lifetime_minutes") == (None if expected[1] is None else expected[1] / 60)


@pytest.mark.parametrize(
    ("key", "setting"),
    [
        ("JWT_SECRET", "JWT_SECRET"),  # a constant of the file: reported there by AUTH004
        ("config.jwtSecret", "jwtSecret"),
        ("process.env.JWT_SECRET", None),  # the environment, not a setting
        ("'inline-key'", None),
        ("getKey()", None),
    ],
)
def test_token_issue_names_the_setting_its_key_comes_from(key: str, setting: str | None) -> None:
    code = (
        JWT + f"const JWT_SECRET = 'dev';\njwt.sign({{ sub: 1 }}, {key}, {{ expiresIn: '15m' }});\n"
    )
    [issue] = of(parse(code), NodeKind.TOKEN_ISSUE)
    assert issue.get("key_setting") == setting


def test_nest_jwt_service_and_module_defaults() -> None:
    code = (
        "import { Module, Injectable } from '@nestjs/common';\n"
        "import { JwtModule, JwtService } from '@nestjs/jwt';\n"
        "@Module({\n"
        "  imports: [JwtModule.register({ secret: 'hard-coded', signOptions: { expiresIn: '7d' } })],\n"
        "})\n"
        "class AuthModule {}\n"
        "@Injectable()\n"
        "export class TokenService {\n"
        "  constructor(private readonly jwtService: JwtService) {}\n"
        "  refresh(id: string) {\n"
        "    return this.jwtService.signAsync({ sub: id }, { secret: process.env.JWT_REFRESH_SECRET, expiresIn: '30d' });\n"
        "  }\n"
        "}\n"
    )
    register, refresh = of(parse(code), NodeKind.TOKEN_ISSUE)
    assert (register.location.line, register.get("registration"), register.get("key_literal")) == (
        4,
        True,
        True,
    )
    assert register.get("lifetime_seconds") == 604800
    assert (
        refresh.get("token_type"),
        refresh.get("lifetime_seconds"),
        refresh.get("key_source"),
    ) == ("refresh", 2592000, "env")
    assert refresh.get("function") == "src/auth.TokenService.refresh"


def test_express_routes_with_middleware_and_handlers() -> None:
    code = (
        "import express from 'express';\n"
        "import passport from 'passport';\n"
        "const app = express();\n"
        "const router = express.Router();\n"
        "function listUsers(req, res) { res.json([]); }\n"
        "router.get('/users', passport.authenticate('jwt', { session: false }), requireRole('admin'), listUsers);\n"
        "app.del('/x', (req, res) => res.end());\n"
        "app.use('/api', router);\n"
        "app.get(pathFromConfig, listUsers);\n"
    )
    result = parse(code)
    users, inline = of(result, NodeKind.ROUTE)
    assert (users.get("method"), users.get("route_path"), users.location.line) == (
        "GET",
        "/users",
        6,
    )
    assert users.get("middleware") == ["passport.authenticate", "requireRole"]
    assert users.get("handler") == "src/auth.listUsers"
    assert (inline.get("method"), inline.get("handler")) == ("DELETE", "<inline>")
    [handled] = [r for r in result.relations if r.kind is EdgeKind.HANDLED_BY]
    assert (handled.source, handled.target) == (users.id, "src/auth.ts#function/listUsers")


def test_route_chains_and_mounts() -> None:
    code = (
        "const express = require('express');\n"
        "const users = require('./users');\n"
        "const router = require('express').Router();\n"
        "router\n  .route('/:id')\n  .get(auth('getUsers'), getUser)\n  .delete(auth('manage'), del);\n"
        "router.route(dynamicPath).get(getUser);\n"
        "router.use('/users', users);\n"
        "router.use('/static', express.static('public'));\n"
        "router.use(notAPrefix, users);\n"
    )
    result = parse(code, "src/routes.js")
    routes = [
        (r.get("method"), r.get("route_path"), r.get("receiver"), r.location.line)
        for r in of(result, NodeKind.ROUTE)
    ]
    assert routes == [("GET", "/:id", "router", 6), ("DELETE", "/:id", "router", 7)]
    [mount] = of(result, NodeKind.ROUTE_MOUNT)
    assert mount.attrs == {
        "prefix": "/users",
        "scope": "router",
        "receiver": "router",
        "mounted": "src/users",
        "language": "javascript",
    }


def test_nest_controllers_and_resolvers() -> None:
    code = (
        "import { Controller, Get, Post, UseGuards } from '@nestjs/common';\n"
        "import { Resolver, Query, Mutation } from '@nestjs/graphql';\n"
        "@Controller({ path: 'orders' })\n"
        "@UseGuards(JwtAuthGuard)\n"
        "export class OrdersController {\n"
        "  @Get()\n"
        "  list() {}\n"
        "  @Post(':id/cancel')\n"
        "  cancel() {}\n"
        "}\n"
        "@Resolver()\n"
        "export class OrdersResolver {\n"
        "  @Query(() => [Order], { name: 'orders' })\n"
        "  all() {}\n"
        "  @Mutation(() => Order)\n"
        "  placeOrder() {}\n"
        "}\n"
    )
    routes = of(parse(code, "src/orders.ts"), NodeKind.ROUTE)
    assert [(r.get("method"), r.get("route_path"), r.get("framework")) for r in routes] == [
        ("GET", "/orders", "nestjs"),
        ("POST", "/orders/:id/cancel", "nestjs"),
        ("QUERY", "orders", "nestjs-graphql"),
        ("MUTATION", "placeOrder", "nestjs-graphql"),
    ]
    assert routes[0].get("middleware") == ["@nestjs/common.UseGuards"]
    assert routes[2].get("middleware") == ["@nestjs/graphql.Resolver"]
