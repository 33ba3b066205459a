"""Prisma schemas and Prisma Migrate: one unit per ``*.prisma`` file, with the migrations folder
next to it (``migrations/migration_lock.toml`` read, ``migrations/*/migration.sql`` counted from
the discovered paths, never listed on disk).

Facts:

- ``prisma_schema`` (id ``<path>#prisma``): the datasource's provider and url (``env("X")`` or a
  literal), the generators' providers, the models' names.
- ``connection_url`` (id ``<path>#datasource/<name>``, origin ``prisma``) at the ``provider``
  line: scheme and dialect are the provider (``postgresql``, ``mysql``, ``sqlite``,
  ``mongodb``...); ``env`` names the variable the url is read from.
- ``model`` (id ``<path>#model/<name>``, orm ``prisma``): fields, their database columns
  (``@map``) and the table (``@@map``).
- ``migration_setup`` (tool ``prisma``, id ``<path>#migrations``) for the schema that holds the
  datasource: the migrations folder, how many migrations it has, the lock file's provider.

Relations: file -has-> each of them (the schema file's ``file`` fact), prisma_schema -has-> the
models and the datasource.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.parsers.base import ParseUnit, Selector, SourceFile
from archlint.parsers.javascript.prisma_schema import read_schema

_VERSION = "2"
_LOCK_PROVIDER = re.compile(r'^\s*provider\s*=\s*"([^"]*)"', re.MULTILINE)
_CREDENTIALS = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s]*:[^/@\s]*@", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"(?i)(johndoe|randompassword|user:pass(word)?@|<[a-z_]+>|\$\{)")


class PrismaParser:
    name = "prisma"
    version = _VERSION
    selector = Selector(suffixes=(".prisma",))

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        units = []
        for path in paths:
            if not path.endswith(".prisma"):
                continue
            folder = posixpath.join(posixpath.dirname(path), "migrations")
            lock = f"{folder}/migration_lock.toml"
            migrations = frozenset(p for p in paths if _is_migration(p, folder))
            inputs = (path, lock) if lock in paths else (path,)
            units.append(ParseUnit(self.name, path, path, inputs, probes=migrations))
        return units

    def parse_unit(self, unit: ParseUnit, sources: Mapping[str, SourceFile]) -> ParseResult:
        source = sources[unit.anchor]
        schema = read_schema(source.text)
        path = source.path
        file_id = f"file:{path}"
        schema_id = f"{path}#prisma"
        facts: list[Fact] = []
        relations: list[Relation] = [Relation(file_id, schema_id, EdgeKind.HAS)]
        diagnostics = [Diagnostic(source.loc(line), f"prisma: {m}") for line, m in schema.problems]
        datasource = next((b for b in schema.blocks if b.kind == "datasource"), None)
        provider = datasource.pairs.get("provider") if datasource else None
        url = datasource.pairs.get("url") if datasource else None
        models = [b for b in schema.blocks if b.kind in ("model", "view")]
        for model in models:
            model_id = f"{path}#model/{model.name}"
            attrs: dict[str, object] = {
                "name": model.name,
                "orm": "prisma",
                "table": model.table,
                "fields": [name for name, _, _ in model.fields],
                "columns": [column for _, column, _ in model.fields],
                "language": "prisma",
            }
            facts.append(Fact(model_id, NodeKind.MODEL, source.loc(model.line), attrs))
            relations += [Relation(schema_id, model_id, EdgeKind.HAS)]
        if datasource is not None and provider is not None and provider.string is not None:
            scheme = "postgresql" if provider.string == "postgres" else provider.string
            literal = url.string if url is not None else None
            url_id = f"{path}#datasource/{datasource.name}"
            attrs = {
                "scheme": scheme,
                "dialect": scheme,
                "driver": None,
                "has_credentials": bool(literal and _CREDENTIALS.match(literal)),
                "placeholder": bool(literal and _PLACEHOLDER.search(literal)),
                "origin": "prisma",
                "setting": None,
                "env": url.env if url is not None else None,
                "language": "prisma",
            }
            where = source.loc(provider.line, provider.column)
            facts.append(Fact(url_id, NodeKind.CONNECTION_URL, where, attrs))
            relations.append(Relation(schema_id, url_id, EdgeKind.HAS))
        if datasource is not None:
            folder = posixpath.join(posixpath.dirname(path), "migrations")
            lock = sources.get(f"{folder}/migration_lock.toml")
            found = _LOCK_PROVIDER.search(lock.text) if lock is not None else None
            setup_id = f"{path}#migrations"
            attrs = {
                "tool": "prisma",
                "script_location": folder,
                "env_file": None,
                "target_metadata": False,
                "revisions": len(unit.probes),
                "provider": found.group(1) if found else None,
            }
            where = lock.loc() if lock is not None else source.loc(datasource.line)
            facts.append(Fact(setup_id, NodeKind.MIGRATION_SETUP, where, attrs))
            relations.append(Relation(file_id, setup_id, EdgeKind.HAS))
        generators = [b.pairs.get("provider") for b in schema.blocks if b.kind == "generator"]
        attrs = {
            "provider": provider.string if provider is not None else None,
            "url_env": url.env if url is not None else None,
            "url_literal": url is not None and url.string is not None,
            "generators": sorted(g.string for g in generators if g is not None and g.string),
            "models": [m.name for m in models],
        }
        facts.append(Fact(schema_id, NodeKind.PRISMA_SCHEMA, source.loc(), attrs))
        return ParseResult(
            tuple(sorted(facts, key=Fact.sort_key)), tuple(relations), tuple(sorted(diagnostics))
        )


def _is_migration(path: str, folder: str) -> bool:
    if not path.startswith(folder + "/") or not path.endswith("/migration.sql"):
        return False
    return path[len(folder) + 1 :].count("/") == 1
