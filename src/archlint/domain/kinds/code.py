"""Kinds of source code, shared by the Python and the TS/JS parsers.

They are language-neutral on purpose: one rule (AUTH003, OBS002...) reads a ``token_issue`` or a
``call`` whatever language produced it, and a second language plugs in by producing the same
facts. ``language`` tells them apart where a rule must. Every value is computed statically,
never executed; a value that cannot be determined is null with a ``*_known: false`` flag, and
rules stay quiet on it.
"""

from __future__ import annotations

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.kinds.base import EdgeSpec, NodeSpec, attrs

_LANGUAGE = (
    "language",
    "str",
    "`python` | `typescript` | `javascript` | `prisma` (a Prisma schema) | `go`",
)
_FUNCTION = ("function", "str?", "qualified name of the enclosing function (null at module level)")

NODES = (
    NodeSpec(
        NodeKind.SOURCE_MODULE,
        "One source file that was parsed (a Python module, a TS/JS module, a Go file). id "
        "`<path>#module`.",
        "parsers/python/, parsers/javascript/, parsers/go/",
        attrs(
            (
                "module",
                "str",
                "dotted module name from the component root (`app.core.security`); Go: "
                "`go:<folder>` (a Go package is its folder)",
            ),
            ("package", "str?", "Go: the package clause (`main` for a program)"),
            (
                "server_kinds",
                "list[str]",
                "Go: the servers its code starts, whatever address they get: `go-http` "
                "(`http.ListenAndServe`, an `http.Server`), `go-grpc` (`grpc.NewServer`)",
            ),
            _LANGUAGE,
            ("lines", "int", "number of lines"),
            (
                "entrypoint",
                "bool",
                "runs as a script or CLI (`if __name__ == '__main__'`, a click/typer app, a "
                "shebang), not as service code",
            ),
            (
                "default_export",
                "str?",
                "JS: the local name the module exports as its default (`export default router`, "
                "`module.exports = router`)",
            ),
            (
                "syntax_errors",
                "int",
                "JS, Go: places the tree-sitter grammar could not read (it recovers around them; "
                "not a diagnostic, as the grammars lag the language; the run lists the file as "
                "partly read)",
            ),
            ("syntax_error", "str?", "JS, Go: why the first of those places could not be read"),
            ("syntax_error_line", "int?", "JS, Go: the line of the first of those places"),
            ("syntax_error_column", "int?", "JS, Go: its column"),
            (
                "http_headers",
                "list[str]",
                "custom HTTP header names written as string literals (`X-Request-ID`)",
            ),
            (
                "migration",
                "bool",
                "a schema migration: an Alembic revision (module-level `revision` and "
                "`down_revision`), an Alembic env.py (imports `alembic.context`), a Django "
                "migration (`class Migration(migrations.Migration)`)",
            ),
        ),
    ),
    NodeSpec(
        NodeKind.IMPORT,
        "An import (`import x`, `from x import y as z`, ESM `import`, `require()`, a literal "
        "dynamic `import()`, a Go `import`). source_module `has` it.",
        "parsers/python/, parsers/javascript/, parsers/go/",
        attrs(
            ("module", "str", "the module imported from (`fastapi.security`, `jsonwebtoken`)"),
            ("names", "list[str]", "the names imported (empty for a whole-module import)"),
            (
                "alias",
                "str?",
                "the local name of a whole-module import (`import sqlalchemy as sa`)",
            ),
            (
                "style",
                "str?",
                "JS: `esm` | `require` | `dynamic` (a literal `import()`) | `reexport` (`export "
                "* from`, `export { x } from`: names as the source module defines them; `export "
                "* as ns from` and `module.exports.ns = require()`: alias `ns`)",
            ),
            (
                "resolved",
                "str?",
                "JS: a relative import as a module name from the root (`./auth` in "
                "`src/app.ts` is `src/auth`)",
            ),
            ("type_only", "bool", "JS: `import type` (erased at run time)"),
            _LANGUAGE,
        ),
    ),
    NodeSpec(
        NodeKind.FUNCTION,
        "A function or method definition. source_module `has` it; it `has` the calls in its body.",
        "parsers/python/, parsers/javascript/",
        attrs(
            ("name", "str", "the name as defined"),
            ("qualname", "str", "module-qualified name (`app.api.auth.refresh`)"),
            ("decorators", "list[str]", "qualified names of its decorators"),
            ("is_async", "bool", "an `async def` / `async function`"),
            ("class_name", "str?", "the class it is a method of"),
            (
                "class_decorators",
                "list[str]",
                "JS: qualified names of its class's decorators (`@Controller`, `@UseGuards`)",
            ),
            (
                "callees",
                "list[str]",
                "every call of its body as written, resolvable or not (`session.delete`, "
                "`self.store.revoke`); `call` facts exist only for the resolvable ones",
            ),
            _LANGUAGE,
        ),
    ),
    NodeSpec(
        NodeKind.CALL,
        "A call of interest, with the qualified name its imports resolve it to: `from jose "
        "import jwt as j; j.encode(...)` is `jose.jwt.encode`. Arguments are kept as literals "
        "where static; a nested call in the arguments is named in `arg_calls`. A function or "
        "source_module `has` it; it `calls` the function of the repository it resolves to.",
        "parsers/python/, parsers/javascript/",
        attrs(
            ("qualname", "str", "resolved dotted name (`sqlalchemy.create_engine`, `console.log`)"),
            ("name", "str", "the callee as written (`sa.create_engine`)"),
            _FUNCTION,
            ("args", "list", "positional arguments: literal values, null where not static"),
            ("kwargs", "map", "keyword arguments (JS: the first object literal's keys)"),
            (
                "strings",
                "list[str]",
                "every string value in the arguments, nested dicts and lists included, sorted "
                "(a `dictConfig` dict naming `pythonjsonlogger.json.JsonFormatter`)",
            ),
            (
                "keywords",
                "list[str]",
                "names of the keyword arguments given, static or not (`kwargs` holds null for "
                "a value that is not static)",
            ),
            (
                "assigned_to",
                "str?",
                "JS: the variable or property its result is assigned to (`const refreshToken = "
                "generateToken(...)`: `refreshToken`)",
            ),
            ("arg_calls", "list[str]", "qualified names of calls nested in the arguments"),
            ("awaited", "bool", "the result is awaited"),
            ("construct", "bool", "JS: a `new X(...)` expression"),
            (
                "arg_refs",
                "list",
                "per positional argument, the qualified name it names where it is a name "
                "(`CorrelationIdMiddleware` -> `asgi_correlation_id.CorrelationIdMiddleware`), "
                "else null",
            ),
            (
                "kwarg_refs",
                "map",
                "keyword arguments that name something: keyword -> qualified name "
                "(`poolclass: sqlalchemy.pool.NullPool`)",
            ),
            (
                "main_guard",
                "bool",
                'Python: the call is inside `if __name__ == "__main__":` (runs as a script)',
            ),
            _LANGUAGE,
        ),
    ),
    NodeSpec(
        NodeKind.MODEL,
        "A persistent model: a SQLAlchemy declarative class, SQLModel `table=True`, a Django, "
        "Peewee, Pony or Tortoise model, a Prisma `model`, a TypeORM entity.",
        "parsers/python/, parsers/javascript/ (Prisma schema)",
        attrs(
            ("name", "str", "the class or model name"),
            (
                "orm",
                "str",
                "`sqlalchemy` | `sqlmodel` | `django` | `peewee` | `pony` | "
                "`tortoise` | `prisma` | `typeorm` | ...",
            ),
            ("table", "str?", "the table name where declared (`__tablename__`, `@@map`)"),
            ("fields", "list[str]", "column / field names"),
            (
                "columns",
                "list[str]",
                "Prisma: the database column of each field (its `@map`, else its name)",
            ),
            _LANGUAGE,
        ),
    ),
    NodeSpec(
        NodeKind.ROUTE,
        "An HTTP endpoint: `@app.get('/x')`, `@router.post(...)` with the router's prefix, "
        "Flask/Django/aiohttp routes, Express/Nest handlers. It is `handled_by` its function and "
        "`has` its parameters.",
        "parsers/python/, parsers/javascript/",
        attrs(
            ("method", "str", "`GET`, `POST`, ... (`ANY` when not fixed)"),
            (
                "route_path",
                "str",
                "the full URL path, router and blueprint prefixes included (`/api/v1/login`); "
                "not `path`, which is every node's file (a built-in attribute); JS: with the "
                "prefixes of the router's mounts and Nest's global prefix (linking/routes.py)",
            ),
            ("framework", "str", "`fastapi` | `flask` | `django` | `express` | `nestjs` | ..."),
            ("handler", "str", "qualified name of the handler function"),
            (
                "receiver",
                "str?",
                "JS: the local name of the app or router it is declared on (`router` of "
                "`router.get(...)`); its `route_mount` s give `route_path` its prefix",
            ),
            (
                "reads_raw_body",
                "bool",
                "the handler reads the body unvalidated (`await request.json()`)",
            ),
            (
                "middleware",
                "list[str]",
                "JS: qualified names of the route's middleware and guards (Express handlers "
                "before the last; NestJS decorators of the method and its class: "
                "`@nestjs/common.UseGuards`, `Roles`)",
            ),
            (
                "dependencies",
                "list[str]",
                "qualified names of the route's own dependencies "
                "(`dependencies=[Depends(get_current_active_superuser)]`; Nest: guards)",
            ),
            _LANGUAGE,
        ),
    ),
    NodeSpec(
        NodeKind.ROUTE_PARAM,
        "One parameter of a route handler.",
        "parsers/python/, parsers/javascript/",
        attrs(
            ("name", "str", "the parameter name"),
            ("annotation", "str?", "its type annotation as written"),
            (
                "source",
                "str",
                "`body` | `query` | `path` | `header` | `depends` | `security` | `request` | "
                "`unknown`",
            ),
            ("validated", "bool", "a body parameter typed by a validating model (Pydantic, zod)"),
            ("dependency", "str?", "qualified name of the `Depends(...)`/`Security(...)` callable"),
            ("scopes", "list[str]", "`Security(..., scopes=[...])`"),
        ),
    ),
    NodeSpec(
        NodeKind.SETTING,
        "A named configuration value in code: a pydantic-settings field, a module-level "
        "constant, a config object key (`ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8`).",
        "parsers/python/, parsers/javascript/",
        attrs(
            ("name", "str", "the setting or constant name"),
            ("value", "str or int or float or bool?", "the static value; null when not known"),
            ("value_known", "bool", "the value could be computed statically"),
            ("literal", "bool", "written as a literal in the code (not read from the environment)"),
            (
                "origin",
                "str",
                "`settings-field` | `constant` | `config-object` | `celery-conf` (Python: "
                "`celery_app.conf.broker_url = ...`, a `config_from_object` module's names)",
            ),
            ("owner", "str?", "the settings class it is a field of"),
            ("annotation", "str?", "its type annotation as written"),
            (
                "env",
                "str?",
                "the environment variable it reads, `value` being the fallback written in code "
                "(JS `process.env.PORT || 3000`: `PORT`; Python celery-conf "
                "`os.environ.get('CELERY_BROKER_URL', 'redis://...')`)",
            ),
            (
                "passed_to",
                "list[str]",
                "JS: the callees, as written, of the calls that take it as their first "
                "argument (`getCookie(ACCESS_TOKEN)`: `getCookie`): a key, not a value",
            ),
            (
                "echoes_name",
                "bool",
                "the literal value only spells one dotted part of the name again, case and "
                "separators aside (`SIGN_UP_WITH_PASSWORD = 'sign_up_with_password'`, "
                "`SETTINGS['api-tokens'].key = 'api-tokens'`): a label",
            ),
            (
                "name_words_in_value",
                "str?",
                "the longest run of the value's words that are words of the name, lower-case, "
                "`_`-joined (`forgot_password: 'forgot_password_clicked'`: `forgot_password`)",
            ),
            (
                "duration_minutes",
                "float?",
                "the value as a duration in minutes: a `timedelta`, or a number whose name "
                "gives the unit (`*_MINUTES`, `*_SECONDS`, `*_HOURS`, `*_DAYS`); null otherwise",
            ),
            _LANGUAGE,
        ),
    ),
    NodeSpec(
        NodeKind.CONNECTION_URL,
        "A database or broker URL written in code, settings defaults, a Prisma datasource or "
        "config (values are never shown: URLs carry passwords).",
        "parsers/python/, parsers/javascript/",
        attrs(
            ("scheme", "str", "the whole scheme (`postgresql+asyncpg`, `sqlite`, `redis`)"),
            ("dialect", "str", "the part before `+` (`postgresql`)"),
            ("driver", "str?", "the part after `+` (`asyncpg`, `psycopg2`)"),
            ("has_credentials", "bool", "a user:password part is embedded"),
            ("placeholder", "bool", "a template value (`driver://user:pass@localhost/dbname`)"),
            ("origin", "str", "`literal` | `setting` | `prisma` | `config`"),
            ("setting", "str?", "the setting it is the default of"),
            (
                "env",
                "str?",
                'the environment variable the URL is read from (`env("DATABASE_URL")`)',
            ),
            _LANGUAGE,
        ),
    ),
    NodeSpec(
        NodeKind.TOKEN_ISSUE,
        "A place that signs a JWT: `jwt.encode`, `jose.jwt.encode`, `jsonwebtoken.sign`, "
        "`JwtService.sign`, `new SignJWT()`. Lifetimes are normalised to seconds.",
        "parsers/python/, parsers/javascript/",
        attrs(
            (
                "library",
                "str",
                "`pyjwt` | `python-jose` | `authlib` | `jsonwebtoken` | `@nestjs/jwt` | `jose`",
            ),
            (
                "token_type",
                "str?",
                "`access` | `refresh`, from the claims (`type`), the lifetime setting's name or "
                "the function's name; null when nothing says",
            ),
            ("lifetime_seconds", "int?", "the token's lifetime; null when not static"),
            (
                "lifetime_minutes",
                "float?",
                "the same lifetime in minutes (rule parameters say minutes)",
            ),
            ("lifetime_known", "bool", "the lifetime could be computed statically"),
            ("lifetime_source", "str?", "the setting or expression the lifetime comes from"),
            ("key_literal", "bool", "the signing key is a literal in the code"),
            ("key_source", "str", "`literal` | `setting` | `env` | `config` | `unknown`"),
            (
                "registration",
                "bool",
                "JS: module defaults (`JwtModule.register({ signOptions: { expiresIn } })`) that "
                "`JwtService.sign` calls without options of their own use, not a sign call",
            ),
            (
                "key_setting",
                "str?",
                "the setting or constant the key is read from (`SECRET_KEY`), null when the "
                "key is written in the call",
            ),
            _FUNCTION,
            _LANGUAGE,
        ),
    ),
    NodeSpec(
        NodeKind.MIGRATION_SETUP,
        "A schema-migration setup: Alembic (alembic.ini or `[tool.alembic]` → script location "
        "→ env.py → versions/), Prisma Migrate (prisma/migrations/).",
        "parsers/python/, parsers/javascript/",
        attrs(
            ("tool", "str", "`alembic` | `prisma`"),
            ("script_location", "str?", "the migrations folder"),
            ("env_file", "str?", "Alembic: the env.py it runs"),
            ("target_metadata", "bool", "Alembic: env.py sets `target_metadata` (not None)"),
            ("revisions", "int", "how many revisions / migrations exist"),
            ("provider", "str?", "Prisma: the migration lock's provider"),
        ),
    ),
    NodeSpec(
        NodeKind.TOOL_RUN,
        "A quality or security tool the project runs: a pre-commit hook, a CI workflow step, "
        "a dev dependency with its configuration.",
        "parsers/ci/ (pre-commit, GitHub Actions, GitLab CI, Azure Pipelines; the file `has` "
        "it), parsers/javascript/ (ESLint)",
        attrs(
            ("tool", "str", "`bandit` | `safety` | `pip-audit` | `eslint` | ..."),
            (
                "source",
                "str",
                "`pre-commit` | `github-actions` | `gitlab-ci` | `azure-pipelines` | "
                "`manifest` | `config-file`",
            ),
            ("plugins", "list[str]", "plugins it loads (ESLint: `security`)"),
            (
                "packages",
                "list[str]",
                "ESLint: npm packages the config loads (plugins, shared configs it extends or "
                "imports: `eslint-plugin-security`, `@acme/eslint-config`)",
            ),
            ("extends", "list[str]", "ESLint: `extends` entries as written"),
            ("config_format", "str?", "ESLint: `flat` | `legacy` | `package.json`"),
        ),
    ),
)

EDGES = (
    EdgeSpec(EdgeKind.CALLS, "call → function of the same repository it resolves to"),
    EdgeSpec(EdgeKind.IMPORTS, "source_module → source_module it imports (same component)"),
    EdgeSpec(EdgeKind.HANDLED_BY, "route → function that handles it"),
    EdgeSpec(
        EdgeKind.READS,
        "token_issue → setting its lifetime is read from; call → setting an argument is read "
        "from (`timedelta(minutes=settings.X)`); Python, within one unit",
    ),
    EdgeSpec(
        EdgeKind.EXECUTES,
        "command → source_module a file argument of it names, from the command's folder "
        '(`"seed": "tsx ./admin/seed-users.ts"`, `python scripts/load.py`): it runs as a '
        "script (linking/scripts.py)",
    ),
    EdgeSpec(
        EdgeKind.NAMES_IMAGE,
        "setting → component whose package script builds the image the literal names "
        '(`SANDBOX_IMAGE = "sandbox:latest"`, `"build:docker-image": "docker build . -t '
        'sandbox:latest"` in another component): code that starts that image '
        "(linking/scripts.py)",
    ),
)
