"""What the commands share: config options, the checked root, colour, writing a report."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from archlint.errors import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def config_options(fn: Any) -> Any:
    fn = click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path),
        help="archlint.toml or pyproject.toml to use.",
    )(fn)
    fn = click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")(fn)
    return fn


def checked_root(path: Path) -> Path:
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    if not path.is_dir():
        raise UsageError(f"{path}: archlint checks a directory (a repository root)")
    return path


def ids(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(v.strip().upper() for v in value.split(",") if v.strip())


def use_color(stream: TextIO | None = None) -> bool:
    """Colour on a terminal; https://no-color.org's NO_COLOR (present, not empty) turns it off
    and https://force-color.org's FORCE_COLOR turns it on where stdout is not a terminal (CI)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return (stream or sys.stdout).isatty()


def write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the report ({exc.strerror})") from None


def say(message: str, *, quiet: bool = False) -> None:
    """A remark about the run on stderr (the report itself goes to stdout or a file)."""
    if not quiet:
        click.echo(message, err=True)
