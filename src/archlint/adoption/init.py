"""``archlint init``: a first configuration for an existing repository.

Writes ``[tool.archlint]`` into ``pyproject.toml`` (with tomlkit, so every other table, comment
and blank line stays as it was) or, when there is no pyproject.toml (or ``--archlint-toml``), an
``archlint.toml``. The table lists the components and roles archlint detected as comments, so a
user sees at once whether archlint understood the repository, and names the baseline when one
is written for the findings the repository has today.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError
from tomlkit.items import Table
from tomlkit.toml_document import TOMLDocument

from archlint.domain.facts import NodeKind
from archlint.domain.graph import FactGraph
from archlint.errors import UsageError

BASELINE = "archlint-baseline.json"

Container = Table | TOMLDocument


@dataclass(frozen=True)
class Plan:
    """What ``init`` writes: the file, its new text, and whether it existed."""

    path: Path
    text: str
    existed: bool


def plan(root: Path, graph: FactGraph, *, baseline: str | None, standalone: bool) -> Plan:
    """The configuration to write for the repository at ``root``; UsageError when it already has
    one (archlint never overwrites a configuration)."""
    if (root / "archlint.toml").is_file():
        raise UsageError(f"{root / 'archlint.toml'}: archlint is already configured here")
    pyproject = root / "pyproject.toml"
    if standalone or not pyproject.is_file():
        document = tomlkit.document()
        document.add(tomlkit.comment("archlint configuration: keys at the top level"))
        _fill(document, graph, baseline)
        return Plan(root / "archlint.toml", tomlkit.dumps(document), existed=False)
    original = pyproject.read_text(encoding="utf-8")
    try:
        document = tomlkit.parse(original)
    except ParseError as exc:
        raise UsageError(f"{pyproject}:{exc.line}: invalid TOML, not changed ({exc})") from None
    tool = document.get("tool")
    if tool is not None and "archlint" in tool:
        raise UsageError(f"{pyproject}: [tool.archlint] exists; archlint is already configured")
    if tool is None:
        document.add("tool", tomlkit.table(is_super_table=True))
    table = tomlkit.table()
    _fill(table, graph, baseline)
    document["tool"]["archlint"] = table
    return Plan(pyproject, tomlkit.dumps(document), existed=True)


def write(target: Plan) -> None:
    try:
        target.path.write_text(target.text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{target.path}: cannot write ({exc.strerror})") from None


def components(graph: FactGraph) -> list[tuple[str, str, str]]:
    """(name, roles, where) of every component archlint found, sorted by name."""
    found = []
    for fact in graph.facts(NodeKind.COMPONENT):
        roles = ", ".join(fact.get("roles") or []) or "no role"
        where = fact.get("path") or fact.location.path
        found.append((str(fact.get("name")), roles, str(where or ".")))
    return sorted(found)


def _fill(container: Container, graph: FactGraph, baseline: str | None) -> None:
    found = components(graph)
    container.add(tomlkit.comment(f"archlint found {len(found)} components (name: roles, folder):"))
    for name, roles, where in found:
        container.add(tomlkit.comment(f"  {name}: {roles} ({where})"))
    container.add(tomlkit.comment("a wrong role? [tool.archlint.roles.ROLE] (docs/roles.md)"))
    container.add("fail-on", "error")
    container["fail-on"].comment("error | warning | note | never")
    container.add("exclude", tomlkit.array())
    container["exclude"].comment('gitignore-style, e.g. ["legacy/", "*.gen.ts"]')
    if baseline is not None:
        container.add("baseline", baseline)
        container["baseline"].comment("findings accepted for now (archlint check --write-baseline)")
