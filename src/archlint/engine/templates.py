"""Message templates.

``{node.ATTR}`` is the selected (anchor) node, ``{primary.ATTR}`` the node the finding points at,
``{params.NAME}`` a rule parameter, ``{NAME.ATTR}`` a node bound with ``as:``, ``{evidence}`` the
evidence listed with locations, ``{others}`` the evidence other than the node the finding points at
(short, without locations: those are the finding's related locations). ``{{`` and ``}}`` are
literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from archlint.domain.describe import describe, describe_at
from archlint.domain.facts import Fact
from archlint.engine.predicates import _MISSING, attr_value

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z0-9_.]+))?\}")


def placeholders(template: str) -> list[tuple[str, str | None]]:
    """(namespace, attribute) of every placeholder, for validation at load time."""
    return [(m.group(1), m.group(2)) for m in PLACEHOLDER.finditer(template) if m.group(1)]


def render(
    template: str,
    node: Fact,
    params: Mapping[str, Any],
    bindings: Mapping[str, Fact],
    evidence: Sequence[Fact],
    primary: Fact | None = None,
) -> str:
    def repl(m: re.Match[str]) -> str:
        whole = m.group(0)
        if whole in ("{{", "}}"):
            return whole[0]
        space, attr = m.group(1), m.group(2)
        if space == "evidence":
            return ", ".join(dict.fromkeys(describe_at(e) for e in evidence)) or "-"
        if space == "others":
            shown = primary or node
            # (a fact at the same place, a chart variant's copy of it, is that node too)
            texts = dict.fromkeys(
                describe(e)
                for e in evidence
                if e.id != shown.id and (e.location != shown.location or e.kind != shown.kind)
            )
            return ", ".join(texts) or "-"
        if space == "params":
            return _show(params.get(attr or "", ""))
        if space == "primary":
            target: Fact | None = primary or node
        else:
            target = node if space == "node" else bindings.get(space)
        if target is None:
            return "?"
        value = attr_value(target, attr or "id")
        return "?" if value is _MISSING else _show(value)

    return PLACEHOLDER.sub(repl, template)


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value)
    if value is None:
        return "-"
    return str(value)
