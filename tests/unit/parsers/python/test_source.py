"""The Python source parser: names, static values, facts; tables of source in, facts out."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from archlint.domain.facts import Fact, NodeKind
from archlint.parsers.base import SourceFile
from archlint.parsers.python.source.parser import PythonSourceParser, module_name

PARSER = PythonSourceParser()


def parse(files: dict[str, str]) -> tuple[list[Fact], list[str]]:
    paths = sorted(files)
    facts: list[Fact] = []
    messages: list[str] = []
    for unit in PARSER.units(paths):
        sources = {p: SourceFile(p, files[p]) for p in unit.inputs}
        result = PARSER.parse_unit(unit, sources)
        facts += result.facts
        messages += [f"{d.location.line}: {d.message}" for d in result.diagnostics]
    return facts, messages


def of(facts: list[Fact], kind: NodeKind, **where: Any) -> list[Fact]:
    return [f for f in facts if f.kind is kind and all(f.get(k) == v for k, v in where.items())]


@pytest.mark.parametrize(
    ("path", "root", "module"),
    [
        ("backend/app/core/config.py", "backend", "app.core.config"),
        ("src/pkg/__init__.py", "", "pkg"),
        ("main.py", "", "main"),
        ("svc/src/svc/api.py", "svc", "svc.api"),
    ],
)
def test_module_names(path: str, root: str, module: str) -> None:
    assert module_name(path, root) == module


@pytest.mark.parametrize(
    ("source", "qualname"),
    [
        ("from jose import jwt as j\nj.encode({}, 'k')\n", "jose.jwt.encode"),
        ("import sqlalchemy as sa\nsa.create_engine('x')\n", "sqlalchemy.create_engine"),
        (
            "from fastapi import FastAPI\napp = FastAPI()\napp.add_middleware(X)\n",
            "fastapi.FastAPI.add_middleware",
        ),
        ("import logging.config\nlogging.config.dictConfig({})\n", "logging.config.dictConfig"),
    ],
)
def test_calls_are_qualified_through_imports(source: str, qualname: str) -> None:
    facts, _ = parse({"m.py": source})
    assert of(facts, NodeKind.CALL, qualname=qualname)


def test_values_are_resolved_across_modules_of_a_unit() -> None:
    facts, _ = parse(
        {
            "pyproject.toml": "",
            "app/core/config.py": (
                "from pydantic_settings import BaseSettings\n"
                "class Settings(BaseSettings):\n"
                "    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8\n"
                "    SECRET_KEY: str = 'k' + 'ey'\n"
                "settings = Settings()\n"
            ),
            "app/core/security.py": (
                "from datetime import datetime, timedelta\n"
                "import jwt\n"
                "from app.core.config import settings\n"
                "def create_access_token(sub):\n"
                "    expire = datetime.utcnow() + timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)\n"
                "    claims = {'sub': sub}\n"
                "    claims.update({'exp': expire})\n"
                "    return jwt.encode(claims, settings.SECRET_KEY)\n"
                "def create_other(sub, delta):\n"
                "    return jwt.encode({'exp': datetime.utcnow() + delta}, 'literal')\n"
            ),
        }
    )
    (setting,) = of(facts, NodeKind.SETTING, name="ACCESS_TOKEN_EXPIRE_MINUTES")
    assert (setting.get("value"), setting.get("duration_minutes")) == (11520, 11520.0)
    access, other = of(facts, NodeKind.TOKEN_ISSUE)
    assert access.get("token_type") == "access"
    assert access.get("lifetime_seconds") == 11520 * 60
    assert access.get("lifetime_source") == "ACCESS_TOKEN_EXPIRE_MINUTES"
    assert (access.get("key_literal"), access.get("key_setting")) == (True, "SECRET_KEY")
    # a lifetime from a parameter is unknown: no guess
    assert (other.get("lifetime_known"), other.get("key_source")) == (False, "literal")


def test_routes_with_router_prefix_params_and_raw_body() -> None:
    facts, _ = parse(
        {
            "api.py": (
                "from fastapi import APIRouter, Body, Depends, Request, Security\n"
                "router = APIRouter(prefix='/items')\n"
                "@router.post('/{item_id}', dependencies=[Depends(admin_only)])\n"
                "async def update(item_id: int, request: Request, data: dict = Body(...),\n"
                "                 user=Security(current, scopes=['items:write'])):\n"
                "    return await request.json()\n"
            )
        }
    )
    (route,) = of(facts, NodeKind.ROUTE)
    assert (route.get("method"), route.get("route_path")) == ("POST", "/items/{item_id}")
    assert route.get("reads_raw_body") is True
    sources = {
        p.get("name"): (p.get("source"), p.get("validated"))
        for p in of(facts, NodeKind.ROUTE_PARAM)
    }
    assert sources == {
        "item_id": ("path", False),
        "request": ("request", False),
        "data": ("body", False),
        "user": ("security", False),
    }
    (user,) = of(facts, NodeKind.ROUTE_PARAM, name="user")
    assert user.get("scopes") == ["items:write"]


@pytest.mark.parametrize(
    ("source", "orm"),
    [
        (
            "from sqlalchemy.orm import DeclarativeBase, Mapped\nclass B(DeclarativeBase): pass\n"
            "class U(B):\n    __tablename__ = 'u'\n    id: Mapped[int]\n",
            "sqlalchemy",
        ),
        (
            "from sqlmodel import SQLModel\nclass U(SQLModel, table=True):\n    id: int\n",
            "sqlmodel",
        ),
        (
            "from django.db import models\nclass U(models.Model):\n    n = models.CharField()\n",
            "django",
        ),
        (
            "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"
            "class U(Base):\n    __tablename__ = 'u'\n",
            "sqlalchemy",
        ),
    ],
)
def test_models(source: str, orm: str) -> None:
    facts, _ = parse({"models.py": source})
    assert [m.get("orm") for m in of(facts, NodeKind.MODEL)] == [orm]


def test_urls_ports_and_scripts() -> None:
    facts, _ = parse(
        {
            "main.py": (
                "import uvicorn\nDB = 'sqlite:///x.db'\nA = 'driver://user:pass@localhost/dbname'\n"
                "if __name__ == '__main__':\n    uvicorn.run('m:app', port=9000)\n"
            )
        }
    )
    urls = {u.get("dialect"): u.get("placeholder") for u in of(facts, NodeKind.CONNECTION_URL)}
    assert urls == {"sqlite": False, "driver": True}
    (port,) = of(facts, NodeKind.PORT)
    assert (port.get("number"), port.get("source")) == (9000, "uvicorn-run")
    (module,) = of(facts, NodeKind.SOURCE_MODULE)
    assert module.get("entrypoint") is True


def test_syntax_errors_are_diagnostics_and_pep758_excepts_are_read() -> None:
    facts, messages = parse(
        {
            "bad.py": "def f(:\n",
            "new.py": "try:\n    pass\nexcept ValueError, TypeError:\n    print('x')\n",
        }
    )
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert messages == [f"1: not valid Python {running}: invalid syntax"]
    assert of(facts, NodeKind.CALL, qualname="print")
