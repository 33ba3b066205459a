"""Thin click shell over :mod:`archlint.app`. ``main(argv) -> int`` is the only broad catch.

One module a command (``check``, ``info`` for rules/explain/kinds/schema, ``graph``...); the group
below lists them explicitly.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

import click

from archlint import __version__
from archlint.cli.check import check
from archlint.cli.common import EXIT_INTERNAL, EXIT_USAGE
from archlint.cli.graph import graph
from archlint.cli.info import explain, kinds_cmd, rules_cmd, rules_markdown, schema
from archlint.cli.init import init
from archlint.cli.test import test_cmd
from archlint.errors import ArchlintError

__all__ = ["cli", "main", "rules_markdown"]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result = cli.main(args=args, prog_name="archlint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_USAGE
    except ArchlintError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem.render()}", err=True)
        return exc.exit_code
    except Exception:
        if debug:
            traceback.print_exc()
        else:
            click.echo(
                f"archlint: internal error: {sys.exc_info()[1]!r}\n"
                "This is a bug in archlint. Rerun with --debug to see the traceback, "
                "and report it.",
                err=True,
            )
        return EXIT_INTERNAL
    return int(result or 0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archlint")
def cli() -> None:
    """archlint: check a repository against the architecture standard."""


for _command in (check, init, test_cmd, rules_cmd, explain, kinds_cmd, schema, graph):
    cli.add_command(_command)
