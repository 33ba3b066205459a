"""``archlint graph``: the fact graph (json), or the architecture picture drawn from it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from archlint import app
from archlint.cli.common import EXIT_OK, checked_root, config_options, write
from archlint.config import load_config
from archlint.errors import UsageError
from archlint.reporters.graph.render import GRAPH_FORMATS
from archlint.reporters.graph.view import UnknownComponent, architecture


@click.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", *sorted(GRAPH_FORMATS)]),
    default="json",
    show_default=True,
    help="json: every fact and edge (docs/facts.md); mermaid, dot, graphml: the architecture "
    "picture (components, roles, the artifacts that build and run them, their links).",
)
@click.option("--component", help="Only this component (by name) and its artifacts.")
@click.option("--findings", is_flag=True, help="Check the rules and show findings on each node.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False))
@config_options
def graph(
    path: Path,
    fmt: str,
    component: str | None,
    findings: bool,
    output: Path | None,
    config_path: Path | None,
    debug: bool,
) -> int:
    """The fact graph of PATH, or its architecture picture (mermaid renders on GitHub)."""
    root = checked_root(path)
    config = load_config(root, config_path)
    if fmt == "json":
        if component or findings:
            raise UsageError("--component and --findings draw a picture: use --format mermaid")
        scan = app.build_graph(root, config, debug=debug)
        write(json.dumps(scan.graph.to_dict(), indent=2, sort_keys=True) + "\n", output)
        return EXIT_OK
    if findings:
        report, scan = app.check_scan(root, config, debug=debug, base=root)
        found = report.findings
    else:
        scan, found = app.build_graph(root, config, debug=debug), ()
    try:
        view = architecture(scan.graph, found, component)
    except UnknownComponent as exc:
        raise UsageError(str(exc)) from None
    write(GRAPH_FORMATS[fmt](view), output)
    return EXIT_OK
