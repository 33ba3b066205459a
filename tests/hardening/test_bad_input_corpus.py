"""The bad-input corpus: one repository full of odd files next to good ones, one named case each.

archlint finishes; each bad file is reported with its path, the line where known and a one-line
reason — the same in text, JSON and SARIF tool execution notifications; what is odd but valid
(other encodings, anchors, heredocs, a directory named ``Dockerfile``) is read and gives its facts;
what must not be followed is left out with a reason; every finding of the good files is kept.
One run writes all three formats (``-o``), so the cases cost one scan.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from archlint.app import build_graph
from archlint.cli import main
from archlint.config import Config
from archlint.domain.facts import NodeKind
from archlint.domain.graph import FactGraph

GOOD_FINDINGS = {
    ("PRT002", "api/Dockerfile", 3),  # EXPOSE 9999 of a FastAPI service
    ("DB001", "docker-compose.yml", 6),  # mysql next to the broken files
    ("DB001", "compose-extensions/docker-compose.yml", 3),  # its image comes in by a merge key
}

CHART = b"apiVersion: v2\nname: orders\nversion: 0.1.0\n"
VALUES = b"image:\n  repository: orders\n  tag: 1.0.0\n"
CONFIG_MAP = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orders\ndata:\n"

TERRAFORM = b"""\
locals {
  subnets = { for name, cidr in var.subnets : name => cidr if cidr != "" }
  names   = [for s in var.services : upper(s)]
}

variable "subnets" {
  type    = map(string)
  default = { app = "10.0.1.0/24" }
}

variable "services" {
  type    = list(string)
  default = ["api", "worker"]
}

resource "azurerm_resource_group" "rg" {
  name     = "rg-orders"
  location = "westeurope"
  tags = {
    note = <<-EOT
      Owned by the orders team.
      ${var.services[0]} runs here.
    EOT
  }
}

resource "azurerm_network_security_group" "nsg" {
  name                = "nsg-orders"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name

  dynamic "security_rule" {
    for_each = local.subnets
    content {
      name                   = security_rule.key
      priority               = 100
      direction              = "Inbound"
      access                 = "Allow"
      protocol               = "Tcp"
      source_address_prefix  = security_rule.value
      destination_port_range = "443"
    }
  }
}
"""

# syntax one Python minor version newer than the one running the tests
NEWER_SYNTAX = {
    (3, 11): b'"""Types."""\n\ntype Point = tuple[float, float]\n',  # PEP 695, 3.12
    (3, 12): b'"""Types."""\n\ndef f[T = int](x: T) -> T:\n    return x\n',  # PEP 696, 3.13
    (3, 13): b'"""Templates."""\n\nname = "x"\ngreeting = t"hello {name}"\n',  # PEP 750, 3.14
}


def facts_at(kind: NodeKind, path: str, **attrs: Any) -> Callable[[FactGraph], bool]:
    """The graph holds a ``kind`` fact at ``path`` with ``attrs`` (a callable checks the value)."""

    def found(graph: FactGraph) -> bool:
        return any(
            f.location.path == path
            and all(v(f.get(k)) if callable(v) else f.get(k) == v for k, v in attrs.items())
            for f in graph.facts(kind)
        )

    return found


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, bytes]
    # the diagnostic: (path, line, words in the one-line reason); None: the files are valid
    reported: tuple[str, int, str] | None = None
    # for a valid case: what its files must have given
    gives: Callable[[FactGraph], bool] | None = field(default=None, compare=False)


def _empty(name: str, path: str, reported: str | None = None) -> Case:
    return Case(f"empty-{name}", {path: b""}, (path, 1, reported) if reported else None)


CASES = [
    # -- encodings and bytes -------------------------------------------------------------------
    Case(
        "latin-1",
        {"latin1/.env": "caf\u00e9=1\n".encode("latin-1")},
        ("latin1/.env", 1, "not UTF-8 text (byte 0xe9 at offset 3)"),
    ),
    Case(
        "utf-16-bom",
        {"utf16/.env": "TOKEN=${TOKEN}\n".encode("utf-16")},
        gives=facts_at(NodeKind.ENV_VAR, "utf16/.env", name="TOKEN"),
    ),
    Case(
        "utf-8-bom-and-crlf",
        {
            "bom-crlf/Dockerfile": b"\xef\xbb\xbfFROM python:3.12 AS b\r\nFROM python:3.12-slim\r\n"
            b"COPY --from=b /a /a\r\n"
        },
        gives=facts_at(NodeKind.DOCKER_STAGE, "bom-crlf/Dockerfile", name="b"),
    ),
    Case(
        "nul-bytes-dockerfile",
        {"binary/Dockerfile": b"FROM a\x00\x00\x01\n"},
        ("binary/Dockerfile", 1, "binary content, not text (NUL byte at offset 6)"),
    ),
    Case(
        "nul-bytes-python",
        {"binary-py/main.py": b"import os\n\x00\x01\x02"},
        ("binary-py/main.py", 1, "binary content, not text (NUL byte at offset 10)"),
    ),
    Case(
        # git's rule: a NUL past the first 8,000 bytes is a character of a text file
        "nul-in-a-late-ts-string",
        {
            "late-nul/src/worker.ts": b"// padding\n" * 800
            + b'export const RESULT_MARK = "\x00RESULT\x00";\n'
        },
        gives=facts_at(NodeKind.SOURCE_MODULE, "late-nul/src/worker.ts"),
    ),
    # -- malformed files, one per format ----------------------------------------------------
    Case(
        "yaml-malformed",
        {
            "bad-yaml/docker-compose.yml": b'services:\n  api:\n    ports: ["8000:8000"\n'
            b"  db:\n    image: postgres:17\n"
        },
        ("bad-yaml/docker-compose.yml", 3, "the flow sequence opened on line 3 is not closed"),
    ),
    Case(
        "yaml-ends-inside-a-bracket",
        {"eof-yaml/docker-compose.yml": b"services:\n  api:\n    ports: [\n"},
        ("eof-yaml/docker-compose.yml", 3, "the flow sequence opened on line 3 is not closed"),
    ),
    Case(
        "toml-malformed",
        {"bad-toml/pyproject.toml": b"[project\nname = 'x'\n"},
        ("bad-toml/pyproject.toml", 1, "invalid TOML"),
    ),
    Case(
        "json-malformed",
        {"bad-json/package.json": b'{"name": "x",,}'},
        ("bad-json/package.json", 1, "invalid JSON"),
    ),
    Case(
        "hcl-malformed",
        {
            "bad-hcl/main.tf": b'resource "azurerm_resource_group" "rg" {\n  name     = "rg"\n'
            b"  location = \n}\n"
        },
        ("bad-hcl/main.tf", 3, "invalid HCL"),
    ),
    Case(
        "dockerfile-malformed",
        {"bad-docker/Dockerfile": b"# syntax=docker/dockerfile:1\nRUN make\n"},
        ("bad-docker/Dockerfile", 1, "no FROM instruction"),
    ),
    Case(
        "python-malformed",
        {"bad-py/app.py": b'"""App."""\n\n\ndef handler(:\n    return 1\n'},
        ("bad-py/app.py", 4, "not valid Python"),
    ),
    Case(
        # tree-sitter recovers around syntax errors; they are counted, and what follows is read
        "typescript-malformed",
        {
            "bad-ts/package.json": b'{"name": "bad-ts", "dependencies": {"express": "4"}}\n',
            "bad-ts/src/app.ts": b"import express from 'express'\n\nconst app = express(\n"
            b"app.get('/health', (req, res) => {\n  res.send({ ok: true \n})\n\n"
            b"export const port = 3000\n",
        },
        gives=facts_at(
            NodeKind.SOURCE_MODULE, "bad-ts/src/app.ts", syntax_errors=lambda n: n and n > 0
        ),
    ),
    Case(
        "python-newer-syntax",
        {"newer-py/types.py": NEWER_SYNTAX.get(sys.version_info[:2], b"")},
        (
            "newer-py/types.py",
            3 if sys.version_info[:2] in NEWER_SYNTAX else 1,
            f"not valid Python {sys.version_info.major}.{sys.version_info.minor}",
        )
        if sys.version_info[:2] in NEWER_SYNTAX
        else None,
    ),
    # -- nesting, size, expansion ------------------------------------------------------------
    Case(
        "python-10000-deep-parentheses",
        {"deep-py/parens.py": b"VALUE = " + b"(" * 10_000 + b"1" + b")" * 10_000 + b"\n"},
        ("deep-py/parens.py", 1, "too many nested parentheses"),
    ),
    Case(
        "python-10000-term-expression",
        {"deep-py2/chain.py": b"TOTAL = " + b"1 + " * 10_000 + b"1\n"},
        ("deep-py2/chain.py", 1, "nested too deeply for Python"),
    ),
    Case(
        "json-10000-deep",
        {"deep-json/package.json": b'{"name": "deep", "config": ' + b"[" * 10_000 + b"]" * 10_000},
        ("deep-json/package.json", 1, "nested more than 200 levels deep (limits: max-nesting)"),
    ),
    Case(
        "angular-json-10000-deep",
        {"deep-ng/angular.json": b'{"projects": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"},
        ("deep-ng/angular.json", 1, "nested more than 200 levels deep (limits: max-nesting)"),
    ),
    Case(
        "tsconfig-10000-deep",
        {
            "deep-ts/tsconfig.json": b'{\n  // comments are fine\n  "x": '
            + b"{}" * 3
            + b"[" * 10_000
        },
        ("deep-ts/tsconfig.json", 3, "nested more than 200 levels deep (limits: max-nesting)"),
    ),
    Case(
        "terraform-10000-deep",
        {"deep-tf/main.tf": b"locals {\n  x = " + b"[" * 10_000 + b"]" * 10_000 + b"\n}\n"},
        ("deep-tf/main.tf", 2, "nested more than 200 levels deep (limits: max-nesting)"),
    ),
    Case(
        # within the limit: evaluated the same from any caller's stack depth
        "terraform-199-deep-object",
        {"deep-tf2/main.tf": b"locals {\n  y = " + b"{a = " * 199 + b"1" + b"}" * 199 + b"\n}\n"},
        gives=facts_at(NodeKind.TF_LOCAL, "deep-tf2/main.tf", name="y"),
    ),
    Case(
        "yaml-10000-deep-flow",
        {"deep-yaml/docker-compose.yml": b"services: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"},
        ("deep-yaml/docker-compose.yml", 1, "nesting depth"),
    ),
    Case(
        "yaml-deep-block",
        {
            "deep-yaml2/docker-compose.yml": b"services:\n"
            + b"".join(b"  " * (i + 1) + b"k%d:\n" % i for i in range(300))
        },
        (
            "deep-yaml2/docker-compose.yml",
            201,
            "nested more than 200 levels deep (limits: max-nesting)",
        ),
    ),
    Case(
        "yaml-alias-bomb",
        {
            "bomb/docker-compose.yml": b"x: &a [y, y, y, y, y, y, y, y, y, y]\n"
            + b"".join(
                f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n".encode()
                for p, n in zip("abcdefg", "bcdefgh", strict=True)
            )
            + b"services: {}\n"
        },
        ("bomb/docker-compose.yml", 1, "alias bomb? limits: max-yaml-values"),
    ),
    Case(
        "file-of-50-mb",
        {"big/Dockerfile": b"FROM a\nRUN echo " + b"x" * (50 * 2**20) + b"\n"},
        ("big/Dockerfile", 1, "over the 8,388,608-byte limit"),
    ),
    Case(
        "very-long-lines",
        {
            "long/requirements.txt": b"fastapi  # " + b"x" * 200_000 + b"\n",
            "long/Dockerfile": b"FROM python:3.12-slim\nRUN echo " + b"y" * 1_000_000 + b"\n",
        },
        gives=facts_at(NodeKind.DEPENDENCY, "long/requirements.txt", name="fastapi"),
    ),
    # -- Go templates ---------------------------------------------------------------------------
    Case(
        "helm-unknown-function",
        {
            "chart-fn/Chart.yaml": CHART,
            "chart-fn/values.yaml": VALUES,
            "chart-fn/templates/cm.yaml": CONFIG_MAP
            + b"  name: {{ .Values.image.repository | frobnicate }}\n",
        },
        ("chart-fn/templates/cm.yaml", 6, "function 'frobnicate' is not supported"),
    ),
    Case(
        "helm-unclosed-action",
        {
            "chart-if/Chart.yaml": CHART,
            "chart-if/values.yaml": VALUES,
            "chart-if/templates/cm.yaml": CONFIG_MAP
            + b"{{- if .Values.image.tag }}\n  tag: {{ .Values.image.tag }}\n",
        },
        ("chart-if/templates/cm.yaml", 6, "the {{if}} on line 6 is not closed"),
    ),
    Case(
        "helm-include-of-itself",
        {
            "chart-rec/Chart.yaml": CHART,
            "chart-rec/templates/_helpers.tpl": b'{{- define "orders.name" -}}\n'
            b'{{ include "orders.name" . }}\n{{- end }}\n',
            "chart-rec/templates/cm.yaml": CONFIG_MAP + b'  name: {{ include "orders.name" . }}\n',
        },
        (
            "chart-rec/templates/_helpers.tpl",
            2,
            'template "orders.name" nests deeper than 100 levels (limits: max-template-depth)',
        ),
    ),
    Case(
        "helm-endless-until",
        {
            "chart-until/Chart.yaml": CHART,
            "chart-until/templates/cm.yaml": CONFIG_MAP
            + b"{{- range $i := until 1000000000 }}\n  k{{ $i }}: v\n{{- end }}\n",
        },
        (
            "chart-until/templates/cm.yaml",
            6,
            "until: builds more than 100,000 items (limits: max-range-items)",
        ),
    ),
    Case(
        "helm-endless-untilstep",
        {
            "chart-step/Chart.yaml": CHART,
            "chart-step/templates/cm.yaml": CONFIG_MAP
            + b"{{- range untilStep 0 1000000000000 1 }}\n  k: v\n{{- end }}\n",
        },
        (
            "chart-step/templates/cm.yaml",
            6,
            "untilStep: builds more than 100,000 items (limits: max-range-items)",
        ),
    ),
    Case(
        "helm-huge-output",
        {
            "chart-huge/Chart.yaml": CHART,
            "chart-huge/templates/cm.yaml": CONFIG_MAP
            + b'{{- range until 90000 }}\n  k{{ . }}: {{ repeat 200 "abcdefgh" | quote }}\n'
            b"{{- end }}\n",
        },
        (
            "chart-huge/templates/cm.yaml",
            7,
            "renders more than 16,777,216 bytes (limits: max-render-bytes)",
        ),
    ),
    # -- odd but valid ------------------------------------------------------------------------
    Case(
        "terraform-heredoc-dynamic-for",
        {"infra/main.tf": TERRAFORM},
        gives=facts_at(
            NodeKind.TF_RESOURCE, "infra/main.tf", type="azurerm_network_security_group"
        ),
    ),
    Case(
        "compose-extensions",
        {
            "compose-extensions/docker-compose.yml": b"x-common: &common\n"
            b"  restart: unless-stopped\n  image: mysql:8.4\n  x-owner: data-team\n\n"
            b"services:\n  db:\n    <<: *common\n    frobnicate: true\n    environment:\n"
            b"      MYSQL_DATABASE: orders\nfrobnicate: yes\n"
        },
        gives=facts_at(
            NodeKind.COMPOSE_SERVICE, "compose-extensions/docker-compose.yml", name="db"
        ),
    ),
    Case(
        "directory-named-dockerfile",
        {"odd/Dockerfile/README.md": b"# not a Dockerfile\n"},
    ),
    # -- an empty file for every parser --------------------------------------------------------
    _empty("alembic", "empty/alembic/alembic.ini", "no script_location"),
    _empty("angular-json", "empty/angular/angular.json", "empty file"),
    _empty("ci-tools", "empty/ci/.pre-commit-config.yaml"),
    _empty("compose", "empty/compose/docker-compose.yml"),
    _empty("dockerfile", "empty/docker/Dockerfile", "no FROM instruction"),
    _empty("dotenv", "empty/env/.env"),
    _empty("eslintrc", "empty/eslint/.eslintrc.json"),
    _empty("js-source", "empty/js/vite.config.ts"),
    _empty("package-json", "empty/pkg/package.json", "empty file"),
    _empty("prisma", "empty/prisma/prisma/schema.prisma"),
    _empty("pnpm-workspace", "empty/pnpm/pnpm-workspace.yaml"),
    _empty("procfile", "empty/proc/Procfile"),
    _empty("pyproject", "empty/py/pyproject.toml"),
    _empty("python-source", "empty/pysrc/main.py"),
    _empty("requirements", "empty/req/requirements.txt"),
    _empty("tsconfig", "empty/ts/tsconfig.json"),
    _empty("terraform", "empty/tf/main.tf"),
    _empty("helm", "empty/helm/Chart.yaml", "Chart.yaml must be a mapping"),
    _empty("kubernetes", "empty/k8s/deploy/deployment.yaml"),
    _empty("kustomize", "empty/kustomize/kustomization.yaml"),
    _empty("cargo", "empty/rust/Cargo.toml"),
    _empty("composer", "empty/php/composer.json", "invalid JSON"),
    _empty("csproj", "empty/dotnet/Api.csproj", "invalid XML: no element found"),
    _empty("gemfile", "empty/ruby/Gemfile"),
    _empty("go-mod", "empty/go/go.mod"),
    _empty("gradle", "empty/gradle/build.gradle"),
    _empty("maven", "empty/jvm/pom.xml", "invalid XML: no element found"),
    # -- other ecosystems: XML is never expanded nor fetched --------------------------------
    Case(
        "xml-entity-bomb",
        {
            "jvm/pom.xml": b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(f'<!ENTITY lol{i} "{"&lol;" * 10}">'.encode() for i in range(1, 9))
            + b"]>\n<project>&lol8;</project>\n"
        },
        ("jvm/pom.xml", 2, "document type declaration (<!DOCTYPE>) is not read"),
    ),
    Case(
        "xml-external-dtd",
        {
            "dotnet/Api.csproj": b'<!DOCTYPE Project SYSTEM "http://example.invalid/x.dtd">\n'
            b'<Project Sdk="Microsoft.NET.Sdk.Web"/>\n'
        },
        ("dotnet/Api.csproj", 1, "document type declaration (<!DOCTYPE>) is not read"),
    ),
    Case(
        "toml-10000-deep",
        {
            "deep-toml/Cargo.toml": b'[package]\nname = "x"\nv = '
            + b"[" * 5000
            + b"]" * 5000
            + b"\n"
        },
        ("deep-toml/Cargo.toml", 3, "nested more than 200 levels deep (limits: max-nesting)"),
    ),
    Case(
        "composer-10000-deep",
        {
            "deep-php/composer.json": b'{"name": "x/y", "require": '
            + b"[" * 10000
            + b"]" * 10000
            + b"}"
        },
        ("deep-php/composer.json", 1, "nested more than 200 levels deep (limits: max-nesting)"),
    ),
    Case(
        "cargo-malformed",
        {"rust/Cargo.toml": b"[package\nname = 'x'\n"},
        ("rust/Cargo.toml", 1, "invalid TOML"),
    ),
    Case(
        "go-mod-unknown-directive",
        {"go/go.mod": b"module example.com/x\n\nrequire example.com/y v1.0.0\nnot a directive\n"},
        ("go/go.mod", 4, "unknown directive 'not'"),
    ),
]


def corpus(root: Path) -> Path:
    files: dict[str, bytes] = {
        "api/pyproject.toml": b'[project]\nname = "api"\ndependencies = ["fastapi"]\n',
        "api/Dockerfile": b"FROM python:3.12 AS build\nFROM python:3.12-slim\nEXPOSE 9999\n"
        b"COPY --from=build /a /a\n",
        "docker-compose.yml": b"services:\n  api:\n    build: ./api\n"
        b"  db:\n    x-note: legacy\n    image: mysql:8.4\n",
    }
    for case in CASES:
        files.update(case.files)
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    # a symlink loop, a symlink out of the repository
    os.symlink("loop_b", root / "loop_a")
    os.symlink("loop_a", root / "loop_b")
    os.symlink("/etc/hostname", root / "api" / "requirements.txt")
    return root


@dataclass(frozen=True)
class Outputs:
    code: int
    json: dict[str, Any]
    text: str
    sarif: dict[str, Any]
    graph: FactGraph
    github: str


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    root = corpus(tmp_path_factory.mktemp("corpus"))
    reports = tmp_path_factory.mktemp("reports")
    argv = ["check", str(root), "--format", "json", "--fail-on", "never"]
    argv += ["-o", f"text:{reports / 'r.txt'}", "-o", f"sarif:{reports / 'r.sarif'}"]
    argv += ["-o", f"github:{reports / 'r.github'}"]
    stdout = io.StringIO()
    with (
        contextlib.chdir(root),  # the text report shows paths from the current directory
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        code = main(argv)
    return Outputs(
        code,
        json.loads(stdout.getvalue()),
        (reports / "r.txt").read_text("utf-8"),
        json.loads((reports / "r.sarif").read_text("utf-8")),
        build_graph(root, Config()).graph,
        (reports / "r.github").read_text("utf-8"),
    )


def parse_findings(out: Outputs) -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for f in out.json["findings"]:
        if f["rule_id"] == "PARSE001":
            found.setdefault(f["location"]["path"], []).append(
                (f["location"]["line"], f["message"])
            )
    return found


def notifications(out: Outputs) -> list[tuple[str, int | None, str]]:
    notes = out.sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    return [
        (
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            n["locations"][0]["physicalLocation"].get("region", {}).get("startLine"),
            n["message"]["text"],
        )
        for n in notes
        if n.get("locations")
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_is_reported_the_same_in_every_format(out: Outputs, case: Case) -> None:
    folders = {name.rpartition("/")[0] + "/" for name in case.files}
    parse = parse_findings(out)
    mine = {p: v for p, v in parse.items() if any(p.startswith(f) for f in folders)}
    if case.reported is None:
        assert mine == {}, f"{case.name}: valid files reported: {mine}"
        if case.gives is not None:
            assert case.gives(out.graph), f"{case.name}: its facts are missing"
        return
    path, line, words = case.reported
    assert list(mine) == [path], f"{case.name}: {mine}"
    matching = [m for at, m in mine[path] if at == line and words in m]
    assert len(matching) == 1, f"{case.name}: expected line {line} {words!r}, got {mine[path]}"
    message = matching[0]
    assert "\n" not in message  # one line
    # the text report's line for it, and the SARIF notification
    assert any(
        t.startswith(f"{path}:{line}:") and "PARSE001" in t and words in t
        for t in out.text.splitlines()
    ), f"{case.name}: not in the text report"
    assert (path, line, message) in notifications(out), f"{case.name}: not in SARIF"


def test_every_good_finding_is_kept_and_the_run_finishes(out: Outputs) -> None:
    assert out.code == 0
    found = {
        (f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in out.json["findings"]
    }
    assert found >= GOOD_FINDINGS
    # nothing is an internal error: every problem is an input problem with a reason
    assert not [m for v in parse_findings(out).values() for _, m in v if "internal error" in m]


def test_what_is_not_followed_is_listed_with_a_reason(out: Outputs) -> None:
    skipped = {s["path"]: s["reason"] for s in out.json["skipped"]}
    assert skipped == {
        "api/requirements.txt": "symlink points outside the root",
        "loop_a": "symlink loop",
        "loop_b": "symlink loop",
    }
    assert "not scanned: api/requirements.txt: symlink points outside the root" in out.text
    assert ("loop_a", 1, "not scanned: symlink loop") in notifications(out)


def test_a_typescript_file_read_in_part_is_listed_at_the_place_it_breaks(out: Outputs) -> None:
    """tree-sitter recovers around a syntax error, so it is no PARSE001 (the grammars also fail
    on valid TypeScript they lag behind): the file is listed as partly read, at the unclosed
    call of line 3, in all three formats, and the rest of it is read."""
    [entry] = [e for e in out.json["partly_read"] if e["location"]["path"] == "bad-ts/src/app.ts"]
    assert entry["location"] == {"path": "bad-ts/src/app.ts", "line": 3, "column": 1}
    message = entry["message"]
    assert message.startswith("partly read: cannot read `const app = express(`")
    assert f"note: bad-ts/src/app.ts:3:1: {message}" in out.text.splitlines()
    assert ("bad-ts/src/app.ts", 3, message) in notifications(out)
    assert "::notice file=bad-ts/src/app.ts,line=3,title=archlint::partly read: " in out.github
    # the export after the broken call is still read
    assert facts_at(NodeKind.SETTING, "bad-ts/src/app.ts", name="port", value=3000)(out.graph)


def test_reruns_are_byte_identical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus(tmp_path)
    runs = []
    for _ in range(2):
        main(["check", str(root), "--format", "sarif", "--fail-on", "never"])
        runs.append(capsys.readouterr().out)
    assert runs[0] == runs[1]


def test_limits_set_in_the_config_are_the_ones_hit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "shop"\ndependencies = ["fastapi"]\n'
        "[tool.archlint.limits]\nmax-nesting = 5\nmax-range-items = 10\nmax-template-depth = 3\n"
        "max-yaml-values = 50\nmax-render-bytes = 500\n",
        "utf-8",
    )
    files = {
        "deep/docker-compose.yml": "services:\n  a:\n    labels: {b: {c: {d: {e: {f: 1}}}}}\n",
        "deep/package.json": '{"name": "deep", "a": [[[[[[1]]]]]]}\n',
        "wide/docker-compose.yml": "services:\n  a:\n    environment: ["
        + ", ".join(f"K{i}=v" for i in range(60))
        + "]\n",
        "chart/Chart.yaml": CHART.decode(),
        "chart/templates/_h.tpl": '{{- define "n" -}}{{ include "n" . }}{{- end }}\n',
        "chart/templates/a.yaml": CONFIG_MAP.decode()
        + "{{- range until 20 }}\n  k: v\n{{- end }}\n",
        "chart/templates/b.yaml": CONFIG_MAP.decode() + '  n: {{ include "n" . }}\n',
        "chart/templates/c.yaml": CONFIG_MAP.decode() + '  n: {{ repeat 100 "abcdefgh" }}\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    assert main(["check", str(tmp_path), "--format", "json", "--fail-on", "never"]) == 0
    found = {
        (f["location"]["path"], f["location"]["line"], f["message"])
        for f in json.loads(capsys.readouterr().out)["findings"]
        if f["rule_id"] == "PARSE001"
    }
    assert found == {
        (
            "deep/docker-compose.yml",
            3,
            "invalid YAML: nested more than 5 levels deep (limits: max-nesting)",
        ),
        ("deep/package.json", 1, "nested more than 5 levels deep (limits: max-nesting)"),
        (
            "wide/docker-compose.yml",
            3,
            "invalid YAML: more than 50 values once aliases are expanded "
            "(an alias bomb? limits: max-yaml-values)",
        ),
        (
            "chart/templates/a.yaml",
            6,
            "helm template not rendered: until: builds more than 10 items (limits: max-range-items)",
        ),
        (
            "chart/templates/_h.tpl",
            1,
            'helm template not rendered: template "n" nests deeper than 3 levels '
            "(limits: max-template-depth)",
        ),
        (
            "chart/templates/c.yaml",
            6,
            "helm template not rendered: repeat: builds more than 500 bytes "
            "(limits: max-render-bytes)",
        ),
    }
