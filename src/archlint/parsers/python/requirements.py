"""pip requirements files: ``requirements*.txt``, ``requirements*.in`` and any ``.txt`` / ``.in``
file inside a directory named ``requirements``.

Facts:

- ``manifest`` (id ``<path>#manifest``): type ``"requirements"``, name and version (always None),
  dir (``""`` at the root), group, includes (``-r`` targets, resolved against the file's directory;
  URLs as written), constraints (``-c`` targets, same form), unnamed (``-e .`` and other URLs /
  paths that name no package, as written).
- ``dependency`` (id ``<path>#dep/<group>/<name>``, ``[n]`` appended for the n-th repeat): name
  (PEP 503), spec, extras, markers, ecosystem ``"pypi"``, group (``"dev"`` when a ``-``/``_``/``.``
  separated part of the file name starts with dev, test or lint, else ``"main"``), manifest, source
  (registry | git | vcs | path | url), url, editable.

Relations: manifest -has-> dependency; manifest -includes-> ``<included path>#manifest`` for every
``-r`` file that exists and is itself a requirements file. A ``-r`` / ``-c`` file that is not
among the scanned files (missing, or excluded) is a diagnostic at its line. Options
(``--index-url``, ``--hash``...) are ignored.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence, Set

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.parsers.base import ParseUnit, Selector, SourceFile
from archlint.parsers.python.pep508 import (
    InvalidRequirement,
    Requirement,
    dependency_attrs,
    is_reference,
    parse_reference,
    parse_requirement,
    unique_id,
)

_FILE_OPTION = re.compile(
    r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s-]))(?P<target>\S+)"
)
_EDITABLE = re.compile(r"^(-e|--editable)(?:\s*=\s*|\s+|(?=\S))(?P<target>.+)$")
_COMMENT = re.compile(r"(^|\s)#.*$")
_REQUIREMENT_OPTION = re.compile(r"\s+--?[A-Za-z]")
_DEV_PARTS = ("dev", "test", "lint")


class RequirementsParser:
    """A unit parser: one unit per requirements file, whose ``-r`` / ``-c`` targets are checked
    against the discovered paths (the unit's probes) instead of the disk."""

    name = "requirements"
    version = "1"
    selector = Selector(
        patterns=(r"(?s)requirements.*\.(?:txt|in)",),
        paths=(r"(?s)(?:.*/)?requirements/[^/]+\.(?:txt|in)",),
    )

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        probes = frozenset(paths)  # one set shared by every unit
        return [
            ParseUnit(self.name, path, path, (path,), probes=probes)
            for path in paths
            if self.selector.matches(path)
        ]

    def parse_unit(self, unit: ParseUnit, sources: Mapping[str, SourceFile]) -> ParseResult:
        return self.parse(sources[unit.anchor], unit.probes)

    def parse(self, source: SourceFile, existing: Set[str]) -> ParseResult:
        """The facts of one requirements file; ``existing`` are the paths that exist."""
        manifest_id = f"{source.path}#manifest"
        stem_parts = re.split(r"[-_.]+", source.pure.stem.lower())
        group = "dev" if any(p.startswith(_DEV_PARTS) for p in stem_parts) else "main"
        facts: list[Fact] = []
        relations: list[Relation] = []
        diagnostics: list[Diagnostic] = []
        seen: dict[str, int] = {}
        lists: dict[str, list[str]] = {"includes": [], "constraints": [], "unnamed": []}
        for line, column, text in _logical_lines(source.text):
            loc = source.loc(line, column)
            file_option = _FILE_OPTION.match(text)
            editable = _EDITABLE.match(text)
            if file_option is not None:
                target = file_option.group("target")
                is_include = file_option.group(1) in {"-r", "--requirement"}
                resolved = _resolve(source.path, target)
                lists["includes" if is_include else "constraints"].append(resolved)
                if "://" in target:
                    continue
                if resolved not in existing:
                    what = "included requirements file" if is_include else "constraints file"
                    diagnostics.append(Diagnostic(loc, f"{what} {resolved!r} does not exist"))
                elif is_include and self.selector.matches(resolved):
                    relations.append(
                        Relation(manifest_id, f"{resolved}#manifest", EdgeKind.INCLUDES)
                    )
                continue
            if text.startswith("-") and editable is None:
                continue  # --index-url, --find-links, --pre...: not about which packages
            requirement = editable.group("target") if editable else text
            requirement = _REQUIREMENT_OPTION.split(requirement, maxsplit=1)[0].strip()
            try:
                req = _requirement(requirement, editable is not None)
            except InvalidRequirement as exc:
                diagnostics.append(Diagnostic(loc, f"invalid requirement: {exc}"))
                continue
            if req is None:
                lists["unnamed"].append(requirement)
                continue
            fact_id = unique_id(f"{source.path}#dep/{group}/{req.name}", seen)
            attrs = dependency_attrs(req, group, manifest_id, editable=editable is not None)
            facts.append(Fact(fact_id, NodeKind.DEPENDENCY, loc, attrs))
            relations.append(Relation(manifest_id, fact_id, EdgeKind.HAS))
        manifest_attrs = {
            "type": "requirements",
            "name": None,
            "version": None,
            "dir": posixpath.dirname(source.path),
            "group": group,
            **lists,
        }
        facts.append(Fact(manifest_id, NodeKind.MANIFEST, source.loc(), manifest_attrs))
        return ParseResult(
            tuple(sorted(facts, key=Fact.sort_key)), tuple(relations), tuple(sorted(diagnostics))
        )


# -- private helpers ------------------------------------------------------------------------------
def _logical_lines(text: str) -> list[tuple[int, int, str]]:
    """``(line, column, text)`` of each non-blank line, continuations joined, comments removed."""
    out: list[tuple[int, int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if raw.endswith("\\"):
            pending.append(raw[:-1])
            continue
        first = (pending or [raw])[0]
        joined = _COMMENT.sub("", "".join([*pending, raw])).strip()
        pending = []
        if joined:
            out.append((start, len(first) - len(first.lstrip()) + 1, joined))
    if pending:
        joined = _COMMENT.sub("", "".join(pending)).strip()
        if joined:
            out.append((start, len(pending[0]) - len(pending[0].lstrip()) + 1, joined))
    return out


def _requirement(text: str, editable: bool) -> Requirement | None:
    if editable or is_reference(text):
        return parse_reference(text)
    return parse_requirement(text)


def _resolve(including: str, target: str) -> str:
    if "://" in target:
        return target
    target = target.removeprefix("file:")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(including), target))
    return joined.removeprefix("./")
