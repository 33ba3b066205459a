"""``archlint init``: write a first configuration, and offer a baseline for today's findings."""

from __future__ import annotations

from pathlib import Path

import click

from archlint import app
from archlint.adoption import baseline as baselines
from archlint.adoption import init as setup
from archlint.cli.common import EXIT_OK, checked_root, config_options, say
from archlint.config import Config


@click.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--archlint-toml", is_flag=True, help="Write archlint.toml even where pyproject.toml exists."
)
@click.option(
    "--baseline",
    "with_baseline",
    is_flag=True,
    help=f"Accept today's findings: write {setup.BASELINE} and name it in the config.",
)
@config_options
def init(
    path: Path, archlint_toml: bool, with_baseline: bool, config_path: Path | None, debug: bool
) -> int:
    """Configure archlint for the repository at PATH (components and roles found as comments)."""
    root = checked_root(path)
    report, scan = app.check_scan(root, Config(), debug=debug, base=root)
    name = setup.BASELINE if with_baseline else None
    target = setup.plan(root, scan.graph, baseline=name, standalone=archlint_toml)
    setup.write(target)
    verb = "added [tool.archlint] to" if target.existed else "wrote"
    say(f"archlint: {verb} {target.path}")
    for component, roles, where in setup.components(scan.graph):
        say(f"  {component}: {roles} ({where})")
    found = len(report.findings)
    if with_baseline:
        baselines.write(root / setup.BASELINE, baselines.Baseline.of(report.findings))
        say(f"archlint: wrote {found} findings to the baseline {root / setup.BASELINE}")
    elif found:
        say(
            f"archlint: the repository has {found} findings today; to accept them and fail only "
            f"on new ones, run `archlint init --baseline` instead, or "
            f"`archlint check --write-baseline {setup.BASELINE}` and set baseline = "
            f'"{setup.BASELINE}"'
        )
    return EXIT_OK
