"""What a check read, as absolute paths for the run cache (files, directories, absent files)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from archlint.config import Config


class _Scan(Protocol):
    @property
    def files(self) -> tuple[str, ...]: ...
    @property
    def directories(self) -> tuple[str, ...]: ...


def run_inputs(root: Path, scan: _Scan, config: Config, named: Iterable[Path | None]) -> list[str]:
    """Every discovered file, every walked directory and the ``.gitignore`` each may hold, the
    config files that could be found, the named files (``--config``, ``--baseline``), the
    config's baseline, and everything under the rule directories."""
    top = root.resolve()
    found = [str(top / f) for f in scan.files]
    for rel in scan.directories:
        place = top / rel if rel else top
        found += [str(place), str(place / ".gitignore")]
    found += [str(top / "archlint.toml"), str(top / "pyproject.toml")]
    found += [str(p.resolve()) for p in (*named, config.baseline) if p is not None]
    for directory in config.rule_dirs:
        for folder, _dirs, files in os.walk(directory):
            here = Path(folder).resolve()
            found += [str(here), *(str(here / f) for f in files)]
    return found
