"""A FastAPI service that follows the whole Python half of the standard gets no finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PYTHON_RULES = (
    "PY001,PY002,PY003,PY004,PY005,DB001,DB002,DB003,PRT002,SEC001,SEC006,"
    "AUTH001,AUTH002,AUTH003,AUTH004,AUTH005,AUTH006,AUTH007,OBS001,OBS002,OBS003,OBS004,OBS005,"
    "SEC003,SEC004"
)


def test_the_standard_service_has_no_python_finding(run: Any, samples: Path) -> None:
    result = run("check", samples / "python-standard", "--format", "json", "--select", PYTHON_RULES)
    assert result.findings() == []
    assert result.code == 0


def test_each_break_is_found_once_at_its_line(run: Any, sample_copy: Any) -> None:
    root: Path = sample_copy("python-standard")
    config = root / "app" / "core" / "config.py"
    config.write_text(
        config.read_text("utf-8").replace(
            "ACCESS_TOKEN_EXPIRE_MINUTES: int = 15",
            "ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8",
        ),
        "utf-8",
    )
    logging_py = root / "app" / "core" / "logging.py"
    logging_py.write_text(
        logging_py.read_text("utf-8").replace("JSONRenderer()", "KeyValueRenderer()"), "utf-8"
    )
    db = root / "app" / "db.py"
    text = db.read_text("utf-8").replace("pool_size=10, max_overflow=5", "poolclass=NullPool")
    db.write_text("from sqlalchemy.pool import NullPool\n" + text, "utf-8")
    # the refresh endpoint neither revokes the old refresh token nor issues a new one
    auth = root / "app" / "api" / "auth.py"
    auth.write_text(
        auth.read_text("utf-8")
        .replace('    await revoke_refresh_token(claims["jti"])\n', "")
        .replace('create_refresh_token(claims["sub"])', "refresh_token")
        .replace(
            "create_access_token, create_refresh_token, revoke_refresh_token", "create_access_token"
        ),
        "utf-8",
    )
    result = run("check", root, "--format", "json", "--select", PYTHON_RULES)
    assert result.findings() == [
        ("AUTH002", "app/api/auth.py", 12),
        ("AUTH002", "app/api/auth.py", 12),
        ("AUTH003", "app/core/config.py", 10),
        ("DB003", "app/db.py", 6),
        ("OBS001", "pyproject.toml", 1),
    ]
    # the evidence chain: the endpoint's call of the helper, the helper, its signing call
    chain = [("app/api/auth.py", 15), ("app/core/security.py", 10), ("app/core/security.py", 13)]
    related = {
        (f["rule_id"], f["message"]): [
            (r["location"]["path"], r["location"]["line"]) for r in f["related"]
        ]
        for f in result.json()["findings"]
    }
    assert [v for (rule, _), v in related.items() if rule == "AUTH002"] == [chain, chain]
    # the lifetime setting, read by the helper the refresh endpoint calls (its timedelta, line
    # 11) and by that helper's signing call
    [lifetime] = [v for (rule, _), v in related.items() if rule == "AUTH003"]
    assert lifetime == [("app/api/auth.py", 12), *chain[:2], ("app/core/security.py", 11), chain[2]]
    sarif = run("check", root, "--format", "sarif", "--select", "AUTH003").json()
    [found] = sarif["runs"][0]["results"]
    assert [
        (
            r["physicalLocation"]["artifactLocation"]["uri"],
            r["physicalLocation"]["region"]["startLine"],
        )
        for r in found["relatedLocations"]
    ] == lifetime


def test_routes_join_prefixes_and_annotated_dependencies(run: Any, samples: Path) -> None:
    graph = run("graph", samples / "python-standard").json()
    routes = sorted(
        (n["attrs"]["method"], n["attrs"]["route_path"])
        for n in graph["nodes"]
        if n["kind"] == "route"
    )
    assert routes == [
        ("GET", "/api/v1/orders/{order_id}"),
        ("POST", "/api/v1/auth/refresh"),
        ("POST", "/api/v1/orders/"),
    ]
    users = {
        (n["location"]["line"], n["attrs"]["source"], tuple(n["attrs"]["scopes"]))
        for n in graph["nodes"]
        if n["kind"] == "route_param" and n["attrs"]["name"] == "user"
    }
    # `user: OrdersReader` (an Annotated alias of Security(current_user, scopes=[...]))
    assert users == {(17, "security", ("orders:write",)), (24, "security", ("orders:read",))}
