"""Thin click shell over :mod:`archlint.app`. ``main(argv) -> int`` is the only broad catch.

One module a command (``check``, ``info`` for rules/explain/kinds/schema, ``graph``...); the group
below lists them explicitly.
"""

from __future__ import annotations

import gc
import importlib
import sys
import traceback
from collections.abc import Sequence
from typing import Any

import click

from archlint import __version__
from archlint.cli.common import EXIT_INTERNAL, EXIT_USAGE
from archlint.errors import ArchlintError

__all__ = ["cli", "main", "rules_markdown"]

# command name -> (module, attribute): a command's module (and what it imports: the parsers,
# networkx, rich, jsonschema...) is imported only when that command runs, so `--version`
# costs the interpreter and click (docs/benchmarks.md, "Decisions")
COMMANDS = {
    "check": ("archlint.cli.check", "check"),
    "explain": ("archlint.cli.info", "explain"),
    "graph": ("archlint.cli.graph", "graph"),
    "init": ("archlint.cli.init", "init"),
    "kinds": ("archlint.cli.info", "kinds_cmd"),
    "rules": ("archlint.cli.rules", "rules_cmd"),
    "schema": ("archlint.cli.info", "schema"),
    "test": ("archlint.cli.test", "test_cmd"),
}


# A scan allocates hundreds of thousands of long-lived objects (facts, summaries) and few cycles;
# CPython's default 700-allocation threshold ran 15 full collections on mono50. 50,000 took
# 20% off a check's CPU time; gc.freeze() after the imports measured no gain (docs/benchmarks.md).
GC_THRESHOLDS = (50_000, 20, 100)


def main(argv: Sequence[str] | None = None) -> int:
    gc.set_threshold(*GC_THRESHOLDS)
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


class LazyGroup(click.Group):
    """The commands of :data:`COMMANDS`, each imported the first time it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archlint")
def cli() -> None:
    """archlint: check a repository against the architecture standard."""


def __getattr__(name: str) -> Any:
    if name == "rules_markdown":  # the rule reference renderer (docs/rules.md), from its command
        return importlib.import_module("archlint.cli.rules").rules_markdown
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
