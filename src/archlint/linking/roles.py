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
# a frontend is an app a browser loads: a UI framework *and* something that builds or serves it
# (a React component library or an email-template package has the first only, and is no frontend)
FRONTEND_FRAMEWORKS = frozenset(
    {"react", "react-dom", "vue", "svelte", "@angular/core", "preact", "solid-js", "lit"}
)
FRONTEND_APP_TOOLS = frozenset(
    {
        "vite",
        "@vitejs/plugin-react",
        "@vitejs/plugin-react-swc",
        "@vitejs/plugin-vue",
        "react-scripts",
        "next",
        "nuxt",
        "astro",
        "@sveltejs/kit",
        "@angular/cli",
        "@angular-devkit/build-angular",
        "webpack",
        "webpack-dev-server",
        "parcel",
        "parcel-bundler",
        "gatsby",
        "@remix-run/dev",
        "@rsbuild/core",
        "@rspack/cli",
        "@craco/craco",
        "react-app-rewired",
        "@tanstack/react-start",
        "vinxi",
        "esbuild",
        "rollup",
        "rolldown",
        "@farmfe/core",
    }
)
# app frameworks that bring their UI framework with them (Nuxt 2 apps list no `vue`)
FRONTEND_META_FRAMEWORKS = frozenset(
    {"next", "nuxt", "@sveltejs/kit", "gatsby", "@remix-run/react", "@angular/cli", "astro"}
)
DOCS_PYPI = frozenset({"mkdocs", "mkdocs-material", "sphinx"})
DOCS_NPM = frozenset({"@docusaurus/core", "docusaurus", "vitepress", "vuepress"})
DOCS_IMAGES = ("mkdocs", "docusaurus", "sphinx")


def infer_roles(
    pypi: Iterable[str],
    npm: Iterable[str],
    server_kinds: Iterable[str],
    images: Iterable[str] = (),
    npm_peers: Iterable[str] = (),
) -> list[str]:
    """Every role the evidence supports, most specific first (``ROLE_ORDER``).

    ``npm_peers`` are peerDependencies: a package that asks its host for React is a library
    (an SDK, a component kit), not an app of its own.
    """
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
    library = bool(set(npm_peers) & FRONTEND_FRAMEWORKS)
    app = (js & FRONTEND_FRAMEWORKS and js & FRONTEND_APP_TOOLS) or js & FRONTEND_META_FRAMEWORKS
    if (app and not library) or servers & {"frontend-dev", "frontend-preview"}:
        found.add("frontend")
    if (py & PYTHON_WORKER or "celery" in servers) and "python-backend" not in found:
        found.add("worker")
    if "docs" in found and found & {"python-backend", "node-backend"}:
        found.discard("docs")  # a backend that builds its own docs is still a backend
    if "docs" in found:
        found.discard("frontend")  # docusaurus/vitepress sites depend on react/vue
    return [r for r in ROLE_ORDER if r in found]
