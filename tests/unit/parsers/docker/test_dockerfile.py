from __future__ import annotations

from textwrap import dedent
from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult
from archlint.knowledge import load_servers
from archlint.parsers.base import SourceFile
from archlint.parsers.common.images import parse_image_ref
from archlint.parsers.docker.dockerfile import DockerfileParser, expand
from archlint.parsers.docker.dockerfile_lexer import tokenize

PATH = "svc/api/Dockerfile"


def parse(text: str, path: str = PATH) -> ParseResult:
    return DockerfileParser(load_servers()).parse(SourceFile(path, dedent(text).lstrip("\n")))


def by_id(result: ParseResult) -> dict[str, Fact]:
    facts = {f.id: f for f in result.facts}
    assert len(facts) == len(result.facts), "fact ids must be unique"
    return facts


def of_kind(result: ParseResult, kind: NodeKind) -> list[Fact]:
    return [f for f in result.facts if f.kind is kind]


def edges(result: ParseResult, kind: EdgeKind) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in result.relations if r.kind is kind}


def messages(result: ParseResult) -> list[tuple[int, str]]:
    return [(d.location.line, d.message) for d in result.diagnostics]


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("Dockerfile", True),
        ("svc/Dockerfile", True),
        ("Dockerfile.dev", True),
        ("api.Dockerfile", True),
        ("api.dockerfile", True),
        ("Containerfile", True),
        ("Dockerfile.dockerignore", False),
        (".dockerignore", False),
        ("Dockerfiles/readme.md", False),
        ("dockerfile.py", False),
    ],
)
def test_matches(path: str, matches: bool) -> None:
    assert DockerfileParser(load_servers()).selector.matches(path) is matches


def test_line_numbers_survive_directives_continuations_and_heredocs() -> None:
    directives, instructions, problems = tokenize(
        dedent(
            """\
            # syntax=docker/dockerfile:1
            # escape=\\

            FROM python:3.12
            RUN apt-get update \\
              # a comment inside a continuation
                && apt-get install -y curl
            RUN <<EOF
            FROM not-an-instruction
            EOF
            COPY <<-CONF /etc/app.conf
            \tEXPOSE 1
            \tCONF
              expose 8000
            """
        )
    )
    assert directives == {"syntax": "docker/dockerfile:1", "escape": "\\"}
    assert [(i.keyword, i.line) for i in instructions] == [
        ("FROM", 4),
        ("RUN", 5),
        ("RUN", 8),
        ("COPY", 11),
        ("EXPOSE", 14),
    ]
    assert instructions[1].args == "apt-get update && apt-get install -y curl"
    assert instructions[2].heredocs == ("FROM not-an-instruction",)
    assert instructions[3].heredocs == ("EXPOSE 1",)
    assert instructions[4].column == 3
    assert problems == []


def test_empty_line_inside_a_continuation_is_skipped() -> None:
    _, instructions, _ = tokenize("FROM x\nRUN a \\\n\n  b\nUSER me\n")
    assert [(i.keyword, i.line, i.args) for i in instructions] == [
        ("FROM", 1, "x"),
        ("RUN", 2, "a b"),
        ("USER", 5, "me"),
    ]


def test_backtick_escape_directive() -> None:
    _, instructions, _ = tokenize("# escape=`\nFROM windows\nRUN dir C:\\ `\n  /b\nCMD x\n")
    assert [(i.keyword, i.line, i.args) for i in instructions] == [
        ("FROM", 2, "windows"),
        ("RUN", 3, "dir C:\\ /b"),
        ("CMD", 5, "x"),
    ]


def test_directive_after_a_comment_is_a_comment() -> None:
    directives, _, _ = tokenize("# hello\n# escape=`\nFROM x\n")
    assert directives == {}


def test_single_stage_facts() -> None:
    result = parse(
        """
        ARG PY=3.12
        from --platform=linux/amd64 python:${PY}-slim
        WORKDIR /app
        USER app
        COPY . .
        CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
        """
    )
    facts = by_id(result)
    assert result.diagnostics == ()
    assert dict(facts[f"{PATH}#dockerfile"].attrs) == {
        "path": PATH,
        "dir": "svc/api",
        "stage_count": 1,
        "final_stage": 0,
        "directives": {},
    }
    assert dict(facts[f"{PATH}#stage[0]"].attrs) == {
        "index": 0,
        "name": None,
        "base_image": "python:3.12-slim",
        "is_final": True,
        "copies_from": [],
        "copy_sources": ["."],
        "prunes_to": [],
        "runs_js_build": False,
        "built_dirs": [],
        "user": "app",
        "workdir": "/app",
    }
    image = facts[f"{PATH}#stage[0]/image"]
    assert (image.attrs["name"], image.attrs["tag"], image.attrs["platform"]) == (
        "python",
        "3.12-slim",
        "linux/amd64",
    )
    assert f"{PATH}#stage[0]/expose/8000/tcp" not in facts
    cmd = facts[f"{PATH}#stage[0]/cmd"]
    assert cmd.location.line == 6
    assert cmd.attrs["form"] == "exec" and cmd.attrs["final"] is True
    assert cmd.attrs["origin"] == "dockerfile-cmd"
    assert facts[f"{PATH}#stage[0]/cmd/port[0]"].attrs["number"] == 8000
    assert (f"{PATH}#stage[0]", f"{PATH}#stage[0]/image") in edges(result, EdgeKind.USES_IMAGE)
    assert edges(result, EdgeKind.HAS) >= {
        (f"{PATH}#dockerfile", f"{PATH}#stage[0]"),
        (f"{PATH}#dockerfile", f"{PATH}#global/arg/PY"),
        (f"{PATH}#stage[0]", f"{PATH}#stage[0]/cmd"),
        (f"{PATH}#stage[0]/cmd", f"{PATH}#stage[0]/cmd/port[0]"),
    }


def test_root_dockerfile_has_empty_dir() -> None:
    facts = by_id(parse("FROM scratch\n", path="Dockerfile"))
    assert facts["Dockerfile#dockerfile"].attrs["dir"] == ""


MULTI_STAGE = """
FROM node:20 AS Web
RUN npm ci
FROM python:3.12 AS build
RUN pip wheel .
FROM build AS test
FROM gcr.io/distroless/python3@sha256:abc
COPY --from=web /dist /static
COPY --from=1 /wheels /wheels
COPY --from=build /x /y
COPY --from=nginx:1.27 /etc/nginx /etc/nginx
"""


def test_multi_stage_copies_from() -> None:
    result = parse(MULTI_STAGE)
    facts = by_id(result)
    assert result.diagnostics == ()
    assert facts[f"{PATH}#dockerfile"].attrs["final_stage"] == 3
    assert facts[f"{PATH}#dockerfile"].attrs["stage_count"] == 4
    stages = of_kind(result, NodeKind.DOCKER_STAGE)
    assert [(s.attrs["name"], s.attrs["is_final"], s.location.line) for s in stages] == [
        ("web", False, 1),
        ("build", False, 3),
        ("test", False, 5),
        (None, True, 6),
    ]
    assert facts[f"{PATH}#stage[2]"].attrs["stage_ref"] is True
    assert f"{PATH}#stage[2]/image" not in facts
    assert facts[f"{PATH}#stage[3]"].attrs["copies_from"] == ["web", "1", "build", "nginx:1.27"]
    assert edges(result, EdgeKind.COPIES_FROM) == {
        (f"{PATH}#stage[3]", f"{PATH}#stage[0]"),
        (f"{PATH}#stage[3]", f"{PATH}#stage[1]"),
    }
    final_image = facts[f"{PATH}#stage[3]/image"].attrs
    assert dict(final_image) == {
        "ref": "gcr.io/distroless/python3@sha256:abc",
        "name": "distroless/python3",
        "registry": "gcr.io",
        "tag": None,
        "digest": "sha256:abc",
    }
    assert facts[f"{PATH}#stage[3]/copy-image[3]"].attrs["name"] == "nginx"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("python", ("python", None, None, None)),
        ("python:3.12", ("python", None, "3.12", None)),
        ("library/python:3", ("library/python", None, "3", None)),
        ("localhost:5000/app:dev", ("app", "localhost:5000", "dev", None)),
        ("ghcr.io/o/app@sha256:1", ("o/app", "ghcr.io", None, "sha256:1")),
        ("ghcr.io/o/app:1@sha256:1", ("o/app", "ghcr.io", "1", "sha256:1")),
    ],
)
def test_parse_image_ref(ref: str, expected: tuple[Any, ...]) -> None:
    parts = parse_image_ref(ref)
    assert (parts["name"], parts["registry"], parts["tag"], parts["digest"]) == expected


@pytest.mark.parametrize(
    ("text", "ports"),
    [
        ("EXPOSE 8000", [(8000, "tcp")]),
        ("EXPOSE 8000/tcp 53/UDP", [(8000, "tcp"), (53, "udp")]),
        ("EXPOSE 8000-8002", [(8000, "tcp"), (8001, "tcp"), (8002, "tcp")]),
        ("EXPOSE ${PORT:-8000}", [(8000, "tcp")]),
        ("ARG PORT=9000\nEXPOSE ${PORT:-8000}", [(9000, "tcp")]),
        ("ARG PORT\nEXPOSE ${PORT:-8000}", [(8000, "tcp")]),
        ("ENV PORT=7000\nEXPOSE $PORT/udp", [(7000, "udp")]),
        ("ENV PORT 7001\nEXPOSE ${PORT}", [(7001, "tcp")]),
    ],
)
def test_expose(text: str, ports: list[tuple[int, str]]) -> None:
    result = parse(f"FROM x\n{text}\n")
    found = [(p.attrs["number"], p.attrs["protocol"]) for p in of_kind(result, NodeKind.PORT)]
    assert found == ports
    assert result.diagnostics == ()
    port = of_kind(result, NodeKind.PORT)[0]
    assert port.attrs["scope"] == "container" and port.attrs["source"] == "dockerfile-expose"
    assert port.attrs["artifact"] == PATH and port.attrs["stage"] == 0


@pytest.mark.parametrize("text", ["ARG PORT\nEXPOSE ${PORT}", "EXPOSE $APP_PORT/tcp 8000"])
def test_expose_of_a_variable_without_a_value_is_valid_and_names_no_port(text: str) -> None:
    result = parse(f"FROM x\n{text}\n")
    assert result.diagnostics == ()
    assert [p.attrs["number"] for p in of_kind(result, NodeKind.PORT)] == (
        [8000] if "8000" in text else []
    )


def test_global_arg_is_visible_in_a_stage_only_when_redeclared() -> None:
    text = "ARG PORT=9100\nFROM x\nEXPOSE ${PORT:-80}\nFROM y\nARG PORT\nEXPOSE ${PORT:-80}\n"
    ports = [p.attrs["number"] for p in of_kind(parse(text), NodeKind.PORT)]
    assert ports == [80, 9100]


def test_env_and_arg_facts() -> None:
    result = parse(
        """
        ARG BASE=python
        FROM ${BASE}:3
        ARG TOKEN
        ENV A=1 B="two words" C=${A}-x
        ENV LEGACY some value
        """
    )
    env = {f.id.split("#", 1)[1]: dict(f.attrs) for f in of_kind(result, NodeKind.ENV_VAR)}
    assert env["global/arg/BASE"]["value"] == "python"
    assert env["global/arg/BASE"]["stage"] is None
    assert env["stage[0]/arg/TOKEN"] == {
        "name": "TOKEN",
        "value": None,
        "raw": None,
        "source": "dockerfile-arg",
        "stage": 0,
        "artifact": PATH,
    }
    assert env["stage[0]/env/B"]["value"] == "two words"
    assert env["stage[0]/env/C"]["value"] == "1-x"
    assert env["stage[0]/env/C"]["raw"] == "${A}-x"  # as written, for "is this a literal?"
    assert env["stage[0]/env/LEGACY"]["value"] == "some value"
    assert env["stage[0]/env/A"]["source"] == "dockerfile-env"
    assert by_id(result)[f"{PATH}#stage[0]"].attrs["base_image"] == "python:3"


@pytest.mark.parametrize(
    ("variables", "text", "expected"),
    [
        ({"A": "1"}, "$A ${A} ${A:-2} ${A:+y}", "1 1 1 y"),
        ({"A": None}, "${A:-2} ${A-3} ${A:+y}|$A", "2 3 |$A"),
        ({"A": ""}, "${A:-2}|${A-3}|", "2||"),
        ({}, "${B}", "${B}"),
    ],
)
def test_expand(variables: dict[str, str | None], text: str, expected: str) -> None:
    assert expand(text, variables) == expected


@pytest.mark.parametrize(
    ("instruction", "form", "argv", "port"),
    [
        (
            'CMD ["gunicorn", "-b", ":8001", "a:b"]',
            "exec",
            ["gunicorn", "-b", ":8001", "a:b"],
            8001,
        ),
        ("CMD gunicorn -b :8001 a:b", "shell", ["gunicorn", "-b", ":8001", "a:b"], 8001),
        ("cmd \\\n  gunicorn -b :8001 a:b", "shell", ["gunicorn", "-b", ":8001", "a:b"], 8001),
        # not valid JSON: docker runs it with /bin/sh -c, and so does the analysis (no diagnostic)
        ("CMD [gunicorn -b :8001 a:b]", "shell", ["[gunicorn", "-b", ":8001", "a:b]"], None),
        ("CMD ['flask', 'run']", "shell", ["[flask,", "run]"], None),
    ],
)
def test_cmd_forms(instruction: str, form: str, argv: list[str], port: int | None) -> None:
    result = parse(f"FROM x\n{instruction}\n")
    facts = by_id(result)
    cmd = facts[f"{PATH}#stage[0]/cmd"]
    assert (cmd.attrs["form"], cmd.attrs["argv"], cmd.location.line) == (form, argv, 2)
    assert result.diagnostics == ()
    listen = [p.attrs["number"] for p in of_kind(result, NodeKind.PORT)]
    assert listen == ([] if port is None else [port])


def test_entrypoint_plus_cmd_effective_port() -> None:
    result = parse(
        """
        FROM python
        ENTRYPOINT ["uvicorn"]
        CMD ["app:app", "--port", "9000"]
        """
    )
    facts = by_id(result)
    effective = facts[f"{PATH}#stage[0]/effective"]
    assert effective.attrs["argv"] == ["uvicorn", "app:app", "--port", "9000"]
    assert effective.attrs["origin"] == "dockerfile-effective"
    assert facts[f"{PATH}#stage[0]/entrypoint"].attrs["superseded"] is True
    ports = [(p.id, p.attrs["number"]) for p in of_kind(result, NodeKind.PORT)]
    assert ports == [(f"{PATH}#stage[0]/effective/port[0]", 9000)]


def test_shell_entrypoint_has_no_effective_command() -> None:
    facts = by_id(parse('FROM x\nENTRYPOINT uvicorn a:b\nCMD ["--port", "1"]\n'))
    assert f"{PATH}#stage[0]/effective" not in facts
    assert facts[f"{PATH}#stage[0]/entrypoint/port[0]"].attrs["number"] == 8000


def test_only_final_stage_commands_are_final_and_cmd_is_inherited() -> None:
    result = parse(
        """
        FROM node AS dev
        CMD ["vite"]
        FROM dev AS prod
        FROM prod
        ENTRYPOINT ["/entry.sh"]
        """
    )
    commands = {f.id.split("#", 1)[1]: f.attrs for f in of_kind(result, NodeKind.COMMAND)}
    assert commands["stage[0]/cmd"]["final"] is False
    assert commands["stage[1]/cmd"]["inherited"] is True
    assert commands["stage[1]/cmd"]["final"] is False
    assert commands["stage[2]/entrypoint"]["final"] is True
    assert "stage[2]/cmd" not in commands  # ENTRYPOINT resets an inherited CMD


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RUN echo hi\n", [(1, "RUN before the first FROM on line 1"), (1, "no FROM")]),
        ("FROM x\nFROBNICATE y\n", [(2, "unknown instruction 'FROBNICATE' on line 2")]),
        ("FROM x\nEXPOSE http\n", [(2, "EXPOSE value 'http' on line 2 is not a port")]),
        ("FROM x\nEXPOSE 80/tls\n", [(2, "EXPOSE value '80/tls' on line 2 is not a port")]),
        ("FROM x\nARG P=http\nEXPOSE $P\n", [(3, "EXPOSE value '$P' on line 3 is not a port")]),
        ("FROM x\nCOPY --from=builder / /\n", [(2, "COPY --from=builder on line 2 names no")]),
        ("FROM x\nCOPY --from=3 / /\n", [(2, "COPY --from=3 on line 2 names no earlier")]),
        ("FROM x\nRUN <<EOF\necho\n", [(2, "unterminated heredoc <<EOF")]),
        ("FROM\n", [(1, "FROM without an image"), (1, "no FROM")]),
    ],
)
def test_diagnostics(text: str, expected: list[tuple[int, str]]) -> None:
    found = messages(parse(text))
    assert len(found) == len(expected), found
    for (line, message), (want_line, want) in zip(found, expected, strict=True):
        assert line == want_line and message.startswith(want), (line, message)


def test_more_diagnostics() -> None:
    result = parse("FROM x\nEXPOSE 1-5000\nARG 1BAD=2 OK=3\nENV Q='unbalanced\n")
    assert messages(result) == [
        (2, "EXPOSE range '1-5000' is too large; only 1 is recorded"),
        (3, "ARG on line 3: bad name '1BAD'"),
    ]
    assert [p.attrs["number"] for p in of_kind(result, NodeKind.PORT)] == [1]
    env = {f.attrs["name"]: f.attrs["value"] for f in of_kind(result, NodeKind.ENV_VAR)}
    assert env == {"OK": "3", "Q": "'unbalanced"}


def test_errors_do_not_stop_the_rest_of_the_file() -> None:
    result = parse("FROM x\nBOGUS 1\nEXPOSE nope 8080\nCOPY --from=ghost / /\nCMD flask run\n")
    assert len(result.diagnostics) == 3
    ports = sorted(p.attrs["number"] for p in of_kind(result, NodeKind.PORT))
    assert ports == [5000, 8080]


def test_ignored_instructions_are_quiet() -> None:
    text = """
    FROM x
    LABEL a=b
    HEALTHCHECK --interval=5s CMD curl -f http://localhost:1/ || exit 1
    ONBUILD EXPOSE 9
    SHELL ["/bin/bash", "-c"]
    STOPSIGNAL SIGTERM
    VOLUME /data
    """
    result = parse(text)
    assert result.diagnostics == ()
    assert of_kind(result, NodeKind.PORT) == []
    assert of_kind(result, NodeKind.COMMAND) == []


def test_copy_sources_are_what_the_build_context_gives() -> None:
    result = parse(
        """
        FROM node:22 AS build
        COPY --chown=node package.json pnpm-lock.yaml ./
        COPY ["clients/apps/web", "/app/web"]
        FROM nginx:1.27
        COPY --from=build /app/web/dist /usr/share/nginx/html
        ADD conf/nginx.conf /etc/nginx/conf.d/default.conf
        """
    )
    facts = by_id(result)
    assert facts[f"{PATH}#stage[0]"].get("copy_sources") == [
        "package.json",
        "pnpm-lock.yaml",
        "clients/apps/web",
    ]
    assert facts[f"{PATH}#stage[1]"].get("copy_sources") == ["conf/nginx.conf"]


@pytest.mark.parametrize(
    ("text", "built"),
    [
        # the whole context copied, then a WORKDIR into a package: its folder
        (
            "FROM golang:1.22 AS b\nWORKDIR /usr/src/app\nCOPY . .\n"
            "WORKDIR /usr/src/app/packages/web/server\nRUN CGO_ENABLED=0 go build -o srv .\n",
            ["packages/web/server"],
        ),
        # a folder copied to a folder of its own; several builds in one place count once
        (
            "FROM rust:1 AS b\nCOPY services/ledger /build\nWORKDIR /build\n"
            "RUN cargo build --release\nRUN cargo build --release --bin cli\n",
            ["services/ledger"],
        ),
        ("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN pnpm --filter web build\n", ["."]),
        (
            "FROM maven:3 AS b\nWORKDIR /src\nCOPY orders ./orders\nWORKDIR /src/orders\n"
            "RUN mvn -q -DskipTests package\n",
            ["orders"],
        ),
        # a build where nothing of the context was copied to, a file copy, a non-build RUN
        ("FROM golang:1.22\nWORKDIR /x\nRUN go build ./...\n", []),
        ("FROM golang:1.22\nWORKDIR /x\nCOPY go.mod ./\nRUN go build .\n", []),
        ("FROM golang:1.22\nWORKDIR /x\nCOPY . .\nRUN go mod download\n", []),
    ],
)
def test_built_dirs_map_the_workdir_of_a_build_back_to_the_context(
    text: str, built: list[str]
) -> None:
    [stage] = of_kind(parse(text), NodeKind.DOCKER_STAGE)
    assert stage.get("built_dirs") == built


@pytest.mark.parametrize(
    ("run", "packages"),
    [
        ("npx -q turbo@2.10.0 prune --scope=webapp --docker", ["webapp"]),
        ("turbo prune web --docker", ["web"]),
        ("turbo prune api --docker && turbo prune --scope worker", ["api", "worker"]),
        # one package of an image that may hold several (a multi-target Dockerfile)
        ("pnpm --filter=@acme/api deploy /dist/api --prod", []),
        ("pnpm install --frozen-lockfile", []),
    ],
)
def test_run_lines_name_the_workspace_packages_they_prune_to(run: str, packages: list[str]) -> None:
    result = parse(f"FROM node:20\nRUN {run}\n")
    (stage,) = of_kind(result, NodeKind.DOCKER_STAGE)
    assert stage.get("prunes_to") == sorted(packages)


@pytest.mark.parametrize(
    ("run", "builds"),
    [
        ("npm run build", True),
        ("pnpm --filter web build", True),
        ("yarn build:prod", True),
        ("npx vite build --outDir /out", True),
        ("npm ci", False),
        ("pip install .", False),
    ],
)
def test_a_run_line_that_builds_a_javascript_bundle(run: str, builds: bool) -> None:
    facts = by_id(parse(f"FROM node:20\nRUN {run}\n"))
    assert facts[f"{PATH}#stage[0]"].get("runs_js_build") is builds
