from __future__ import annotations

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult
from archlint.parsers.base import SourceFile
from archlint.parsers.javascript.prisma import PrismaParser

SCHEMA = """// the app's schema
generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["driverAdapters"]
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL") // set by the deploy
}

/// a tenant's user
model User {
  id       String @id @default(uuid())
  tenantId String @map("tenant_id")
  email    String @unique // "quoted // not a comment"
  posts    Post[]

  @@unique([tenantId, email])
  @@map("users")
}

enum Role {
  ADMIN
  MEMBER
}
"""


def run(files: dict[str, str]) -> list[ParseResult]:
    parser = PrismaParser()
    paths = sorted(files)
    return [
        parser.parse_unit(u, {p: SourceFile(p, files[p]) for p in u.inputs})
        for u in parser.units(paths)
    ]


def of(result: ParseResult, kind: NodeKind) -> list[Fact]:
    return [f for f in result.facts if f.kind is kind]


def test_schema_models_datasource_and_migrations() -> None:
    [result] = run(
        {
            "api/prisma/schema.prisma": SCHEMA,
            "api/prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
            "api/prisma/migrations/20240101_init/migration.sql": "CREATE TABLE x ();\n",
            "api/prisma/migrations/20240201_users/migration.sql": "ALTER TABLE x;\n",
            "api/prisma/migrations/notes/deep/migration.sql": "",
            "api/src/main.ts": "",
        }
    )
    assert result.diagnostics == ()
    [schema] = of(result, NodeKind.PRISMA_SCHEMA)
    assert schema.attrs == {
        "provider": "postgresql",
        "url_env": "DATABASE_URL",
        "url_literal": False,
        "generators": ["prisma-client-js"],
        "models": ["User"],
    }
    [model] = of(result, NodeKind.MODEL)
    assert (model.location.line, model.get("table")) == (13, "users")
    assert model.get("fields") == ["id", "tenantId", "email", "posts"]
    assert model.get("columns") == ["id", "tenant_id", "email", "posts"]
    [url] = of(result, NodeKind.CONNECTION_URL)
    assert (url.location.line, url.location.column) == (8, 14)
    assert (url.get("dialect"), url.get("env"), url.get("origin")) == (
        "postgresql",
        "DATABASE_URL",
        "prisma",
    )
    [setup] = of(result, NodeKind.MIGRATION_SETUP)
    assert setup.location.path == "api/prisma/migrations/migration_lock.toml"
    assert (setup.get("revisions"), setup.get("provider")) == (2, "postgresql")
    assert ("file:api/prisma/schema.prisma", setup.id, EdgeKind.HAS) in {
        (r.source, r.target, r.kind) for r in result.relations
    }


def test_literal_urls_and_no_migrations() -> None:
    text = 'datasource db {\n  provider = "mysql"\n  url = "mysql://root:hunter2@localhost:3306/app"\n}\n'
    [result] = run({"prisma/schema.prisma": text})
    [url] = of(result, NodeKind.CONNECTION_URL)
    assert (url.get("dialect"), url.get("has_credentials"), url.get("env")) == ("mysql", True, None)
    [setup] = of(result, NodeKind.MIGRATION_SETUP)
    assert (setup.location.path, setup.location.line, setup.get("revisions")) == (
        "prisma/schema.prisma",
        1,
        0,
    )
    assert setup.get("provider") is None


def test_a_schema_part_without_datasource_has_no_migration_setup() -> None:
    [result] = run({"prisma/schema/user.prisma": "model User {\n  id Int @id\n}\n"})
    assert of(result, NodeKind.MIGRATION_SETUP) == []
    assert of(result, NodeKind.CONNECTION_URL) == []
    assert [m.get("name") for m in of(result, NodeKind.MODEL)] == ["User"]


def test_bad_lines_are_diagnostics_and_the_rest_is_read() -> None:
    text = 'oops\ndatasource db {\n  provider "postgresql"\n}\nmodel A {\n  ???\n  id Int @id\n'
    [result] = run({"schema.prisma": text})
    assert [(d.location.line, d.message) for d in result.diagnostics] == [
        (1, "prisma: expected a block, not 'oops'"),
        (3, "prisma: expected `key = value` in datasource"),
        (5, "prisma: model A is not closed"),
        (6, "prisma: expected a field in model A"),
    ]
    [model] = of(result, NodeKind.MODEL)
    assert model.get("fields") == ["id"]


def test_block_comments_are_skipped_and_lines_keep_their_numbers() -> None:
    text = (
        "/**\n * Error groups\n */\nmodel ErrorGroupState {\n  id String @id\n"
        "  /**\n   * Error was ignored at this date\n   */\n  ignoredAt DateTime?\n"
        "  /* why */ ignoredReason String?\n  ???\n}\n"
    )
    [result] = run({"schema.prisma": text})
    assert [(d.location.line, d.message) for d in result.diagnostics] == [
        (11, "prisma: expected a field in model ErrorGroupState")
    ]
    [model] = of(result, NodeKind.MODEL)
    assert model.get("fields") == ["id", "ignoredAt", "ignoredReason"]
