"""Where the pack's data files are: the wheel's ``archlint/rules/data/``, or ``rules/data/`` of
a source checkout."""

from __future__ import annotations

from pathlib import Path


def data_text(name: str) -> str:
    """The text of the bundled data file ``name`` (``roles.yaml``)."""
    from importlib import resources  # imported when read: a config load does not need it

    packaged = resources.files("archlint").joinpath("rules", "data", name)
    if packaged.is_file():
        return packaged.read_text("utf-8")
    return (Path(__file__).resolve().parents[3] / "rules" / "data" / name).read_text("utf-8")
