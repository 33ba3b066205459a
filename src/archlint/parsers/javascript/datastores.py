"""Databases named in TS/JS code: the ``type`` of TypeORM options (``new DataSource({ type:
'mysql' })``, ``TypeOrmModule.forRoot({...})``), Sequelize's ``dialect``, and database URLs
written as string literals (``mongoose.connect('mongodb://...')``, a constant). Each one is a
``connection_url``; the URL itself is never kept (it may carry a password)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archlint.domain.facts import Fact, NodeKind
from archlint.parsers.javascript.facts import FactSink
from archlint.parsers.javascript.syntax import object_arg
from archlint.parsers.javascript.walker import Walker

if TYPE_CHECKING:
    from tree_sitter import Node

# the call (by qualified name) and the option of its first object argument that names the engine
_OPTIONS = {
    "typeorm.DataSource": "type",
    "typeorm.createConnection": "type",
    "@nestjs/typeorm.TypeOrmModule.forRoot": "type",
    "sequelize.Sequelize": "dialect",
    "@sequelize/core.Sequelize": "dialect",
    "@mikro-orm/core.MikroORM.init": "type",
}
_URL = re.compile(
    r"^(?P<scheme>(?P<dialect>postgres|postgresql|mysql|mariadb|mongodb|mongodb\+srv|sqlite|"
    r"mssql|sqlserver|redis|rediss|amqp|amqps|cockroachdb)(?:\+(?P<driver>[a-z0-9_]+))?)://"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_CREDENTIALS = re.compile(r"^[^/@\s]*:[^/@\s]*@")
_PLACEHOLDER = re.compile(r"(?i)(user:pass(word)?@|<[a-z_]+>|johndoe|\$\{)")


def extract(sink: FactSink, walker: Walker) -> None:
    module = walker.module
    for call in walker.calls:
        option = _OPTIONS.get(call.qualname)
        args = call.node.child_by_field_name("arguments")
        arg_nodes = args.named_children if args is not None else []
        if option is not None:
            first = next((a for a in arg_nodes if a.type == "object"), None)
            node = object_arg(module, first).get(option)
            value = module.value(node) if node is not None else None
            if isinstance(value, str) and node is not None and value:
                engine = value.lower()
                _add(sink, node, engine, engine.split("+")[0], None, False, False, "config")
        for node in arg_nodes:
            _literal_url(sink, node, module.value(node))
    for fact in list(sink.facts):
        if fact.kind is NodeKind.SETTING and isinstance(fact.get("value"), str):
            found = _URL.match(fact.get("value"))
            if found is not None:
                _url_fact(sink, found, fact)


def _literal_url(sink: FactSink, node: Node, value: object) -> None:
    if not isinstance(value, str):
        return
    found = _URL.match(value)
    if found is None:
        return
    dialect = found.group("dialect").lower()
    rest = found.group("rest")
    has_credentials = bool(_CREDENTIALS.match(rest))
    placeholder = bool(_PLACEHOLDER.search(value))
    scheme, driver = found.group("scheme").lower(), found.group("driver")
    _add(sink, node, scheme, _dialect(dialect), driver, has_credentials, placeholder, "literal")


def _url_fact(sink: FactSink, found: re.Match[str], setting: Fact) -> None:
    """A setting whose value is a database URL: the URL is a fact of its own, at the setting."""
    rest = found.group("rest")
    attrs = {
        "scheme": found.group("scheme").lower(),
        "dialect": _dialect(found.group("dialect").lower()),
        "driver": found.group("driver"),
        "has_credentials": bool(_CREDENTIALS.match(rest)),
        "placeholder": bool(_PLACEHOLDER.search(found.group(0))),
        "origin": "setting",
        "setting": setting.get("name"),
        "env": setting.get("env"),
        "language": sink.language,
    }
    fact_id = f"{setting.id}/url"
    sink.facts.append(Fact(fact_id, NodeKind.CONNECTION_URL, setting.location, attrs))


def _dialect(dialect: str) -> str:
    return {"postgres": "postgresql", "mongodb+srv": "mongodb"}.get(dialect, dialect)


def _add(
    sink: FactSink,
    node: Node,
    scheme: str,
    dialect: str,
    driver: str | None,
    has_credentials: bool,
    placeholder: bool,
    origin: str,
) -> None:
    attrs = {
        "scheme": scheme,
        "dialect": _dialect(dialect),
        "driver": driver,
        "has_credentials": has_credentials,
        "placeholder": placeholder,
        "origin": origin,
        "setting": None,
        "env": None,
    }
    sink.add(NodeKind.CONNECTION_URL, f"connection/{scheme}", node, attrs)
