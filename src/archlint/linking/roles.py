"""Role inference: which kind of deployable unit a component is, from its facts.

The tables are facts about the ecosystem (which package makes an HTTP server), not architecture
decisions; the rules decide what each role must look like.
"""

from __future__ import annotations

from collections.abc import Iterable

ROLE_ORDER = ("python-backend", "node-backend", "docs", "frontend", "worker")

PYTHON_HTTP = frozenset(
    {
        "fastapi",
        "flask",
        "django",
        "starlette",
        "aiohttp",
        "tornado",
        "sanic",
        "quart",
        "litestar",
        "falcon",
        "bottle",
        "pyramid",
        "cherrypy",
        "masonite",
        "responder",
        "robyn",
    }
)
PYTHON_WORKER = frozenset({"celery", "rq", "dramatiq", "huey", "arq", "apscheduler"})
NODE_BACKEND = frozenset(
    {
        "express",
        "@apollo/server",
        "apollo-server",
        "apollo-server-express",
        "graphql-yoga",
        "@nestjs/core",
        "fastify",
        "koa",
        "@hapi/hapi",
        "hapi",
        "hono",
        "mercurius",
        "restify",
        "@nestjs/graphql",
        "type-graphql",
    }
)
FRONTEND = frozenset(
    {
        "react",
        "react-dom",
        "vue",
        "svelte",
        "@sveltejs/kit",
        "@angular/core",
        "preact",
        "solid-js",
        "next",
        "nuxt",
        "astro",
        "vite",
        "react-scripts",
        "@vitejs/plugin-react",
        "parcel",
    }
)
DOCS_PYPI = frozenset({"mkdocs", "mkdocs-material", "sphinx"})
DOCS_NPM = frozenset({"@docusaurus/core", "docusaurus", "vitepress", "vuepress"})
DOCS_IMAGES = ("mkdocs", "docusaurus", "sphinx")


def infer_roles(
    pypi: Iterable[str], npm: Iterable[str], server_kinds: Iterable[str], images: Iterable[str] = ()
) -> list[str]:
    """Every role the evidence supports, most specific first (``ROLE_ORDER``)."""
    py, js, servers = set(pypi), set(npm), set(server_kinds)
    found: set[str] = set()
    if py & PYTHON_HTTP or "python-http" in servers:
        found.add("python-backend")
    if js & NODE_BACKEND:
        found.add("node-backend")
    if py & DOCS_PYPI or js & DOCS_NPM or "docs" in servers:
        found.add("docs")
    if any(name in img for img in images for name in DOCS_IMAGES):
        found.add("docs")
    if js & FRONTEND or servers & {"frontend-dev", "frontend-preview"}:
        found.add("frontend")
    if (py & PYTHON_WORKER or "celery" in servers) and "python-backend" not in found:
        found.add("worker")
    if "docs" in found and found & {"python-backend", "node-backend"}:
        found.discard("docs")  # a backend that builds its own docs is still a backend
    if "docs" in found:
        found.discard("frontend")  # docusaurus/vitepress sites depend on react/vue
    return [r for r in ROLE_ORDER if r in found]
