"""Chart values with the line each one was written at, and Helm's merge of them.

Values are plain Python data; :class:`Values` keeps, beside them, a table from each mapping or
list (by identity) to the locations of its keys or items, so the renderer can say which values
line a printed value came from. Merging follows Helm: a later file's key wins, mappings merge
key by key, ``null`` deletes a key, a subchart sees its own values overlaid by the parent's
``<subchart>:`` section and the parent's ``global``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archlint.domain.location import Location
from archlint.formats.yamlpos import YamlDoc

Table = dict[int, dict[Any, Location]]


@dataclass
class Values:
    data: dict[str, Any]
    where: Table = field(default_factory=dict)

    def location(self, container: object, key: object) -> Location | None:
        found = self.where.get(id(container))
        return found.get(key) if found else None


def from_doc(doc: YamlDoc, path: str) -> Values:
    """A values file: its mapping (``{}`` when empty) and the location of every key and item."""
    data = doc.data if isinstance(doc.data, dict) else {}
    table: Table = {}
    _index(data, (), doc, path, table)
    return Values(data, table)


def merge(base: Values, over: Values) -> Values:
    """``over`` on top of ``base`` (neither changed)."""
    table: Table = {}
    data = _merge(base.data, over.data, base, over, table)
    return Values(data, table)


def scoped(parent: Values, name: str, own: Values) -> Values:
    """A subchart's values: its own, overlaid by the parent's ``name:`` section and ``global``."""
    section = parent.data.get(name)
    over: dict[str, Any] = dict(section) if isinstance(section, dict) else {}
    table: Table = dict(parent.where)
    locs = dict(parent.where.get(id(section), {}))
    globals_ = parent.data.get("global")
    if isinstance(globals_, dict):
        over["global"] = globals_
        top = parent.where.get(id(parent.data), {})
        if "global" in top:
            locs["global"] = top["global"]
    table[id(over)] = locs
    return merge(own, Values(over, table))


def _index(value: Any, path: tuple[Any, ...], doc: YamlDoc, file: str, table: Table) -> None:
    if isinstance(value, dict):
        table[id(value)] = {
            k: Location(file, *doc.positions.get((*path, k), doc.pos(*path))) for k in value
        }
        for k, v in value.items():
            _index(v, (*path, k), doc, file, table)
    elif isinstance(value, list):
        table[id(value)] = {
            i: Location(file, *doc.positions.get((*path, i), doc.pos(*path)))
            for i in range(len(value))
        }
        for i, v in enumerate(value):
            _index(v, (*path, i), doc, file, table)


def _merge(
    base: dict[str, Any], over: dict[str, Any], bv: Values, ov: Values, table: Table
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    locs: dict[Any, Location] = {}
    base_locs, over_locs = bv.where.get(id(base), {}), ov.where.get(id(over), {})
    for key, value in base.items():
        out[key] = value
        if key in base_locs:
            locs[key] = base_locs[key]
        _copy_table(value, bv, table)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
            locs.pop(key, None)
            continue
        mine = out.get(key)
        if isinstance(mine, dict) and isinstance(value, dict):
            out[key] = _merge(mine, value, bv, ov, table)
        else:
            out[key] = value
            _copy_table(value, ov, table)
        if key in over_locs:
            locs[key] = over_locs[key]
    table[id(out)] = locs
    return out


def _copy_table(value: Any, source: Values, table: Table) -> None:
    if isinstance(value, dict | list) and id(value) in source.where:
        table[id(value)] = source.where[id(value)]
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            _copy_table(item, source, table)
