from __future__ import annotations

import textwrap
from typing import Any

import pytest

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.knowledge import load_servers
from archlint.parsers.base import SourceFile
from archlint.parsers.common.images import image_attrs
from archlint.parsers.common.interpolation import interpolate, parse_dotenv
from archlint.parsers.docker.compose import ComposeParser
from archlint.parsers.docker.compose_ports import parse_expose_entry, parse_port_entry


def parse(files: dict[str, str], path: str = "compose.yaml") -> ParseResult:
    """The result of the unit ``path`` heads, given ``files`` as the repository; nothing when
    ``path`` heads no unit (an override another project consumed)."""
    files = {k: textwrap.dedent(v) for k, v in files.items()}
    parser = ComposeParser(load_servers())
    for unit in parser.units(sorted(files)):
        if unit.anchor == path:
            sources = {p: SourceFile(p, files[p]) for p in unit.inputs if p in files}
            return parser.parse_unit(unit, sources)
    return ParseResult()


def one(text: str, path: str = "compose.yaml") -> ParseResult:
    return parse({path: text}, path)


def of_kind(result: ParseResult, kind: NodeKind) -> list[Fact]:
    return [f for f in result.facts if f.kind == kind]


def ports(result: ParseResult, scope: str | None = None) -> list[tuple[Any, ...]]:
    return [
        (f.get("scope"), f.get("number"), f.get("protocol"), f.get("host_ip"))
        for f in of_kind(result, NodeKind.PORT)
        if scope is None or f.get("scope") == scope
    ]


def by_id(result: ParseResult, suffix: str) -> Fact:
    (fact,) = [f for f in result.facts if f.id.endswith(suffix)]
    return fact


# -- matching --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("compose.yaml", True),
        ("compose.yml", True),
        ("docker-compose.yaml", True),
        ("a/b/docker-compose.yml", True),
        ("docker-compose.prod.yml", True),
        ("compose.override.yaml", True),
        ("deploy/compose.staging.yaml", True),
        ("docker-compose-dev.yml", True),
        ("docker-compose_ci.yaml", True),
        ("compose-dev.yml", False),
        ("compose.json", False),
        ("my-compose.yml", True),
        ("docker/dev-compose.yml", True),
        ("compose-dev.yaml", False),
        ("docker-compose.txt", False),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert ComposeParser(load_servers()).selector.matches(path) is expected


# -- ports -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ('"8000"', [("container", 8000, "tcp", None)]),
        ("8000", [("container", 8000, "tcp", None)]),
        ('"8000:80"', [("container", 80, "tcp", None), ("published", 8000, "tcp", None)]),
        ("8000:80", [("container", 80, "tcp", None), ("published", 8000, "tcp", None)]),
        ("22:22", [("container", 22, "tcp", None), ("published", 22, "tcp", None)]),
        (
            '"127.0.0.1:8000:80"',
            [("container", 80, "tcp", "127.0.0.1"), ("published", 8000, "tcp", "127.0.0.1")],
        ),
        ('"[::1]:8000:80"', [("container", 80, "tcp", "::1"), ("published", 8000, "tcp", "::1")]),
        ('"8000/udp"', [("container", 8000, "udp", None)]),
        ('"127.0.0.1::80"', [("container", 80, "tcp", "127.0.0.1")]),
        (
            '"9090-9091:8080-8081/tcp"',
            [
                ("container", 8080, "tcp", None),
                ("container", 8081, "tcp", None),
                ("published", 9090, "tcp", None),
                ("published", 9091, "tcp", None),
            ],
        ),
        (
            "{target: 80, published: '8000-8001', host_ip: 0.0.0.0, protocol: udp, mode: host}",
            [
                ("container", 80, "udp", "0.0.0.0"),
                ("published", 8000, "udp", "0.0.0.0"),
                ("published", 8001, "udp", "0.0.0.0"),
            ],
        ),
        ("{target: 80}", [("container", 80, "tcp", None)]),
        (
            "{target: 80, published: 8080}",
            [("container", 80, "tcp", None), ("published", 8080, "tcp", None)],
        ),
    ],
)
def test_port_syntax(entry: str, expected: list[tuple[Any, ...]]) -> None:
    result = one(f"services:\n  api:\n    image: x\n    ports:\n      - {entry}\n")
    assert sorted(ports(result)) == sorted(expected)
    assert result.diagnostics == ()


def test_port_range_expands_with_stable_ids() -> None:
    result = one('services:\n  api:\n    ports: ["8000-8010:8000-8010"]\n')
    published = sorted(
        f.id for f in of_kind(result, NodeKind.PORT) if f.get("scope") == "published"
    )
    assert len(published) == 11
    assert "compose:compose.yaml/services/api/ports[0]/published:8005" in published


def test_port_attrs_and_location() -> None:
    result = one('services:\n  api:\n    ports:\n      - "80"\n      - "8000:8000"\n')
    fact = by_id(result, "/services/api/ports[1]/published:8000")
    assert dict(fact.attrs) == {
        "number": 8000,
        "protocol": "tcp",
        "scope": "published",
        "source": "compose-published",
        "artifact": "compose.yaml",
        "merge_order": 0,
        "profiles": [],
        "host_ip": None,
        "service": "api",
        "project": "compose:compose.yaml",
    }
    assert (fact.location.path, fact.location.line, fact.location.column) == ("compose.yaml", 5, 9)
    assert by_id(result, "ports[1]/container:8000").get("source") == "compose-target"
    svc = "compose:compose.yaml/services/api"
    assert Relation(svc, fact.id, EdgeKind.HAS) in result.relations


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('"abc"', "services.api.ports[1]: cannot parse port 'abc'"),
        ('"1-2000:1-2000"', "more than 1024 ports"),
        ('"8000-8001:80-82"', "differ in size"),
        ('"80/xyz"', "unknown protocol 'xyz'"),
        ('"70000:80"', "out of range"),
        ("{published: 80}", "has no target"),
    ],
)
def test_bad_port_is_a_diagnostic_and_the_rest_still_parses(entry: str, message: str) -> None:
    text = f'services:\n  api:\n    image: nginx\n    ports:\n      - "80"\n      - {entry}\n'
    result = one(text)
    (diag,) = result.diagnostics
    assert message in diag.message
    assert (diag.location.path, diag.location.line) == ("compose.yaml", 6)
    assert ("container", 80, "tcp", None) in ports(result)
    assert of_kind(result, NodeKind.IMAGE)


def test_expose() -> None:
    result = one('services:\n  api:\n    expose: ["3000", 4000, "5000/udp"]\n')
    facts = of_kind(result, NodeKind.PORT)
    assert {(f.get("number"), f.get("protocol"), f.get("source")) for f in facts} == {
        (3000, "tcp", "compose-expose"),
        (4000, "tcp", "compose-expose"),
        (5000, "udp", "compose-expose"),
    }
    assert all(f.get("scope") == "container" for f in facts)


@pytest.mark.parametrize("value", [True, None, "1:2:x", ["x"]])
def test_port_entry_never_raises(value: Any) -> None:
    assert parse_port_entry(value).error
    assert parse_expose_entry(value).error or value is None


# -- interpolation ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "missing", "errors"),
    [
        ("${A}", "1", (), ()),
        ("$A-x", "1-x", (), ()),
        ("${NOPE}", "${NOPE}", ("NOPE",), ()),
        ("$NOPE", "$NOPE", ("NOPE",), ()),
        ("${NOPE:-8}", "8", (), ()),
        ("${NOPE-8}", "8", (), ()),
        ("${EMPTY:-8}", "8", (), ()),
        ("${EMPTY-8}", "", (), ()),
        ("${A:+alt}", "alt", (), ()),
        ("${NOPE:+alt}", "", (), ()),
        ("${EMPTY+alt}", "alt", (), ()),
        ("${A:?need A}", "1", (), ()),
        (
            "${NOPE:?need it}",
            "${NOPE:?need it}",
            ("NOPE",),
            (),
        ),
        ("${EMPTY?e}", "", (), ()),
        ("$$A and $${A}", "$A and ${A}", (), ()),
        ("${NOPE:-${A}}", "1", (), ()),
        ("${1bad}", "${1bad}", (), ("invalid interpolation format for '${1bad}'",)),
        ("cost $5", "cost $5", (), ()),
    ],
)
def test_interpolate(
    text: str, value: str, missing: tuple[str, ...], errors: tuple[str, ...]
) -> None:
    result = interpolate(text, {"A": "1", "EMPTY": ""})
    assert (result.value, result.missing, result.errors) == (value, missing, errors)


def test_parse_dotenv() -> None:
    env = parse_dotenv(
        "# c\nexport A=1\nB = \"two words\" \nC='lit $A'\nD=x # note\nE=${A}2\nbad line\n\n"
    )
    assert env == {"A": "1", "B": "two words", "C": "lit $A", "D": "x", "E": "12"}


def test_interpolation_uses_dotenv_and_defaults() -> None:
    result = parse(
        {
            "compose.yaml": """\
                services:
                  api:
                    image: "app:${TAG}"
                    ports:
                      - "${PORT}:${INNER:-80}"
                    environment:
                      MODE: ${MODE:-dev}
            """,
            ".env": "TAG=1.2\nPORT=9000\n",
        }
    )
    assert ("published", 9000, "tcp", None) in ports(result)
    assert ("container", 80, "tcp", None) in ports(result)
    assert by_id(result, "/image").get("tag") == "1.2"
    assert by_id(result, "/environment/MODE").get("value") == "dev"
    assert result.diagnostics == ()


def test_unset_variable_gives_no_number() -> None:
    result = one('services:\n  api:\n    ports: ["${PORT}:80", "${P2}"]\n')
    assert ports(result) == [("container", 80, "tcp", None)]
    # set at deploy time: unknown here, which is not an input error
    assert result.diagnostics == ()


def test_required_variable_is_left_unresolved_without_error() -> None:
    # compose.deploy.yml files use ${DOMAIN:?...} for values only the deploy environment sets;
    # archlint never reads the process environment, so this is "unknown", not a parse error
    result = one("services:\n  api:\n    image: ${IMG:?set IMG please}\n")
    assert result.diagnostics == ()
    (svc,) = of_kind(result, NodeKind.COMPOSE_SERVICE)
    assert svc.get("image") == "${IMG:?set IMG please}"


# -- projects and merging --------------------------------------------------------------------------
BASE = """\
services:
  api:
    image: app
    command: uvicorn app:app --port 8000
    ports:
      - "8000:8000"
    environment:
      A: "1"
      B: "2"
  db:
    image: postgres:16
"""
OVERRIDE = """\
services:
  api:
    command: ["gunicorn", "-b", "0.0.0.0:9000", "app:app"]
    ports:
      - "8000:8000"
      - "9000:9000"
    environment:
      - B=3
      - C
"""


def test_override_merges_into_base() -> None:
    files = {"compose.yaml": BASE, "compose.override.yaml": OVERRIDE}
    result = parse(files)
    pid = "compose:compose.yaml+compose.override.yaml"
    project = by_id(result, pid)
    assert project.get("files") == ["compose.yaml", "compose.override.yaml"]
    assert project.get("name") == "root" and project.get("dir") == ""
    new_port = by_id(result, "ports[1]/published:9000")
    assert (new_port.location.path, new_port.location.line) == ("compose.override.yaml", 6)
    assert new_port.get("artifact") == "compose.override.yaml"
    dup = by_id(result, "ports[0]/published:8000")
    assert dup.location.path == "compose.override.yaml"
    api = by_id(result, "/services/api")
    assert api.get("command") == ["gunicorn", "-b", "0.0.0.0:9000", "app:app"]
    assert api.location.path == "compose.yaml"
    cmd = by_id(result, "/services/api/command")
    assert cmd.get("origin") == "compose-command" and cmd.location.path == "compose.override.yaml"
    listen = [f for f in of_kind(result, NodeKind.PORT) if f.get("scope") == "listen"]
    assert [f.get("number") for f in listen] == [9000]
    env = {f.get("name"): f.get("value") for f in of_kind(result, NodeKind.ENV_VAR)}
    assert env == {"A": "1", "B": "3", "C": None}
    assert by_id(result, "/environment/B").location.path == "compose.override.yaml"
    assert by_id(result, "/environment/A").location.path == "compose.yaml"
    # the override alone yields nothing: the base consumed it
    assert parse(files, "compose.override.yaml") == ParseResult()


def test_variant_is_base_plus_variant_without_override() -> None:
    files = {
        "docker-compose.yml": BASE,
        "docker-compose.override.yml": OVERRIDE,
        "docker-compose.prod.yml": "services:\n  api:\n    ports: ['443:8443']\n",
    }
    result = parse(files, "docker-compose.prod.yml")
    assert by_id(result, "compose:docker-compose.yml+docker-compose.prod.yml").get("files") == [
        "docker-compose.yml",
        "docker-compose.prod.yml",
    ]
    assert sorted(n for s, n, *_ in ports(result) if s == "published") == [443, 8000]
    # the base's own project includes the default override
    base = parse(files, "docker-compose.yml")
    assert by_id(base, "compose:docker-compose.yml+docker-compose.override.yml")


@pytest.mark.parametrize("path", ["compose.prod.yaml", "docker-compose.override.yml"])
def test_variant_or_override_without_base_is_its_own_project(path: str) -> None:
    result = one("services:\n  web:\n    image: nginx\n", path)
    assert by_id(result, f"compose:{path}").get("files") == [path]
    assert of_kind(result, NodeKind.COMPOSE_SERVICE)


def test_diagnostics_of_a_variant_project_stay_in_the_variant() -> None:
    files = {
        "compose.yaml": "services:\n  api:\n    ports: ['abc']\n",
        "compose.prod.yaml": "services:\n  api:\n    ports: ['xyz']\n",
    }
    result = parse(files, "compose.prod.yaml")
    assert [d.location.path for d in result.diagnostics] == ["compose.prod.yaml"]


def test_override_with_yaml_error_is_reported_by_the_base() -> None:
    files = {"compose.yaml": BASE, "compose.override.yaml": "services:\n  api: [\n"}
    result = parse(files)
    (diag,) = result.diagnostics
    assert diag.location.path == "compose.override.yaml"
    assert of_kind(result, NodeKind.COMPOSE_SERVICE)


def test_merge_rules_for_volumes_labels_and_healthcheck() -> None:
    files = {
        "compose.yaml": """\
            services:
              api:
                volumes: ["./a:/data", "/logs"]
                labels: [x=1]
                healthcheck: {test: [CMD, a], interval: 5s}
                dns: [1.1.1.1]
        """,
        "compose.override.yml": """\
            services:
              api:
                volumes: ["./b:/data"]
                labels: {y: "2"}
                healthcheck: {test: [CMD, b]}
                dns: [8.8.8.8]
        """,
    }
    from archlint.formats.yamlpos import load
    from archlint.parsers.common.interpolation import to_nodes
    from archlint.parsers.docker.compose_merge import merge_top, normalize

    trees = []
    for path, text in files.items():
        text = textwrap.dedent(text)
        tree = to_nodes(load(text), path, text, {}, [])
        normalize(tree)
        trees.append(tree)
    api = merge_top(trees[0], trees[1]).plain()["services"]["api"]
    assert api["volumes"] == ["./b:/data", "/logs"]
    assert api["labels"] == {"x": "1", "y": "2"}
    assert api["healthcheck"] == {"test": ["CMD", "b"], "interval": "5s"}
    assert api["dns"] == ["1.1.1.1", "8.8.8.8"]


def test_project_name_and_dir() -> None:
    result = one("name: shop\nservices: {}\n", "deploy/compose.yml")
    assert dict(by_id(result, "compose:deploy/compose.yml").attrs) == {
        "name": "shop",
        "files": ["deploy/compose.yml"],
        "dir": "deploy",
    }
    assert by_id(one("services: {}\n", "My App/compose.yml"), "compose.yml").get("name") == "myapp"


# -- services --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "build", "context", "dockerfile", "outside"),
    [
        ("compose.yaml", ".", "", "Dockerfile", False),
        ("compose.yaml", "./api", "api", "api/Dockerfile", False),
        ("ops/compose.yaml", ".", "ops", "ops/Dockerfile", False),
        ("ops/compose.yaml", "..", "", "Dockerfile", False),
        (
            "ops/compose.yaml",
            "{context: ../web, dockerfile: docker/Dev.Dockerfile}",
            "web",
            "web/docker/Dev.Dockerfile",
            False,
        ),
        (
            "ops/compose.yaml",
            "{dockerfile: Dockerfile.prod, target: runtime}",
            "ops",
            "ops/Dockerfile.prod",
            False,
        ),
        ("compose.yaml", "../sibling", "../sibling", "../sibling/Dockerfile", True),
        ("compose.yaml", "{context: ., dockerfile_inline: 'FROM x'}", "", None, False),
    ],
)
def test_build_context(
    path: str, build: str, context: str, dockerfile: str | None, outside: bool
) -> None:
    result = one(f"services:\n  api:\n    build: {build}\n", path)
    svc = by_id(result, "/services/api")
    assert svc.get("build_context") == context
    assert svc.get("dockerfile") == dockerfile
    assert svc.get("build_outside_root") is outside


def test_service_attrs() -> None:
    result = one(
        """\
        services:
          api:
            image: ghcr.io/acme/api:1.0
            build: {context: ., target: runtime}
            entrypoint: ["/entry.sh"]
            profiles: [dev]
            env_file: [.env.api, {path: ./x.env, required: false}]
        """,
        "svc/compose.yaml",
    )
    svc = by_id(result, "/services/api")
    assert dict(svc.attrs) == {
        "name": "api",
        "project": "compose:svc/compose.yaml",
        "image": "ghcr.io/acme/api:1.0",
        "build_context": "svc",
        "build_outside_root": False,
        "dockerfile": "svc/Dockerfile",
        "build_target": "runtime",
        "command": None,
        "entrypoint": ["/entry.sh"],
        "profiles": ["dev"],
        "env_files": ["svc/.env.api", "svc/x.env"],
        "mounts": [],
    }
    assert (svc.location.line, svc.location.column) == (2, 3)
    assert by_id(result, "/entrypoint").get("origin") == "compose-entrypoint"
    assert Relation(svc.id, svc.id + "/image", EdgeKind.USES_IMAGE) in result.relations
    assert Relation("compose:svc/compose.yaml", svc.id, EdgeKind.HAS) in result.relations


@pytest.mark.parametrize(
    ("ref", "name", "registry", "tag", "digest"),
    [
        ("nginx", "nginx", None, None, None),
        ("postgres:16", "postgres", None, "16", None),
        ("docker.io/library/redis:7", "redis", None, "7", None),
        ("ghcr.io/acme/api:1.0", "acme/api", "ghcr.io", "1.0", None),
        ("localhost:5000/app", "app", "localhost:5000", None, None),
        ("acme/app@sha256:abc", "acme/app", None, None, "sha256:abc"),
    ],
)
def test_image_attrs(
    ref: str, name: str, registry: str | None, tag: str | None, digest: str | None
) -> None:
    assert image_attrs(ref) == {
        "ref": ref,
        "name": name,
        "registry": registry,
        "tag": tag,
        "digest": digest,
    }


def test_environment_list_and_map_forms() -> None:
    result = one(
        """\
        services:
          a:
            environment: [X=1, "Y=a=b", Z]
          b:
            environment:
              DEBUG: yes
              V: 1.10
              N:
        """
    )
    env = {
        (f.get("service"), f.get("name")): f.get("value") for f in of_kind(result, NodeKind.ENV_VAR)
    }
    assert env == {
        ("a", "X"): "1",
        ("a", "Y"): "a=b",
        ("a", "Z"): None,
        ("b", "DEBUG"): "yes",
        ("b", "V"): "1.10",
        ("b", "N"): None,
    }
    assert all(f.get("source") == "compose-environment" for f in of_kind(result, NodeKind.ENV_VAR))


def test_environment_raw_is_the_value_before_interpolation() -> None:
    result = parse(
        {
            "compose.yaml": """\
                x-common: &common
                  environment: ["SHARED=$${ESCAPED}"]
                services:
                  a:
                    <<: *common
                  b:
                    environment: ["PASSWORD=${DB_PASSWORD}", "URL=db://${USER}@h", BARE]
                  c:
                    environment:
                      TOKEN: ${TOKEN:-dev}
                      PORT: 8000
            """,
            ".env": "DB_PASSWORD=s3cret\nUSER=app\n",
        }
    )
    raw = {
        (f.get("service"), f.get("name")): (f.get("value"), f.get("raw"))
        for f in of_kind(result, NodeKind.ENV_VAR)
    }
    assert raw == {
        ("a", "SHARED"): ("${ESCAPED}", "$${ESCAPED}"),
        ("b", "PASSWORD"): ("s3cret", "${DB_PASSWORD}"),
        ("b", "URL"): ("db://app@h", "db://${USER}@h"),
        ("b", "BARE"): (None, None),
        ("c", "TOKEN"): ("dev", "${TOKEN:-dev}"),
        ("c", "PORT"): ("8000", "8000"),
    }


@pytest.mark.parametrize(
    "deps",
    ["[db, cache]", "{db: {condition: service_healthy}, cache: {condition: service_started}}"],
)
def test_depends_on(deps: str) -> None:
    result = one(f"services:\n  api:\n    depends_on: {deps}\n  db: {{}}\n  cache:\n")
    edges = {
        (r.source.rsplit("/", 1)[-1], r.target.rsplit("/", 1)[-1])
        for r in result.relations
        if r.kind == EdgeKind.DEPENDS_ON
    }
    assert edges == {("api", "db"), ("api", "cache")}
    assert result.diagnostics == ()


def test_depends_on_unknown_service() -> None:
    result = one("services:\n  api:\n    depends_on:\n      - db\n      - ghost\n  db: {}\n")
    (diag,) = result.diagnostics
    assert "'ghost'" in diag.message and "services.api.depends_on[1]" in diag.message
    assert diag.location.line == 5
    optional = one("services:\n  api:\n    depends_on: {ghost: {required: false}}\n")
    assert optional.diagnostics == ()


# -- errors ----------------------------------------------------------------------------------------
def test_malformed_yaml() -> None:
    result = one("services:\n  api:\n    image: [unclosed\n  db: x\n")
    assert result.facts == ()
    (diag,) = result.diagnostics
    assert diag.location.path == "compose.yaml" and diag.location.line >= 3
    assert diag.message.startswith("invalid YAML")


@pytest.mark.parametrize(
    ("text", "message", "services"),
    [
        ("- a\n- b\n", "the top level of a compose file must be a mapping", 0),
        ("services: [a]\n", "services: must be a mapping", 0),
        ("services:\n  a: 5\n  b: {image: x}\n", "services.a: must be a mapping", 1),
    ],
)
def test_shape_errors(text: str, message: str, services: int) -> None:
    result = one(text)
    assert [d.message for d in result.diagnostics] == [message]
    assert len(of_kind(result, NodeKind.COMPOSE_SERVICE)) == services


def test_empty_file_and_null_service() -> None:
    assert by_id(one(""), "compose:compose.yaml").get("name") == "root"
    result = one("services:\n  a:\n")
    assert by_id(result, "/services/a").get("image") is None


def test_output_is_sorted_and_ids_have_no_line_numbers() -> None:
    result = parse({"compose.yaml": BASE, "compose.override.yaml": OVERRIDE})
    assert list(result.facts) == sorted(result.facts, key=Fact.sort_key)
    assert len({f.id for f in result.facts}) == len(result.facts)
    moved = parse({"compose.yaml": "\n\n" + BASE, "compose.override.yaml": OVERRIDE})
    assert sorted(f.id for f in moved.facts) == sorted(f.id for f in result.facts)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('"[::1]8000:80"', "cannot parse port '[::1]8000:80'"),
        ('"80:"', "cannot parse port '80:'"),
        ("{target: 80, protocol: icmp}", "unknown protocol 'icmp'"),
        ('"${A"', "invalid interpolation format"),
    ],
)
def test_more_bad_ports(entry: str, message: str) -> None:
    diagnostics = one(f"services:\n  api:\n    ports:\n      - {entry}\n").diagnostics
    assert any(message in d.message and d.location.line == 4 for d in diagnostics)


def test_long_syntax_with_unset_published() -> None:
    result = one("services:\n  api:\n    ports:\n      - {target: 80, published: '${P}'}\n")
    assert ports(result) == [("container", 80, "tcp", None)]
    assert result.diagnostics == ()


def test_bad_expose_protocol() -> None:
    (diag,) = one("services:\n  api:\n    expose: ['80/bogus']\n").diagnostics
    assert "services.api.expose[0]: unknown protocol 'bogus'" in diag.message


def test_second_base_in_a_dir_is_its_own_project() -> None:
    files = {"compose.yaml": BASE, "docker-compose.yml": BASE, "compose.override.yaml": OVERRIDE}
    result = parse(files, "docker-compose.yml")
    assert by_id(result, "compose:docker-compose.yml").get("files") == ["docker-compose.yml"]


def test_top_level_sections_merge_and_remote_builds() -> None:
    files = {
        "compose.yaml": "x-common: {a: 1}\nservices:\n  api:\n    build: https://github.com/a/b.git\n",
        "compose.override.yaml": "x-common: {b: 2}\nvolumes: {data: {}}\nservices:\n"
        "  api:\n    build: {dockerfile: /abs/Dockerfile}\n    env_file: .env.local\n",
    }
    result = parse(files)
    svc = by_id(result, "/services/api")
    assert svc.get("build_context") == "https://github.com/a/b.git"
    assert svc.get("dockerfile") is None
    assert svc.get("env_files") == [".env.local"]
    local = one("services:\n  api:\n    build: {context: sub, dockerfile: /abs/Dockerfile}\n")
    assert by_id(local, "/services/api").get("dockerfile") == "/abs/Dockerfile"


@pytest.mark.parametrize(
    "text",
    [
        "services:\n  api:\n    ports:\n      - 1342\n      - 22:22\n",
        "x: &p {ports: [22:22]}\nservices:\n  api:\n    <<: *p\n",
    ],
)
def test_yaml11_sexagesimal_ports_read_as_compose_does(text: str) -> None:
    published = [n for s, n, *_ in ports(one(text)) if s == "published"]
    assert published == [22]


def test_dash_variant_is_layered_on_its_base() -> None:
    files = {"docker-compose.yml": BASE, "docker-compose-dev.yml": OVERRIDE}
    result = parse(files, "docker-compose-dev.yml")
    project = by_id(result, "compose:docker-compose.yml+docker-compose-dev.yml")
    assert project.get("files") == ["docker-compose.yml", "docker-compose-dev.yml"]


@pytest.mark.parametrize(
    ("service", "message"),
    [
        ("environment: 1", "services.api.environment: expected a mapping or a list of KEY=VALUE"),
        ("ports: 8000", "services.api.ports: expected a list"),
        ("expose: {a: 1}", "services.api.expose: expected a list"),
        ("profiles: dev", "services.api.profiles: expected a list"),
    ],
)
def test_wrong_shapes_are_diagnostics_and_the_service_is_still_read(
    service: str, message: str
) -> None:
    result = one(f"services:\n  api:\n    image: app:1\n    {service}\n")
    (diag,) = result.diagnostics
    assert diag.message == message and diag.location.line == 4
    (svc,) = of_kind(result, NodeKind.COMPOSE_SERVICE)
    assert svc.get("image") == "app:1"


def test_bind_mounts_are_recorded_as_repository_paths() -> None:
    files = {
        "dev/docker/docker-compose.yml": (
            "services:\n  api:\n    image: x\n    volumes:\n"
            "      - ../../server:/app/server:cached\n"
            "      - cache:/root/.cache\n"
            "      - {type: bind, source: ../../dev, target: /app/dev}\n"
            "      - /var/run/docker.sock:/var/run/docker.sock\n"
        )
    }
    result = parse(files, "dev/docker/docker-compose.yml")
    (svc,) = of_kind(result, NodeKind.COMPOSE_SERVICE)
    # named volumes and paths outside the repository are no repository folders
    assert svc.get("mounts") == ["dev", "server"]


@pytest.mark.parametrize(
    ("entry", "mirrors"), [('"9000:9000"', True), ('"9090:8000"', False), ('"8000"', False)]
)
def test_target_port_knows_when_it_mirrors_the_published_one(entry: str, mirrors: bool) -> None:
    result = one(f"services:\n  api:\n    ports:\n      - {entry}\n")
    (target,) = [f for f in of_kind(result, NodeKind.PORT) if f.get("scope") == "container"]
    assert target.get("mirrors_published") is mirrors


def test_a_variant_sharing_no_service_with_the_base_is_its_own_project() -> None:
    files = {
        "docker-compose.yml": BASE,
        "docker-compose.ci.yml": "services:\n  api-e2e:\n    image: app\n    ports: ['8000:8000']\n",
    }
    result = parse(files, "docker-compose.ci.yml")
    (project,) = of_kind(result, NodeKind.COMPOSE_PROJECT)
    assert project.get("files") == ["docker-compose.ci.yml"]


def test_an_input_that_could_not_be_read_is_left_out_of_the_merge() -> None:
    parser = ComposeParser(load_servers())
    files = {"compose.yaml": BASE, "compose.override.yaml": OVERRIDE}
    (unit,) = parser.units(sorted(files))
    assert unit.inputs[:3] == ("compose.yaml", "compose.override.yaml", ".env")
    result = parser.parse_unit(unit, {"compose.yaml": SourceFile("compose.yaml", BASE)})
    # still the project of both files (the override's read failure is reported by the app)
    assert by_id(result, "compose:compose.yaml+compose.override.yaml")
    assert {f.location.path for f in result.facts} == {"compose.yaml"}


def test_a_non_ascii_digit_is_not_a_port() -> None:
    """Found by the property test: "²".isdigit() is true, int("²") raises."""
    result = one("services:\n  a:\n    ports: ['²']\n")
    assert any("cannot parse port" in d.message for d in result.diagnostics)
