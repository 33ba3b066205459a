"""Kinds of the artifact parsers and linkers: the repository, files, components, manifests,
dependencies, commands, ports, environment, images, Dockerfiles, compose and Procfiles."""

from __future__ import annotations

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.kinds.base import EdgeSpec, NodeSpec, attrs

_COMMAND_ORIGINS = (
    "`dockerfile-cmd` | `dockerfile-entrypoint` | `dockerfile-effective` | `compose-command` | "
    "`compose-entrypoint` | `procfile` | `package-script`"
)

NODES = (
    NodeSpec(
        NodeKind.REPOSITORY,
        "The scanned root: one node (id `repository`, location `.`), which `has` every file, "
        'component and diagnostic. It anchors repository-wide questions ("the repository '
        'has no compose file", "a compose file of the repository failed to parse").',
        "app",
        attrs(("name", "str", "the root folder's name")),
    ),
    NodeSpec(
        NodeKind.FILE,
        "Every discovered file (after `.gitignore`, default excludes and `exclude`).",
        "app (discovery)",
        attrs(("path", "str", "POSIX path relative to the root")),
    ),
    NodeSpec(
        NodeKind.COMPONENT,
        "A deployable unit. Rooted at a folder with a manifest (`pyproject.toml`, "
        "`package.json`, `requirements*.txt`) or a Dockerfile (a Dockerfile in `docker/`, "
        "`deploy/`, `.devcontainer/`… belongs to the component above it). A compose service "
        "that only pulls an image is a component of its own; so is an e2e/test-runner "
        "service (playwright, cypress, selenium), with role `test`. Located at line 1 of its "
        "manifest (pyproject.toml before package.json before requirements before "
        "Dockerfile) or at the compose service.",
        "linking/components.py",
        attrs(
            ("name", "str", "project name from the manifest, else the folder name"),
            ("path", "str", 'root folder, `""` for the repository root'),
            (
                "origin",
                "str",
                "`pyproject` | `package.json` | `requirements` | `dockerfile` | "
                "`compose-build` | `compose-image` | `compose-test` | `terraform` (a root "
                "module: role `infra`) | `docs-site` (a `mkdocs.yml`, `docusaurus.config.*` or "
                "Sphinx `conf.py` beside an index, no manifest: role `docs`) | the manifest "
                "types of other ecosystems (`go.mod`, `cargo`, `maven`, `gradle`, `csproj`, "
                "`composer`, `gemfile`)",
            ),
            ("role", "str?", "the primary role, or null"),
            ("roles", "list[str]", "every role the evidence supports"),
        ),
        notes=(
            "Roles (from `archlint/linking/roles.py`): `python-backend` (fastapi, flask, "
            "django, starlette, aiohttp, tornado, sanic, quart, litestar, falcon… in the "
            "dependencies, or a uvicorn/gunicorn/hypercorn/granian/daphne/`fastapi run`/"
            "`flask run`/`manage.py runserver` command), `node-backend` (express, "
            "@apollo/server, apollo-server, graphql-yoga, @nestjs/core, fastify, koa, hapi, "
            "hono, mercurius), `docs` (mkdocs, sphinx, @docusaurus/core, vitepress, or a "
            "`mkdocs serve` / `docusaurus start` command, or an image named after them), "
            "`frontend` (react, vue, svelte, angular, preact, solid, next, nuxt, astro, "
            "vite… or a vite/next dev command), `worker` (celery, rq, dramatiq, huey, arq, "
            "apscheduler without an HTTP framework), `test` (see above). Precedence: "
            "python-backend, node-backend, docs, frontend, worker; a docs site built with "
            "React is `docs`, a backend that also builds docs is a backend."
        ),
    ),
    NodeSpec(
        NodeKind.MANIFEST,
        "`pyproject.toml`, `requirements*.txt` / `requirements/*.txt` / `*.in`, "
        "`package.json`, `pnpm-workspace.yaml`, `angular.json`. id `<path>#manifest`, located at "
        "1:1.",
        "parsers/python/pyproject.py, parsers/python/requirements.py, "
        "parsers/javascript/package_json.py, parsers/workspaces/*",
        attrs(
            (
                "type",
                "str",
                "`pyproject` | `requirements` | `package.json` | `pnpm-workspace` | `angular`",
            ),
            ("name", "str?", "the project or package name"),
            ("version", "str?", "the declared version"),
            ("dir", "str", "the folder of the manifest"),
            ("requires_python", "str?", "pyproject: `requires-python`"),
            ("build_backend", "str?", "pyproject: `[build-system] build-backend`"),
            ("has_project_table", "bool", "pyproject: has a `[project]` table"),
            ("tools", "list[str]", "pyproject: sorted `[tool.X]` names"),
            ("scripts", "map", "pyproject: `[project.scripts]`"),
            ("group", "str", "requirements: the dependency group its name implies"),
            ("includes", "list[str]", "requirements: `-r` targets"),
            ("constraints", "list[str]", "requirements: `-c` targets"),
            ("unnamed", "list[str]", "requirements: `-e .` and entries naming no package"),
            ("private", "bool", 'package.json: `"private": true`'),
            ("module_type", "str?", 'package.json: the `"type"` field'),
            (
                "workspaces",
                "list[str]",
                "package.json, pnpm-workspace: workspace globs (`!glob` excludes)",
            ),
            (
                "project_types",
                "list[str]",
                "angular: the sorted `projectType`s of its projects (`application`, `library`)",
            ),
            ("package_manager", "str?", 'package.json: `"packageManager"`'),
            ("publish_config", "bool", "package.json: has a `publishConfig`"),
            (
                "entry_points",
                "list[str]",
                "package.json: which of `main`, `module`, `exports`, `types`, `typings`, `bin` "
                "it declares (sorted)",
            ),
            ("files", "list[str]", 'package.json: the `"files"` it publishes'),
        ),
    ),
    NodeSpec(
        NodeKind.DEPENDENCY,
        "One declared dependency. id `<manifest path>#dep/<group>/<name>`.",
        "parsers/python/*, parsers/javascript/package_json.py",
        attrs(
            ("name", "str", "PyPI: PEP 503 normalised; npm: as written"),
            ("spec", "str", "version range as written"),
            ("extras", "list[str]", "requested extras"),
            ("markers", "str?", "PEP 508 environment markers"),
            ("ecosystem", "str", "`pypi` | `npm`"),
            (
                "group",
                "str",
                "`main`, `dev`, `build`, `optional:<extra>`, `group:<name>` (PEP 735 / "
                "Poetry / PDM groups), `peer`, `optional`",
            ),
            ("manifest", "str", "the manifest fact id"),
            (
                "source",
                "str",
                "`registry`, `git`, `vcs`, `path`, `url`, `workspace`, `alias`…",
            ),
            ("url", "str?", "URL or path of a direct reference"),
            ("editable", "bool", "an editable (`-e`) requirement"),
            ("alias_of", "str?", "npm: the package an `npm:` alias installs"),
            ("via_group", "str?", "PEP 735: the group an `include-group` came through"),
        ),
    ),
    NodeSpec(
        NodeKind.SCRIPT,
        "A package.json script.",
        "parsers/javascript/package_json.py",
        attrs(
            ("name", "str", "the script name"),
            ("command", "str", "the script's command line"),
            ("manifest", "str", "the manifest fact id"),
        ),
    ),
    NodeSpec(
        NodeKind.COMMAND,
        "A command line: Dockerfile CMD/ENTRYPOINT (and their effective combination), "
        "compose `command`/`entrypoint`, Procfile entries, package.json scripts. Nothing is "
        "executed; the text is analysed by `archlint/parsers/common/commands.py`.",
        "parsers/common/commands.py (for the Docker, process and JavaScript families)",
        attrs(
            ("text", "str", "the command as one line"),
            ("argv", "list[str]", "the command split into words"),
            ("program", "str", "the program it runs (after wrappers)"),
            ("origin", "str", _COMMAND_ORIGINS),
            ("servers", "list[str]", "server programs it starts"),
            (
                "server_kinds",
                "list[str]",
                "`python-http`, `frontend-dev`, `frontend-preview`, `node-server`, `docs`, "
                "`celery`",
            ),
            ("form", "str", "Dockerfile: `exec` | `shell`"),
            ("stage", "int", "Dockerfile: the stage index"),
            ("final", "bool", "Dockerfile: in the final stage"),
            ("superseded", "bool", "Dockerfile: a later CMD/ENTRYPOINT replaces it"),
            ("inherited", "bool", "Dockerfile: comes from an earlier stage"),
            ("service", "str", "compose: the service name"),
            ("process", "str", "Procfile: the process name"),
            ("script", "str", "package.json: the script name"),
        ),
    ),
    NodeSpec(
        NodeKind.PORT,
        "A port something listens on, exposes or publishes.",
        "parsers/docker/*, parsers/common/commands.py, parsers/python/source/, "
        "parsers/ecosystems/server_config.py, parsers/go/source.py",
        attrs(
            ("number", "int", "the port number"),
            ("protocol", "str", "`tcp` | `udp` | `sctp`"),
            ("scope", "str", "`container` | `published` | `listen` (table below)"),
            ("source", "str", "the artifact kind that declares it (table below)"),
            ("artifact", "str", "the file that declares it"),
            ("host_ip", "str?", "compose: the host address of a published port"),
            ("service", "str", "compose: the service name"),
            ("project", "str", "compose: the project fact id"),
            ("profiles", "list[str]", "compose: the service's profiles"),
            ("merge_order", "int", "compose: the file's place in the merge (0 = base)"),
            ("stage", "int", "Dockerfile: the stage index"),
            ("server", "str", "command: the server program"),
            ("server_kind", "str", "command: the kind of server"),
            (
                "implicit",
                "bool",
                "the server's default port (uvicorn without `--port` listens on 8000)",
            ),
            (
                "mirrors_published",
                "bool",
                'a compose target equal to its published port, as in `"9000:9000"`',
            ),
            ("port_name", "str?", "k8s: the port's `name`"),
            ("workload", "str", "k8s: the workload fact id of a containerPort"),
            ("variant", "str", "k8s: the values overlay a rendered chart variant used"),
            (
                "target_name",
                "str?",
                "k8s: a Service's named `targetPort` (`http`), resolved to the number of the "
                "selected containers' port of that name",
            ),
        ),
        notes=(
            "| scope | meaning | sources |\n"
            "|---|---|---|\n"
            "| `container` | the port inside the container | `dockerfile-expose`, "
            "`compose-target`, `compose-expose` |\n"
            "| `published` | the host port of a compose mapping | `compose-published` |\n"
            "| `listen` | the port a server command listens on | `dockerfile-cmd`, "
            "`dockerfile-entrypoint`, `dockerfile-effective`, `compose-command`, "
            "`compose-entrypoint`, `procfile`, `package-script`, `uvicorn-run` (Python "
            "`uvicorn.run(app, port=N)`), `code-listen` (TS/JS `app.listen(N)`, Go "
            '`http.ListenAndServe(":N", h)`), '
            "`vite-config`, `astro-config`, `nuxt-config`, `angular-json` (dev-server configs), "
            "`spring-config` (Spring Boot `server.port`), `puma-config` (config/puma.rb) |\n"
            "| `container` (k8s) | a container's `containerPort`, a Service's `targetPort` | "
            "`k8s-container-port`, `k8s-service-target` |\n\n"
            "A port that depends on a variable only the deploy environment sets (`${PORT}` "
            "with no default in `.env`) has no number and yields no port fact: archlint "
            "never reads the process environment."
        ),
    ),
    NodeSpec(
        NodeKind.ENV_VAR,
        "An environment variable set in a compose file, a Dockerfile or a `.env` file.",
        "parsers/docker/*, parsers/process/dotenv.py",
        attrs(
            ("name", "str", "the variable name"),
            ("value", "str?", "after interpolation; null when unset (`ARG X`)"),
            (
                "raw",
                "str?",
                "the value as written, before interpolation (`${DB_PASSWORD}`); null when unset",
            ),
            (
                "source",
                "str",
                "`compose-environment` | `dockerfile-env` | `dockerfile-arg` | `dotenv` | "
                "`k8s-env` (a `value:`) | `k8s-secret-ref` | `k8s-config-map-ref` | "
                "`k8s-field-ref` | `k8s-secret-data` (a key of a Secret's `stringData`/`data`, "
                "decoded) | `k8s-config-map-data` (a ConfigMap's `data`)",
            ),
            ("secret", "str?", "k8s: the Secret a `secretKeyRef` reads, or that holds the data"),
            ("workload", "str", "k8s: the workload fact id"),
            ("variant", "str", "k8s: the values overlay a rendered chart variant used"),
            ("service", "str", "compose: the service name"),
            ("stage", "int?", "Dockerfile: the stage index (null for an ARG before FROM)"),
            ("artifact", "str", "the file that sets it"),
            (
                "example",
                "bool",
                "dotenv: a template meant to be committed (`.env.example`, `.sample`, "
                "`.template`, `.dist`, `.tpl`)",
            ),
        ),
        notes=(
            "`dotenv` variables come from `.env` and `.env.*` files in any folder "
            "(`.env.local`, `.env.production`, `.env.example`...): `KEY=VALUE` lines with "
            "`export`, quotes (a double-quoted value may span lines) and comments; `${VAR}` "
            "refers to keys defined above it in the same file. id `<path>#env/<name>`, "
            "located at the key; a key defined twice keeps its last line. A line that is not "
            "an assignment is a `diagnostic`."
        ),
    ),
    NodeSpec(
        NodeKind.IMAGE,
        "A container image reference (compose `image:`, Dockerfile `FROM`, `COPY --from=<image>`).",
        "parsers/common/images.py (for compose and Dockerfiles)",
        attrs(
            ("ref", "str", "as written"),
            ("name", "str", "repository name without registry and tag"),
            ("registry", "str?", "null for Docker Hub"),
            ("tag", "str?", "the tag"),
            ("digest", "str?", "the digest"),
            ("platform", "str?", "Dockerfile: `FROM --platform`"),
            ("copy_from", "bool", "Dockerfile: referenced by `COPY --from`"),
            ("source", "str", "k8s: `k8s-container` (a container's `image:`)"),
            ("artifact", "str", "k8s: the manifest or template file"),
            ("variant", "str", "k8s: the values overlay a rendered chart variant used"),
        ),
    ),
    NodeSpec(
        NodeKind.DOCKERFILE,
        "A Dockerfile (`Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile`).",
        "parsers/docker/dockerfile.py",
        attrs(
            ("path", "str", "the file"),
            ("dir", "str", "its folder"),
            ("stage_count", "int", "how many `FROM`s"),
            ("final_stage", "int or str", "the final stage's name, else its index"),
            ("directives", "map", "parser directives (`# syntax=`, `# escape=`)"),
        ),
    ),
    NodeSpec(
        NodeKind.DOCKER_STAGE,
        "One `FROM` of a Dockerfile.",
        "parsers/docker/dockerfile.py",
        attrs(
            ("index", "int", "0-based stage index"),
            ("name", "str?", "the `AS` alias"),
            ("base_image", "str", "the `FROM` reference"),
            ("is_final", "bool", "the last stage"),
            ("copies_from", "list[str]", "stages and images of `COPY --from`"),
            ("copy_sources", "list[str]", "what COPY/ADD take from the build context"),
            (
                "prunes_to",
                "list[str]",
                "workspace packages its RUN lines prune the repository to "
                "(`turbo prune --scope=web`), sorted",
            ),
            (
                "runs_js_build",
                "bool",
                "a RUN line builds a JavaScript bundle (`npm run build`, `pnpm build`, "
                "`yarn build`, `vite build`, `ng build`, webpack...)",
            ),
            (
                "built_dirs",
                "list[str]",
                "build-context folders a RUN line builds in (its WORKDIR mapped back through "
                "`COPY . .`-style copies: `go build` in `/src/packages/api` is `packages/api`), "
                "for JS bundles and `go build`, `cargo build`, `mvn package`, `gradle build`, "
                "`dotnet publish`",
            ),
            ("user", "str?", "the last `USER`"),
            ("workdir", "str?", "the last `WORKDIR`"),
            ("stage_ref", "bool", "`FROM` names an earlier stage"),
        ),
    ),
    NodeSpec(
        NodeKind.COMPOSE_PROJECT,
        "What `docker compose` loads: a base file plus its `.override` file, or a base plus "
        "a variant (`compose.prod.yaml`); a variant that shares no service with the base is "
        "a stack of its own.",
        "parsers/docker/compose.py",
        attrs(
            ("name", "str", 'top-level `name:`, else the folder name, `"root"` at the root'),
            ("files", "list[str]", "merged files, in merge order"),
            ("dir", "str", 'the folder (`""` for the root)'),
        ),
    ),
    NodeSpec(
        NodeKind.COMPOSE_SERVICE,
        "A service of a compose project, after merging and interpolation.",
        "parsers/docker/compose.py",
        attrs(
            ("name", "str", "the service name"),
            ("project", "str", "the project fact id"),
            ("image", "str?", "`image:`"),
            ("build_context", "str?", 'repo-relative (`""` is the root); null without build'),
            ("build_outside_root", "bool", "the build context is outside the repository"),
            ("dockerfile", "str?", "repo-relative Dockerfile of the build"),
            ("build_target", "str?", "`build.target`"),
            ("command", "str or list[str]?", "`command:` as written"),
            ("entrypoint", "str or list[str]?", "`entrypoint:` as written"),
            ("profiles", "list[str]", "`profiles:`"),
            ("env_files", "list[str]", "repo-relative `env_file:` paths"),
            ("mounts", "list[str]", "repository folders bind-mounted into the service"),
        ),
    ),
    NodeSpec(
        NodeKind.PROCESS,
        "A Procfile entry.",
        "parsers/process/procfile.py",
        attrs(
            ("name", "str", "the process type"),
            ("command", "str", "the text after the colon"),
            ("artifact", "str", "the Procfile"),
        ),
    ),
    NodeSpec(
        NodeKind.DIAGNOSTIC,
        "A file that could not be read or parsed, or a part of it that was not understood. "
        "Rule `PARSE001` reports each one.",
        "app (from every parser's diagnostics)",
        attrs(
            ("message", "str", "what went wrong"),
            ("path", "str", "the file"),
        ),
    ),
)

EDGES = (
    EdgeSpec(
        EdgeKind.HAS,
        "a fact and its parts: repository → file, component, diagnostic; compose_project → "
        "compose_service; compose_service → port, env_var, command; dockerfile → "
        "docker_stage; docker_stage → port, env_var, command; command → port; manifest → "
        "dependency, script; script → command; process → command",
    ),
    EdgeSpec(
        EdgeKind.OWNS,
        "component → every fact that belongs to it: files and facts written under its "
        "folder; also the npm dependencies a workspace member gets from its workspace root "
        "(hoisted devDependencies) and from the workspace packages it depends on (not under "
        "a nested component; only the final Docker stage's parts), and the facts of compose "
        "services that run it",
    ),
    EdgeSpec(EdgeKind.BUILDS, "compose_service → dockerfile it builds"),
    EdgeSpec(EdgeKind.RUNS, "dockerfile → component; compose_service → component"),
    EdgeSpec(
        EdgeKind.DEPENDS_ON,
        "compose_service → compose_service; component → component it uses as a package of "
        'the same repository (`"@acme/db": "workspace:*"`, `file:../db`)',
    ),
    EdgeSpec(EdgeKind.COPIES_FROM, "docker_stage → earlier docker_stage (`COPY --from`)"),
    EdgeSpec(EdgeKind.INCLUDES, "requirements manifest → requirements manifest (`-r`)"),
    EdgeSpec(EdgeKind.USES_IMAGE, "compose_service / docker_stage → image"),
    EdgeSpec(
        EdgeKind.SERVES,
        "compose_service → frontend component whose build its image serves: a stage of the "
        "Dockerfile it builds copies the frontend's folder and runs a JavaScript build "
        "(a FastAPI app serving a built SPA), or the frontend's Vite `build.outDir` is in the "
        "folder of a component the service runs",
    ),
)
