"""What every ecosystem parser writes: the manifest fact and one dependency fact a package."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.location import Location
from archlint.parsers.base import SourceFile


@dataclass(frozen=True, slots=True)
class Dep:
    """One declared dependency as read: ``group`` is ``main``, ``dev``, ``test``, ``build``,
    ``indirect`` (go.mod ``// indirect``), ``sdk`` (an MSBuild project SDK) or ``parent``."""

    name: str
    spec: str
    group: str
    location: Location


def manifest_result(
    source: SourceFile,
    mtype: str,
    attrs: Mapping[str, object],
    deps: list[Dep],
    ecosystem: str,
    diagnostics: list[Diagnostic] | None = None,
) -> ParseResult:
    """The manifest fact (id ``<path>#manifest`` at 1:1, ``type`` ``mtype``, ``dir``) and its
    dependencies (``<path>#dep/<group>/<name>``, the first of a repeated name kept)."""
    manifest_id = f"{source.path}#manifest"
    manifest_attrs: dict[str, object] = {
        "type": mtype,
        "dir": posixpath.dirname(source.path),
        **attrs,
    }
    facts = [Fact(manifest_id, NodeKind.MANIFEST, source.loc(), manifest_attrs)]
    relations: list[Relation] = []
    seen: set[str] = set()
    for dep in deps:
        fact_id = f"{source.path}#dep/{dep.group}/{dep.name}"
        if fact_id in seen:
            continue
        seen.add(fact_id)
        dep_attrs: dict[str, object] = {
            "name": dep.name,
            "spec": dep.spec,
            "extras": [],
            "markers": None,
            "ecosystem": ecosystem,
            "group": dep.group,
            "manifest": manifest_id,
            "source": "registry",
        }
        facts.append(Fact(fact_id, NodeKind.DEPENDENCY, dep.location, dep_attrs))
        relations.append(Relation(manifest_id, fact_id, EdgeKind.HAS))
    return ParseResult(
        tuple(sorted(facts, key=Fact.sort_key)),
        tuple(relations),
        tuple(sorted(diagnostics or [])),
    )
