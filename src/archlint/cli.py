"""Thin click shell over :mod:`archlint.app`. ``main(argv) -> int`` is the only broad catch."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from archlint import __version__, app
from archlint.config import FAIL_ON, load_config, with_overrides
from archlint.domain.findings import Severity
from archlint.domain.kinds import NODE_KINDS
from archlint.domain.kinds_doc import facts_markdown
from archlint.domain.report import Report
from archlint.domain.rules import RuleMeta
from archlint.engine.schema import schema_text
from archlint.errors import ArchlintError, UsageError
from archlint.reporters.registry import BUILTIN_REPORTERS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


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


def _config_options(fn: Any) -> Any:
    fn = click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path),
        help="archlint.toml or pyproject.toml to use.",
    )(fn)
    fn = click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")(fn)
    return fn


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(BUILTIN_REPORTERS)),
    default="text",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report here instead of stdout.",
)
@click.option("--select", help="Comma-separated rule ids or prefixes to run (e.g. PRT,PY001).")
@click.option("--ignore", help="Comma-separated rule ids or prefixes to skip.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    help="Lowest severity that makes the exit code 1 [default: error].",
)
@_config_options
def check(
    path: Path,
    fmt: str,
    output: Path | None,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    config_path: Path | None,
    debug: bool,
) -> int:
    """Check PATH (default: the current directory)."""
    root = _root(path)
    config = with_overrides(
        load_config(root, config_path), select=_ids(select), ignore=_ids(ignore), fail_on=fail_on
    )
    report = app.check(root, config, debug=debug)
    report = replace(report, cwd=Path.cwd().resolve().as_posix())
    color = output is None and _color_stdout()
    text = BUILTIN_REPORTERS[fmt].render(report, color=color)
    _write(text, output)
    return EXIT_FINDINGS if _fails(report, config.fail_on) else EXIT_OK


@cli.command(name="rules")
@_config_options
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown"]),
    default="table",
    show_default=True,
    help="markdown: every rule's full documentation (docs/rules.md is this output).",
)
def rules_cmd(path: Path, fmt: str, config_path: Path | None, debug: bool) -> int:
    """List every rule (bundled and configured) with its severity and summary."""
    config = load_config(_root(path), config_path)
    metas = [rule.meta for rule in app.load_all_rules(config)]
    if fmt == "markdown":
        click.echo(rules_markdown(metas), nl=False)
        return EXIT_OK
    table = Table("id", "name", "severity", "summary", box=None, pad_edge=False)
    for m in metas:
        table.add_row(m.id, m.name, m.severity.value, m.docs.summary)
    Console(no_color=not _color_stdout(), width=200, highlight=False).print(table)
    return EXIT_OK


def rules_markdown(metas: Sequence[RuleMeta]) -> str:
    """The rule reference: an index table, then each rule's docs (``archlint explain``)."""
    lines = ["# Rules", "", "Generated by `archlint rules --format markdown`; do not edit.", ""]
    lines += ["| id | name | severity | summary |", "|---|---|---|---|"]
    lines += [
        f"| [{m.id}](#{m.id.lower()}-{m.name}) | {m.name} | {m.severity.value} | {m.docs.summary} |"
        for m in metas
    ]
    body = [m.markdown() for m in metas]
    return "\n".join(lines) + "\n\n" + "\n".join(body)


@cli.command("kinds")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "markdown"]), default="table", show_default=True
)
def kinds_cmd(fmt: str) -> int:
    """List the node kinds of the fact graph and their attributes (markdown: docs/facts.md)."""
    if fmt == "markdown":
        click.echo(facts_markdown(), nl=False)
        return EXIT_OK
    table = Table("kind", "attributes", box=None, pad_edge=False)
    for spec in NODE_KINDS.values():
        table.add_row(spec.kind.value, ", ".join(a.name for a in spec.attrs))
    Console(no_color=not _color_stdout(), width=200, highlight=False).print(table)
    return EXIT_OK


@cli.command()
@click.argument("rule_id")
@_config_options
def explain(rule_id: str, config_path: Path | None, debug: bool) -> int:
    """Show a rule's documentation: what, why, how to fix, example, parameters."""
    config = load_config(Path.cwd(), config_path)
    rules = {r.meta.id: r.meta for r in app.load_all_rules(config)}
    meta = rules.get(rule_id.upper())
    if meta is None:
        raise UsageError(f"unknown rule id {rule_id!r}; `archlint rules` lists them")
    click.echo(meta.markdown(), nl=False)
    return EXIT_OK


@cli.command()
def schema() -> int:
    """Print the JSON Schema of rule files (for editor completion)."""
    click.echo(schema_text(), nl=False)
    return EXIT_OK


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False))
@_config_options
def graph(path: Path, fmt: str, output: Path | None, config_path: Path | None, debug: bool) -> int:
    """Dump the fact graph of PATH (nodes and edges, see docs/facts.md)."""
    root = _root(path)
    scan = app.build_graph(root, load_config(root, config_path), debug=debug)
    _write(json.dumps(scan.graph.to_dict(), indent=2, sort_keys=True) + "\n", output)
    return EXIT_OK


# -- helpers ----------------------------------------------------------------------------------
def _root(path: Path) -> Path:
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    if not path.is_dir():
        raise UsageError(f"{path}: archlint checks a directory (a repository root)")
    return path


def _ids(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(v.strip().upper() for v in value.split(",") if v.strip())


def _color_stdout() -> bool:
    # https://no-color.org: a NO_COLOR that is present and not empty turns colour off
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the report ({exc.strerror})") from None


def _fails(report: Report, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(f.severity.rank >= threshold for f in report.findings)
