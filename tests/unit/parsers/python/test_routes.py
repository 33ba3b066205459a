"""Routes of the Python source parser: prefixes across modules, Annotated dependencies, and the
Flask, Django, aiohttp and Starlette forms (tables of source in, routes out)."""

from __future__ import annotations

from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind, Relation
from archlint.parsers.base import SourceFile
from archlint.parsers.python.source.parser import PythonSourceParser

PARSER = PythonSourceParser()


def parse(files: dict[str, str]) -> tuple[list[Fact], list[Relation]]:
    facts: list[Fact] = []
    relations: list[Relation] = []
    for unit in PARSER.units(sorted(files)):
        result = PARSER.parse_unit(unit, {p: SourceFile(p, files[p]) for p in unit.inputs})
        facts += result.facts
        relations += result.relations
    return facts, relations


def routes(files: dict[str, str]) -> list[tuple[Any, ...]]:
    facts, relations = parse(files)
    by_id = {f.id: f for f in facts}
    handled = {r.source: by_id[r.target] for r in relations if r.kind is EdgeKind.HANDLED_BY}
    return sorted(
        (
            f.get("framework"),
            f.get("method"),
            f.get("route_path"),
            f.location.path,
            f.location.line,
            handled[f.id].get("qualname") if f.id in handled else None,
        )
        for f in facts
        if f.kind is NodeKind.ROUTE
    )


FASTAPI = {
    "pyproject.toml": "",
    "app/__init__.py": "",
    "app/core/config.py": (
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        "    API_V1_STR: str = '/api/v1'\n"
        "settings = Settings()\n"
    ),
    "app/api/routes/items.py": (
        "from fastapi import APIRouter\n"
        "router = APIRouter(prefix='/items')\n"
        "@router.get('/')\n"
        "def read_items(): ...\n"
    ),
    "app/api/routes/auth.py": (
        "from fastapi import APIRouter\n"
        "router = APIRouter()\n"
        "@router.post('/token/refresh')\n"
        "def refresh(): ...\n"
    ),
    "app/api/main.py": (
        "from fastapi import APIRouter\n"
        "from app.api.routes import auth, items\n"
        "api_router = APIRouter()\n"
        "api_router.include_router(items.router)\n"
        "api_router.include_router(auth.router, prefix='/auth')\n"
    ),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app.api.main import api_router\n"
        "from app.core.config import settings\n"
        "app = FastAPI()\n"
        "app.include_router(api_router, prefix=settings.API_V1_STR)\n"
        "outer = FastAPI()\n"
        "outer.mount('/v2', app=app)\n"
    ),
}


def test_fastapi_prefixes_are_joined_across_modules_and_mounts() -> None:
    # each router is mounted once on a router mounted on the app, mounted on another app
    assert routes(FASTAPI) == [
        (
            "fastapi",
            "GET",
            "/v2/api/v1/items/",
            "app/api/routes/items.py",
            4,
            "app.api.routes.items.read_items",
        ),
        (
            "fastapi",
            "POST",
            "/v2/api/v1/auth/token/refresh",
            "app/api/routes/auth.py",
            4,
            "app.api.routes.auth.refresh",
        ),
    ]


def test_an_annotated_alias_gives_its_dependency_to_the_parameters_it_types() -> None:
    files = {
        "app/deps.py": (
            "from typing import Annotated\n"
            "from fastapi import Depends\n"
            "def get_db(): ...\n"
            "def get_current_user(): ...\n"
            "SessionDep = Annotated[object, Depends(get_db)]\n"
            "CurrentUser = Annotated[dict, Depends(get_current_user)]\n"
            "Plain = Annotated[int, 'meta']\n"
        ),
        "app/items.py": (
            "from fastapi import APIRouter\n"
            "from app.deps import CurrentUser, Plain, SessionDep\n"
            "router = APIRouter()\n"
            "@router.get('/items')\n"
            "def read(session: SessionDep, user: CurrentUser, limit: Plain = 10): ...\n"
        ),
    }
    facts, _ = parse(files)
    params = {
        f.get("name"): (f.get("source"), f.get("dependency"), f.get("annotation"), f.location.line)
        for f in facts
        if f.kind is NodeKind.ROUTE_PARAM
    }
    assert params == {
        "session": ("depends", "app.deps.get_db", "SessionDep", 5),
        "user": ("depends", "app.deps.get_current_user", "CurrentUser", 5),
        "limit": ("unknown", None, "Plain", 5),
    }


def test_flask_blueprints_keep_their_prefix_unless_registration_replaces_it() -> None:
    files = {
        "requirements.txt": "flask\n",
        "shop/auth.py": (
            "from flask import Blueprint\n"
            "bp = Blueprint('auth', __name__, url_prefix='/auth')\n"
            "@bp.route('/refresh', methods=['POST'])\n"
            "def refresh(): ...\n"
        ),
        "shop/orders.py": (
            "from flask import Blueprint\n"
            "orders = Blueprint('orders', __name__, url_prefix='/orders')\n"
            "@orders.get('/<int:order_id>')\n"
            "def show(order_id): ...\n"
        ),
        "shop/app.py": (
            "from flask import Flask\n"
            "from shop.auth import bp\n"
            "from shop.orders import orders\n"
            "app = Flask(__name__)\n"
            "app.register_blueprint(bp)\n"
            "app.register_blueprint(orders, url_prefix='/api/orders')\n"
        ),
    }
    assert routes(files) == [
        ("flask", "GET", "/api/orders/<int:order_id>", "shop/orders.py", 4, "shop.orders.show"),
        ("flask", "POST", "/auth/refresh", "shop/auth.py", 4, "shop.auth.refresh"),
    ]


def test_django_urlconfs_with_includes_and_class_based_views() -> None:
    files = {
        "manage.py": "",
        "requirements.txt": "django\n",
        "site/urls.py": (
            "from django.urls import include, path\n"
            "urlpatterns = [\n"
            "    path('api/', include(('shop.urls', 'shop'))),\n"
            "]\n"
        ),
        "shop/__init__.py": "",
        "shop/views.py": (
            "from django.views import View\n"
            "def item_detail(request, pk): ...\n"
            "class Refresh(View):\n"
            "    def post(self, request): ...\n"
        ),
        "shop/urls.py": (
            "from django.urls import include, path, re_path\n"
            "from . import views\n"
            "urlpatterns = [\n"
            "    path('items/<int:pk>/', views.item_detail, name='item'),\n"
            "    re_path(r'^token/', include([\n"
            "        path('refresh/', views.Refresh.as_view()),\n"
            "    ])),\n"
            "]\n"
        ),
    }
    assert routes(files) == [
        ("django", "ANY", "/api/items/<int:pk>/", "shop/urls.py", 4, "shop.views.item_detail"),
        ("django", "ANY", "/api/token/refresh/", "shop/urls.py", 6, "shop.views.Refresh.post"),
    ]


@pytest.mark.parametrize(
    ("code", "method", "path"),
    [
        ("app.add_routes([web.get('/health', handler)])", "GET", "/health"),
        ("app.add_routes([web.view('/items', handler)])", "ANY", "/items"),
        ("app.router.add_post('/token/refresh', handler)", "POST", "/token/refresh"),
        ("app.router.add_route('PUT', '/items', handler)", "PUT", "/items"),
        ("app.router.add_route('*', '/any', handler=handler)", "ANY", "/any"),
        ("app.add_routes([web.route('DELETE', '/items', handler)])", "DELETE", "/items"),
    ],
)
def test_aiohttp_route_tables(code: str, method: str, path: str) -> None:
    source = (
        "from aiohttp import web\n"
        "async def handler(request): ...\n"
        f"app = web.Application()\n{code}\n"
    )
    assert routes({"svc.py": source}) == [("aiohttp", method, path, "svc.py", 4, "svc.handler")]


def test_aiohttp_route_table_decorators() -> None:
    source = (
        "from aiohttp import web\n"
        "routes = web.RouteTableDef()\n"
        "@routes.post('/login')\n"
        "async def login(request): ...\n"
    )
    assert routes({"svc.py": source}) == [("aiohttp", "POST", "/login", "svc.py", 4, "svc.login")]


@pytest.mark.parametrize(
    ("code", "method"),
    [
        ("Route('/users', users)", "GET"),
        ("Route('/users', endpoint=users, methods=['POST'])", "POST"),
        ("Route('/users', users, methods=['GET', 'POST'])", "ANY"),
    ],
)
def test_starlette_routes(code: str, method: str) -> None:
    source = (
        "from starlette.applications import Starlette\n"
        "from starlette.routing import Route\n"
        "async def users(request): ...\n"
        f"app = Starlette(routes=[{code}])\n"
    )
    assert routes({"svc.py": source}) == [("starlette", method, "/users", "svc.py", 4, "svc.users")]


def test_a_route_call_without_a_known_handler_is_no_route() -> None:
    source = (
        "from django.urls import include, path\n"
        "urlpatterns = [path('admin/', include(admin_urls)), path('x/', make_view())]\n"
    )
    assert routes({"urls.py": source}) == []


def test_calls_and_signing_calls_read_the_settings_they_pass_on() -> None:
    files = {
        "app/config.py": (
            "from pydantic_settings import BaseSettings\n"
            "class Settings(BaseSettings):\n"
            "    ACCESS_TOKEN_EXPIRE_MINUTES: int = 30\n"
            "settings = Settings()\n"
        ),
        "app/security.py": (
            "from datetime import datetime, timedelta\n"
            "import jwt\n"
            "from app.config import settings\n"
            "def create_access_token(sub):\n"
            "    exp = datetime.now() + timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)\n"
            "    return jwt.encode({'sub': sub, 'exp': exp}, 'k')\n"
        ),
    }
    facts, relations = parse(files)
    by_id = {f.id: f for f in facts}
    reads = sorted(
        (by_id[r.source].kind.value, by_id[r.source].location.line, by_id[r.target].get("name"))
        for r in relations
        if r.kind is EdgeKind.READS
    )
    assert reads == [
        ("call", 5, "ACCESS_TOKEN_EXPIRE_MINUTES"),
        ("token_issue", 6, "ACCESS_TOKEN_EXPIRE_MINUTES"),
    ]


def test_aiohttp_routes_on_an_app_passed_in() -> None:
    # `def setup_routes(app):` never says what app is: the router's add_* calls say aiohttp
    source = (
        "from polls.views import index, vote\n"
        "def setup_routes(app):\n"
        "    app.router.add_get('/', index)\n"
        "    router = app.router\n"
        "    router.add_post('/poll/{question_id}/vote', vote, name='vote')\n"
    )
    views = "async def index(request): ...\nasync def vote(request): ...\n"
    assert routes({"polls/routes.py": source, "polls/views.py": views}) == [
        ("aiohttp", "GET", "/", "polls/routes.py", 3, "polls.views.index"),
        ("aiohttp", "POST", "/poll/{question_id}/vote", "polls/routes.py", 5, "polls.views.vote"),
    ]


def test_starlette_mounts_prefix_the_routes_inside() -> None:
    source = (
        "from starlette.applications import Starlette\n"
        "from starlette.routing import Mount, Route\n"
        "async def users(request): ...\n"
        "async def refresh(request): ...\n"
        "app = Starlette(routes=[\n"
        "    Route('/users', users),\n"
        "    Mount('/api', routes=[Mount('/auth', routes=[Route('/refresh', refresh, methods=['POST'])])]),\n"
        "])\n"
    )
    assert routes({"svc.py": source}) == [
        ("starlette", "GET", "/users", "svc.py", 6, "svc.users"),
        ("starlette", "POST", "/api/auth/refresh", "svc.py", 7, "svc.refresh"),
    ]
