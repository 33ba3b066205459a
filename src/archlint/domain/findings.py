"""Findings: what a rule decided, pointing at the evidence."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from archlint.domain.location import Location


class Severity(Enum):
    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"note": 1, "warning": 2, "error": 3}[self.value]


@dataclass(frozen=True, order=True, slots=True)
class RelatedLocation:
    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation. ``evidence_key`` is stable across edits that only move lines."""

    rule_id: str
    severity: Severity
    message: str
    location: Location
    evidence_key: str
    related: tuple[RelatedLocation, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule_id, self.message)
