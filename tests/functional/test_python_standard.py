"""A FastAPI service that follows the whole Python half of the standard gets no finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PYTHON_RULES = (
    "PY001,PY002,PY003,PY004,PY005,DB001,DB002,DB003,PRT002,SEC001,SEC006,"
    "AUTH001,AUTH002,AUTH003,AUTH004,AUTH005,AUTH006,AUTH007,OBS001,OBS002,OBS003,OBS004,OBS005,"
    "SEC003,SEC004"
)


def test_the_standard_service_has_no_python_finding(run: Any, samples: Path) -> None:
    result = run("check", samples / "python-standard", "--format", "json", "--select", PYTHON_RULES)
    assert result.findings() == []
    assert result.code == 0


def test_each_break_is_found_once_at_its_line(run: Any, sample_copy: Any) -> None:
    root: Path = sample_copy("python-standard")
    config = root / "app" / "core" / "config.py"
    config.write_text(
        config.read_text("utf-8").replace(
            "ACCESS_TOKEN_EXPIRE_MINUTES: int = 15",
            "ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8",
        ),
        "utf-8",
    )
    logging_py = root / "app" / "core" / "logging.py"
    logging_py.write_text(
        logging_py.read_text("utf-8").replace("JSONRenderer()", "KeyValueRenderer()"), "utf-8"
    )
    db = root / "app" / "db.py"
    text = db.read_text("utf-8").replace("pool_size=10, max_overflow=5", "poolclass=NullPool")
    db.write_text("from sqlalchemy.pool import NullPool\n" + text, "utf-8")
    result = run("check", root, "--format", "json", "--select", PYTHON_RULES)
    assert result.findings() == [
        ("AUTH003", "app/core/config.py", 10),
        ("DB003", "app/db.py", 6),
        ("OBS001", "pyproject.toml", 1),
    ]
