"""Which ``archlint check`` command lines the run cache may answer, read without click.

Only a command whose whole effect is its stdout, stderr and exit code qualifies: no report file
(``--output``, ``--write-baseline``), no ``--no-cache``/``--debug``/``--help``. Anything this
reader does not know (a new option, bundled short flags) makes the command not qualify, so the
run goes through click as usual: the run cache can miss, never misread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_VALUED = frozenset(
    {
        "--format",
        "--select",
        "--ignore",
        "--fail-on",
        "--category",
        "--baseline",
        "--config",
        "--cache-dir",
        "--jobs",
        "-j",
    }
)
_FLAGS = frozenset(
    {
        "--report-unused-suppressions",
        "--exit-zero",
        "--statistics",
        "--quiet",
        "-q",
        "--show-suppressed",
    }
)


@dataclass(frozen=True)
class CheckArgs:
    """A cacheable ``check`` command line: the path checked and the options that locate files."""

    path: Path
    cache_dir: Path | None
    config: Path | None
    baseline: Path | None


def cacheable(argv: list[str]) -> CheckArgs | None:
    """The command line read as a cacheable check, or None."""
    if not argv or argv[0] != "check":
        return None
    values: dict[str, str] = {}
    positional: list[str] = []
    i = 1
    while i < len(argv):
        token = argv[i]
        name, eq, inline = token.partition("=")
        if token.startswith("-") and token != "-":
            if name in _VALUED:
                if eq:
                    values[name] = inline
                elif i + 1 < len(argv):
                    i += 1
                    values[name] = argv[i]
                else:
                    return None
            elif eq or token not in _FLAGS:
                return None  # --output, --no-cache, --debug, --help, anything unknown
        else:
            positional.append(token)
        i += 1
    if len(positional) > 1:
        return None

    def path(option: str) -> Path | None:
        return Path(values[option]) if option in values else None

    return CheckArgs(
        path=Path(positional[0] if positional else "."),
        cache_dir=path("--cache-dir"),
        config=path("--config"),
        baseline=path("--baseline"),
    )
