"""Where a fact or a finding comes from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a file of the scanned repository.

    ``path`` is POSIX and relative to the scan root; ``line`` and ``column`` are 1-based.
    """

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "column": self.column}


def folder_of(path: str) -> str:
    """The folder of a POSIX path relative to the root; ``""`` is the root itself."""
    head = path.rpartition("/")[0]
    return "" if head in (".", "/") else head
