"""The Node monorepo sample: exact findings, and the code facts the shared AUTH/OBS rules read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _nodes(run: Any, root: Path, kind: str) -> list[dict[str, Any]]:
    graph = json.loads(run("graph", root).out)
    return [n for n in graph["nodes"] if n["kind"] == kind]


def test_findings_are_exactly_the_planted_ones(run: Any, samples: Path) -> None:
    expected = json.loads((samples / "node-monorepo.expected.json").read_text(encoding="utf-8"))
    result = run("check", samples / "node-monorepo", "--format", "json")
    assert result.findings() == [(f["rule_id"], f["path"], f["line"]) for f in expected["findings"]]
    assert result.err == ""


def test_token_issues_say_type_lifetime_and_key(run: Any, samples: Path) -> None:
    issues = {
        (n["location"]["path"], n["location"]["line"]): n["attrs"]
        for n in _nodes(run, samples / "node-monorepo", "token_issue")
    }
    keys = ("token_type", "lifetime_seconds", "key_source", "key_literal", "registration")
    found = {where: tuple(a[k] for k in keys) for where, a in issues.items()}
    assert found == {
        ("apps/api/src/auth/auth.module.ts", 16): ("access", 900, "config", False, True),
        ("apps/api/src/auth/auth.service.ts", 18): ("access", 900, "config", False, False),
        ("apps/api/src/auth/auth.service.ts", 22): ("refresh", 604800, "config", False, False),
        ("apps/orders/src/routes/auth.ts", 9): ("access", 604800, "literal", True, False),
    }


def test_logging_calls_and_guarded_routes(run: Any, samples: Path) -> None:
    root = samples / "node-monorepo"
    calls = {(n["attrs"]["qualname"], n["location"]["path"]) for n in _nodes(run, root, "call")}
    assert ("console.log", "apps/orders/src/routes/auth.ts") in calls
    assert ("console.log", "apps/orders/src/server.ts") in calls
    assert ("nestjs-pino.LoggerModule.forRoot", "apps/api/src/app.module.ts") in calls
    assert not any(q.startswith(("pino", "nestjs-pino")) for q, p in calls if "orders" in p)
    routes = {
        (n["attrs"]["method"], n["attrs"]["route_path"]): n["attrs"]
        for n in _nodes(run, root, "route")
    }
    assert routes[("MUTATION", "refresh")]["middleware"] == [
        "@nestjs/graphql.Resolver",
        "@nestjs/common.UseGuards",
    ]
    # mounted by server.ts: app.use("/auth", authRouter)
    assert routes[("POST", "/auth/login")]["framework"] == "express"
    [model] = [n for n in _nodes(run, root, "model") if n["attrs"]["name"] == "User"]
    assert model["attrs"]["columns"] == ["id", "tenant_id", "email"]
