"""``archlint test DIR``: a rule pack against its fixtures; pass/fail per rule, exit 1 on any."""

from __future__ import annotations

from pathlib import Path

import click

from archlint import ruletest
from archlint.cli.common import EXIT_FINDINGS, EXIT_OK, ids


@click.command(name="test")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--fixtures",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of <ID>/<case>/ fixtures [default: DIR/fixtures, else DIR/../fixtures/rules].",
)
@click.option("--select", help="Comma-separated rule ids or prefixes to test.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def test_cmd(directory: Path, fixtures: Path | None, select: str | None, debug: bool) -> int:
    """Test every rule in DIR against its fixture cases (archlint-expect / archlint-ok comments,
    or <case>.expected.yaml)."""
    pack = ruletest.load_pack(directory, fixtures)
    results = ruletest.run_pack(pack, ids(select) or ())
    failed = 0
    cases = 0
    for rule_id, outcomes in results.items():
        cases += len(outcomes)
        bad = [o for o in outcomes if not o.ok]
        known = sum(1 for o in outcomes if o.xfail is not None and o.ok)
        if not bad:
            tail = f", {known} known failures" if known else ""
            click.echo(f"{rule_id}  ok    {_plural(len(outcomes), 'case')}{tail}")
            continue
        failed += 1
        click.echo(f"{rule_id}  FAIL  {len(bad)} of {_plural(len(outcomes), 'case')}")
        for outcome in bad:
            if outcome.xfail is not None:
                click.echo(f"    {outcome.case}: passes, but xfail.txt says: {outcome.xfail}")
            for problem in outcome.problems:
                click.echo(f"    {outcome.case}: {problem}")
    total = len(results)
    summary = f"{_plural(total, 'rule')}: {total - failed} passed, {failed} failed"
    click.echo(f"{summary} ({_plural(cases, 'case')})")
    return EXIT_FINDINGS if failed else EXIT_OK


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
