"""Connection URLs in code: which strings are database or broker URLs, and their parts.

Values are never kept (URLs carry passwords): only the scheme, its dialect and driver, and
whether credentials are embedded or the URL is a template's placeholder.
"""

from __future__ import annotations

import re
from typing import Any

# schemes of databases, caches and brokers (SQLAlchemy ``dialect+driver``, Celery, Redis...)
DIALECTS = frozenset(
    {
        "postgresql",
        "postgres",
        "pgsql",
        "cockroachdb",
        "sqlite",
        "sqlite3",
        "mysql",
        "mariadb",
        "mssql",
        "sqlserver",
        "oracle",
        "mongodb",
        "mongodb+srv",
        "redis",
        "rediss",
        "valkey",
        "amqp",
        "amqps",
        "pyamqp",
        "sqs",
        "kafka",
        "nats",
        "memcached",
        "cassandra",
        "couchdb",
        "neo4j",
        "clickhouse",
        "driver",  # Alembic's template (driver://user:pass@localhost/dbname): a placeholder
    }
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_CREDENTIALS = re.compile(r"^[^/@\s]+://[^/@\s:]*:[^/@\s]+@")
_PLACEHOLDER = re.compile(r"(?i)^driver://|user:pass(word)?@localhost/dbname|<[^>]+>|\{\{")


def url_attrs(text: str, complete: bool) -> dict[str, Any] | None:
    """The parts of a connection URL, or None when ``text`` is no such URL."""
    match = _SCHEME.match(text)
    if match is None:
        return None
    scheme = match.group(1).lower()
    dialect, _, driver = scheme.partition("+")
    if scheme in DIALECTS:  # mongodb+srv is a scheme of its own, not a driver
        dialect, driver = scheme, ""
    if dialect not in DIALECTS:
        return None
    return {
        "scheme": scheme,
        "dialect": dialect,
        "driver": driver or None,
        "has_credentials": complete and bool(_CREDENTIALS.match(text)),
        "placeholder": bool(_PLACEHOLDER.search(text)),
    }
