"""Kinds only the TS/JS family produces: Prisma schemas, TypeScript configs and route mounts.
(Their code, ESLint configs, Prisma models and migrations are the shared kinds of code.py.)"""

from __future__ import annotations

from archlint.domain.facts import NodeKind
from archlint.domain.kinds.base import NodeSpec, attrs

NODES = (
    NodeSpec(
        NodeKind.PRISMA_SCHEMA,
        "A Prisma schema file (`*.prisma`). id `<path>#prisma`; it `has` its `model` s and its "
        "datasource's `connection_url`; the schema's `file` `has` it and the "
        "`migration_setup` of the migrations folder next to it.",
        "parsers/javascript/prisma.py",
        attrs(
            ("provider", "str?", "the datasource's provider (`postgresql`, `mysql`...)"),
            ("url_env", "str?", 'the variable of `url = env("DATABASE_URL")`'),
            ("url_literal", "bool", "the url is a string literal in the schema"),
            ("generators", "list[str]", "the generators' providers (`prisma-client-js`)"),
            ("models", "list[str]", "model and view names"),
        ),
    ),
    NodeSpec(
        NodeKind.TSCONFIG,
        "A TypeScript (or `jsconfig.json`) project config, read as TypeScript reads it "
        "(comments and trailing commas allowed). id `<path>#tsconfig`.",
        "parsers/javascript/tsconfig.py",
        attrs(
            ("extends", "list[str]", "the configs it extends, as written"),
            ("strict", "bool?", "`compilerOptions.strict` (null when not set here)"),
            ("module", "str?", "`compilerOptions.module`"),
            ("target", "str?", "`compilerOptions.target`"),
            ("base_url", "str?", "`compilerOptions.baseUrl`"),
            ("path_aliases", "list[str]", "the keys of `compilerOptions.paths` (`@/*`)"),
            (
                "path_targets",
                "list[str]",
                "the first target of each alias, in the order of `path_aliases` (`./src/*`)",
            ),
            ("references", "list[str]", "the `references[].path` of a solution config"),
        ),
    ),
    NodeSpec(
        NodeKind.ROUTE_MOUNT,
        "A router mounted under a path prefix: Express/Koa/Hono `app.use('/api', router)`, "
        "NestJS `app.setGlobalPrefix('api')`. linking/routes.py joins the prefixes of a "
        "router's mounts (across files) into its routes' `route_path`. id "
        "`<path>#mount/<prefix>`.",
        "parsers/javascript/routes.py",
        attrs(
            ("prefix", "str", "the path prefix as written (`/api`, `v1`)"),
            ("scope", "str", "`router` (one router) | `global` (every NestJS route of the app)"),
            ("receiver", "str?", "the local name of the app or router that mounts (`app`)"),
            (
                "mounted",
                "str?",
                "the mounted router, qualified: `src/routes/auth` (a default import), "
                "`src/routes.authRouter` (a named one), `src/app.router` (a local); null for "
                "a global prefix",
            ),
            ("language", "str", "`javascript` | `typescript`"),
        ),
    ),
    NodeSpec(
        NodeKind.BUILD_OUTPUT,
        "Where a frontend tool writes its build: `build.outDir` of `vite.config.*`. id "
        "`<path>#build-output` (`[n]` from the second config object on), located at the value. "
        "linking/served_frontends.py makes a "
        "build into another component's folder `serves` that component's compose services.",
        "parsers/javascript/configs.py",
        attrs(
            ("tool", "str", "`vite`"),
            ("out_dir", "str", "the folder as written (the expression when it is not static)"),
            (
                "target_dir",
                "str?",
                "the folder from the repository root (`backend/app/static`; a literal, "
                "`path.resolve(__dirname, ...)`, `path.join`, `new URL(..., import.meta.url)`), "
                "null when not static or outside the repository",
            ),
        ),
    ),
)

EDGES = ()
