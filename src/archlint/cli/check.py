"""``archlint check``: scan, evaluate, report to the terminal and to files, exit by severity."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import click

from archlint import app
from archlint.adoption import baseline
from archlint.cache import run, store
from archlint.cache.inputs import run_inputs
from archlint.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    checked_root,
    config_options,
    ids,
    say,
    use_color,
    write,
)
from archlint.cli.progress import progress
from archlint.config import FAIL_ON, load_config, with_overrides
from archlint.domain.findings import Severity
from archlint.domain.report import Report
from archlint.errors import ConfigError, Problem, UsageError
from archlint.reporters.base import Reporter
from archlint.reporters.graph.view import View, architecture
from archlint.reporters.html import HtmlReporter
from archlint.reporters.registry import BUILTIN_REPORTERS
from archlint.reporters.sarif import SarifReporter
from archlint.reporters.text import TextReporter, summary_line
from archlint.workers import default_jobs

FORMATS = sorted(BUILTIN_REPORTERS)


@dataclass(frozen=True)
class Output:
    """One report to write: a format and a file (None: stdout)."""

    fmt: str
    path: Path | None


def parse_outputs(fmt: str, values: tuple[str, ...]) -> list[Output]:
    """``--output`` values: ``FORMAT:PATH`` writes FORMAT there, a bare ``PATH`` takes --format.

    The report in ``--format`` goes to stdout unless a bare PATH takes it. A value whose part
    before the first ``:`` is not a format name is a path (``C:\\out.sarif``, ``a:b.txt``).
    """
    outputs: list[Output] = []
    bare = False
    for value in values:
        name, sep, rest = value.partition(":")
        if sep and name in BUILTIN_REPORTERS:
            if not rest:
                raise UsageError(f"--output {value}: give a file after {name}:")
            outputs.append(Output(name, Path(rest)))
        elif sep and len(name) > 1 and name.isalpha():  # not a drive letter: a typo'd format
            known = ", ".join(FORMATS)
            raise UsageError(f"--output {value}: unknown format {name!r} (formats: {known})")
        else:
            bare = True
            outputs.append(Output(fmt, Path(value)))
    if not bare:
        outputs.insert(0, Output(fmt, None))  # no bare PATH took --format: it goes to stdout
    paths = [o.path for o in outputs if o.path is not None]
    twice = sorted({p.as_posix() for p in paths if paths.count(p) > 1})
    if twice:
        raise UsageError(f"--output names {', '.join(twice)} more than once")
    return outputs


@click.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Format of the report on stdout (or of a bare --output PATH).",
)
@click.option(
    "--output",
    "-o",
    "outputs",
    multiple=True,
    metavar="[FORMAT:]PATH",
    help="Write a report to a file; repeatable: -o sarif:archlint.sarif -o junit:archlint.xml. "
    "A bare PATH gets --format instead of stdout.",
)
@click.option("--select", help="Comma-separated rule ids or prefixes to run (e.g. PRT,PY001).")
@click.option("--ignore", help="Comma-separated rule ids or prefixes to skip.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    help="Lowest severity that makes the exit code 1 [default: error].",
)
@click.option(
    "--category",
    default="archlint",
    show_default=True,
    help="SARIF automationDetails.id: one code-scanning analysis per category (monorepo parts).",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Leave out the findings this baseline accepts [default: the config's `baseline`].",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record every current finding in this baseline file (entries now fixed are pruned).",
)
@click.option(
    "--report-unused-suppressions",
    is_flag=True,
    help="List `archlint: ignore` markers that suppress nothing; they, and markers naming no "
    "rule, make the exit code 1.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach --fail-on.")
@click.option(
    "--statistics", is_flag=True, help="On stdout, count findings per rule instead of listing them."
)
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no summary, no remarks.")
@click.option(
    "--show-suppressed",
    is_flag=True,
    help="List suppressed findings too (marked; they never count for the exit code).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes that parse (used only when there is enough to parse) [default: all cores].",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help=f"Cache folder [default: $ARCHLINT_CACHE_DIR, else PATH/{store.FOLDER}].",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@config_options
def check(
    path: Path,
    fmt: str,
    outputs: tuple[str, ...],
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    category: str,
    baseline_path: Path | None,
    write_baseline: Path | None,
    report_unused_suppressions: bool,
    exit_zero: bool,
    statistics: bool,
    quiet: bool,
    show_suppressed: bool,
    jobs: int | None,
    cache_dir: Path | None,
    no_cache: bool,
    config_path: Path | None,
    debug: bool,
) -> int:
    """Check PATH (default: the current directory)."""
    root = checked_root(path)
    targets = parse_outputs(fmt, outputs)
    pending: list[Problem] = []
    try:
        loaded = load_config(root, config_path)
    except ConfigError as exc:
        if exc.partial is None:
            raise
        # the rest of the run reports what else is wrong (rule ids, parameters), all at once
        loaded, pending = exc.partial, exc.problems
    config = with_overrides(loaded, select=ids(select), ignore=ids(ignore), fail_on=fail_on)
    # the baseline is read first: its problems and unknown rule ids are reported with the rest
    accepted, named = None, []
    if write_baseline is None and (where := baseline_path or config.baseline) is not None:
        try:
            accepted = baseline.read(where)
        except UsageError as exc:
            pending = [*pending, *exc.problems]
        else:
            named = [
                app.NamedId(where.as_posix(), e.line, f"findings[{i}].rule_id", e.rule_id)
                for i, e in enumerate(accepted.entries)
            ]
    speed = app.Speed(
        cache=None if no_cache else store.cache_dir(root, cache_dir),
        jobs=jobs or default_jobs(),
    )
    with progress(f"archlint: checking {root}", quiet=quiet):
        report, scan = app.check_scan(
            root, config, debug=debug, pending=pending, named=named, speed=speed
        )
        # the page draws the architecture
        html = any(t.fmt == "html" for t in targets)
        view: View | None = architecture(scan.graph, report.findings) if html else None
    if (recorder := run.current()) is not None:
        recorder.note(run_inputs(root, scan, config, [config_path, baseline_path]))
    report = replace(
        report,
        cwd=Path.cwd().resolve().as_posix(),
        suppressed_findings=report.suppressed_findings if show_suppressed else (),
        unused_suppressions=report.unused_suppressions if report_unused_suppressions else (),
    )
    if write_baseline is not None:
        report = _write_baseline(report, write_baseline, quiet)
    elif accepted is not None:
        report = accepted.apply(report)
    for target in targets:
        if target.path is None:
            stdout = statistics_text(report) if statistics else None
            color = use_color()
            write(
                stdout or _reporter(target.fmt, quiet, category, view).render(report, color=color),
                None,
            )
        else:
            text = _reporter(target.fmt, quiet, category, view).render(report, color=False)
            write(text, target.path)
            say(f"archlint: wrote the {target.fmt} report to {target.path}", quiet=quiet)
    if exit_zero:
        return EXIT_OK
    # a marker naming no rule is a warning, and with --report-unused-suppressions a failure too:
    # it can never suppress anything (as ruff's RUF100 treats unknown codes in `noqa`)
    idle = report.unused_suppressions or (report_unused_suppressions and report.warnings)
    failed = fails(report, config.fail_on) or bool(idle)
    return EXIT_FINDINGS if failed else EXIT_OK


def statistics_text(report: Report) -> str:
    """Findings per rule, most first: ``   5  PRT002  warning  backend-api-port``."""
    counts = Counter(f.rule_id for f in report.findings)
    rules = {r.id: r for r in report.rules}
    width = len(str(max(counts.values(), default=0)))
    lines = []
    for rule_id, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = rules.get(rule_id)
        tail = f"  {rule.severity.value}  {rule.name}" if rule else ""
        lines.append(f"{n:>{width}}  {rule_id}{tail}")
    return "\n".join([*lines, summary_line(report)]) + "\n"


def _write_baseline(report: Report, path: Path, quiet: bool) -> Report:
    try:
        before = {e.fingerprint for e in baseline.read(path).entries} if path.is_file() else set()
    except UsageError:  # not a baseline (yet): it is replaced
        before = set()
    new = baseline.Baseline.of(report.findings)
    baseline.write(path, new)
    pruned = len(before - {e.fingerprint for e in new.entries})
    tail = f"; {pruned} fixed entries pruned" if pruned else ""
    say(
        f"archlint: wrote {len(report.findings)} findings to the baseline {path}{tail}", quiet=quiet
    )
    return new.apply(report)


def fails(report: Report, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(f.severity.rank >= threshold for f in report.findings)


def _reporter(fmt: str, quiet: bool, category: str, view: View | None) -> Reporter:
    if fmt == "text" and quiet:
        return TextReporter(quiet=True)
    if fmt == "sarif":
        return SarifReporter(category=category)
    if fmt == "html":
        return HtmlReporter(view)
    return BUILTIN_REPORTERS[fmt]
