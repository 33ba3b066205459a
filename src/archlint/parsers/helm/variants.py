"""Values overlays as variants: ``values-prod.yaml`` / ``values.staging.yaml`` beside
``Chart.yaml`` each render the chart again, with ``values.yaml`` merged with the overlay
(Helm's ``-f values.yaml -f values-prod.yaml``: later keys win, maps merge, ``null`` deletes).

A variant only adds what it changes: a rendered document equal to the same template's document
of the default render is the same object and gives no facts again. The facts of a document that
differs carry ``variant`` (the overlay's path) and ids ``helm:<chart>@<overlay>#...``, so the
default render's facts (and the fingerprints of their findings) stay as they were. A fact that
took a value from the overlay is located at the overlay's line (what a user edits), the
template line in its trace.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import Any

from archlint.domain.facts import Fact

OVERLAY = re.compile(r"values[-.].+\.ya?ml")


def overlays(paths: Iterable[str], root: str) -> list[str]:
    """The overlays of the chart in ``root`` (files directly beside its Chart.yaml)."""
    return sorted(
        p
        for p in paths
        if posixpath.dirname(p) == root and OVERLAY.fullmatch(posixpath.basename(p))
    )


def variant_prefix(chart_id: str, overlay: str) -> str:
    return f"{chart_id}@{posixpath.basename(overlay)}"


def same_document(default: list[Any] | None, index: int, data: Any) -> bool:
    """The default render of the same template gave this document at the same place."""
    return default is not None and index < len(default) and default[index] == data


def in_variant(fact: Fact, overlay: str) -> Fact:
    """``fact`` as a fact of the variant rendered with ``overlay``."""
    attrs = {**fact.attrs, "variant": overlay}
    places = (fact.location, *fact.trace)
    mine = [p for p in places if p.path == overlay]
    if not mine:
        return Fact(fact.id, fact.kind, fact.location, attrs, fact.trace)
    at = mine[0]
    rest = tuple(p for p in places if p != at)
    return Fact(fact.id, fact.kind, at, attrs, rest)
