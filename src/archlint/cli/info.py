"""What archlint knows: ``explain``, ``kinds`` and ``schema`` (``rules``: cli/rules.py)."""

from __future__ import annotations

from pathlib import Path

import click

from archlint import app
from archlint.cli.common import EXIT_OK, checked_root, config_options, use_color
from archlint.config import load_config, rule_selected
from archlint.domain.kinds import NODE_KINDS
from archlint.domain.kinds_doc import facts_markdown
from archlint.engine.schema import schema_text
from archlint.errors import UsageError
from archlint.reporters.base import fingerprint


@click.command("kinds")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "markdown"]), default="table", show_default=True
)
def kinds_cmd(fmt: str) -> int:
    """List the node kinds of the fact graph and their attributes (markdown: docs/facts.md)."""
    if fmt == "markdown":
        click.echo(facts_markdown(), nl=False)
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table("kind", "attributes", box=None, pad_edge=False)
    for spec in NODE_KINDS.values():
        table.add_row(spec.kind.value, ", ".join(a.name for a in spec.attrs))
    Console(no_color=not use_color(), width=200, highlight=False).print(table)
    return EXIT_OK


@click.command()
@click.argument("rule_id", required=False)
@click.option(
    "--finding",
    metavar="FINGERPRINT",
    help="Explain one finding of `archlint check` (its fingerprint, or a prefix of it).",
)
@click.option(
    "--path",
    "path",
    default=".",
    type=click.Path(path_type=Path),
    help="With --finding: the folder that was checked.",
)
@config_options
def explain(
    rule_id: str | None, finding: str | None, path: Path, config_path: Path | None, debug: bool
) -> int:
    """Show a rule's documentation (what, why, how to fix, example, its parameters as configured)
    or, with --finding, one finding's evidence chain."""
    if finding is not None:
        click.echo(explain_finding(checked_root(path), config_path, finding, debug), nl=False)
        return EXIT_OK
    if rule_id is None:
        raise UsageError("give a rule id (`archlint rules` lists them) or --finding FINGERPRINT")
    config = load_config(Path.cwd(), config_path)
    rules = {r.meta.id: r for r in app.load_all_rules(config)}
    rule = rules.get(rule_id.upper())
    if rule is None:
        raise UsageError(f"unknown rule id {rule_id!r}; `archlint rules` lists them")
    state = "" if rule_selected(rule.meta.id, config) else _off_note(config.source)
    click.echo(rule.meta.markdown(rule.defaults, config.source or "") + state, nl=False)
    return EXIT_OK


def explain_finding(root: Path, config_path: Path | None, wanted: str, debug: bool) -> str:
    """A finding: where, the message, every piece of evidence with its place, and the rule."""
    config = load_config(root, config_path)
    report = app.check(root, config, debug=debug)
    wanted = wanted.strip().lower()
    matches = [f for f in report.findings if fingerprint(f).startswith(wanted)] if wanted else []
    if len(matches) != 1:
        many = f"{len(matches)} findings match" if matches else "no finding has"
        raise UsageError(
            f"{many} fingerprint {wanted!r}; `archlint check --format json` shows fingerprints"
        )
    (found,) = matches
    rules = {r.id: r for r in report.rules}
    meta = rules[found.rule_id]
    lines = [
        f"## {found.rule_id} {meta.name}: {found.message}",
        "",
        f"- severity: {found.severity.value}",
        f"- fingerprint: {fingerprint(found)}",
        "",
        "### Evidence",
        "",
        f"1. `{found.location}` (reported here)",
    ]
    lines += [f"{i}. `{r.location}` {r.message}" for i, r in enumerate(found.related, start=2)]
    lines += ["", "### How to fix", "", meta.docs.fix, "", f"`archlint explain {meta.id}` has the"]
    lines[-1] += " rule's full documentation."
    return "\n".join(lines) + "\n"


def _off_note(source: str | None) -> str:
    where = f" by {source}" if source else ""
    return f"\n_This rule is turned off{where} (select/ignore)._\n"


@click.command()
def schema() -> int:
    """Print the JSON Schema of rule files (for editor completion)."""
    click.echo(schema_text(), nl=False)
    return EXIT_OK
