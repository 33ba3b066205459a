"""``archlint graph``: the fact graph, or the architecture picture drawn from it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from archlint import app
from archlint.cli.common import EXIT_OK, checked_root, config_options, write
from archlint.config import load_config


@click.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False))
@config_options
def graph(path: Path, fmt: str, output: Path | None, config_path: Path | None, debug: bool) -> int:
    """Dump the fact graph of PATH (nodes and edges, see docs/facts.md)."""
    root = checked_root(path)
    scan = app.build_graph(root, load_config(root, config_path), debug=debug)
    write(json.dumps(scan.graph.to_dict(), indent=2, sort_keys=True) + "\n", output)
    return EXIT_OK
