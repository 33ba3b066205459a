"""The Python source parser: every ``.py`` file of a project, read as one unit.

A unit is the set of modules under one project root (the nearest folder with a
``pyproject.toml``, ``setup.py``, ``setup.cfg``, ``Pipfile`` or ``requirements*.txt``; the
repository root otherwise), because values are read across its modules:
``settings.ACCESS_TOKEN_EXPIRE_MINUTES`` in ``app/core/security.py`` is the default written in
``app/core/config.py``. Each file is parsed with the stdlib ``ast`` and summarised, and its tree
is dropped before the next file is read; facts are made from the summaries.
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Mapping, Sequence

from archlint.domain.facts import Diagnostic, NodeKind, ParseResult
from archlint.domain.location import Location
from archlint.parsers.base import ParseUnit, Selector, SourceFile
from archlint.parsers.python.source.celeryconf import celery_settings
from archlint.parsers.python.source.emit import Emitter
from archlint.parsers.python.source.extract import extract
from archlint.parsers.python.source.mounts import Mounts
from archlint.parsers.python.source.summary import ModuleSummary
from archlint.parsers.python.source.table import UnitTable
from archlint.parsers.python.source.tokens import token_issues
from archlint.parsers.python.source.urlconf import call_routes, url_prefixes
from archlint.parsers.python.source.values import Sym
from archlint.parsers.python.source.web import routes

_ROOT_MARKERS = frozenset({"pyproject.toml", "setup.py", "setup.cfg", "Pipfile"})


class PythonSourceParser:
    name = "python-source"
    version = "3"
    selector = Selector(suffixes=(".py",))

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        packages = {posixpath.dirname(p) for p in paths if p.endswith("__init__.py")}
        # a folder that is a package is no project root, whatever it holds (a setup.py module)
        roots = {_root_of(p) for p in paths if _marks_root(p)} - packages
        groups: dict[str, list[str]] = {}
        for path in paths:
            if path.endswith(".py"):
                groups.setdefault(_nearest(posixpath.dirname(path), roots), []).append(path)
        return [
            ParseUnit(self.name, f"python:{root or '.'}", files[0], tuple(files))
            for root, files in sorted(groups.items())
        ]

    def parse_unit(self, unit: ParseUnit, sources: Mapping[str, SourceFile]) -> ParseResult:
        root = unit.id.partition(":")[2]
        root = "" if root == "." else root
        summaries: list[ModuleSummary] = []
        diagnostics: list[Diagnostic] = []
        for path in unit.inputs:
            source = sources.get(path)
            if source is None:
                continue
            try:
                summaries.append(_extract(path, module_name(path, root), source.text))
            except SyntaxError as exc:
                line, column = exc.lineno or 1, exc.offset or 1
                diagnostics.append(
                    Diagnostic(
                        Location(path, max(line, 1), max(column, 1)),
                        f"not valid Python {_RUNNING}: {exc.msg}",
                    )
                )
            except RecursionError as exc:  # a 10,000-term expression: the parser's own bound
                message = f"nested too deeply for Python {_RUNNING} to parse ({exc})"
                diagnostics.append(Diagnostic(Location(path), message))
            except ValueError as exc:
                diagnostics.append(Diagnostic(Location(path), f"not valid Python: {exc}"))
        result = facts_of(summaries)
        return ParseResult(result.facts, result.relations, tuple(diagnostics))


def facts_of(summaries: Sequence[ModuleSummary]) -> ParseResult:
    """The facts of one unit's summaries, resolved against each other."""
    table = UnitTable(summaries)
    em = Emitter(summaries, table)
    binding_kwargs: dict[str, dict[str, Sym]] = {
        f"{s.module}.{b.name}": dict(b.kwargs) for s in summaries for b in s.bindings if b.kwargs
    }
    for s in summaries:
        em.module(s)
    for s in summaries:
        em.settings(s)
        em.models(s)
    celery_settings(em, summaries)
    settings_at = {
        (f.location.path, f.location.line): str(
            f"{f.get('owner')}.{f.get('name')}" if f.get("owner") else f.get("name")
        )
        for f in em.facts
        if f.kind is NodeKind.SETTING
    }
    mounts = Mounts(em, summaries, binding_kwargs)
    urlconfs = url_prefixes(summaries)
    for s in summaries:
        em.calls(s)
        em.urls(s, settings_at)
        routes(em, s, mounts)
        call_routes(em, s, urlconfs)
        token_issues(em, s)
    return em.result()


def _extract(path: str, module: str, text: str) -> ModuleSummary:
    """:func:`extract`, reading Python 3.14's unparenthesised ``except A, B:`` (PEP 758) on an
    older interpreter: the clause is parenthesised in place (columns after it move by one)."""
    for _ in range(_MAX_REPAIRS):
        try:
            return extract(path, module, text)
        except SyntaxError as exc:
            if exc.msg != _PEP758 or not exc.lineno:
                raise
            lines = text.split("\n")
            repaired = _EXCEPT.sub(r"\1(\2):", lines[exc.lineno - 1], count=1)
            if repaired == lines[exc.lineno - 1]:
                raise
            lines[exc.lineno - 1] = repaired
            text = "\n".join(lines)
    return extract(path, module, text)


_PEP758 = "multiple exception types must be parenthesized"
_EXCEPT = re.compile(r"^(\s*except\*?\s+)([^():#]+,[^():#]+?)\s*:")
_MAX_REPAIRS = 50
# the grammar archlint reads with is the running interpreter's: newer syntax is a syntax error
_RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"


def module_name(path: str, root: str) -> str:
    """``backend/app/core/config.py`` under root ``backend`` is ``app.core.config``; a ``src/``
    layout's ``src`` is no package; ``pkg/__init__.py`` is ``pkg``."""
    rel = path[len(root) + 1 :] if root else path
    parts = rel[: -len(".py")].split("/")
    if parts and parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]
    if parts and parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _marks_root(path: str) -> bool:
    name = posixpath.basename(path)
    return name in _ROOT_MARKERS or (name.startswith("requirements") and name.endswith(".txt"))


def _root_of(path: str) -> str:
    folder = posixpath.dirname(path)
    return posixpath.dirname(folder) if posixpath.basename(folder) == "requirements" else folder


def _nearest(folder: str, roots: set[str]) -> str:
    while folder:
        if folder in roots:
            return folder
        folder = posixpath.dirname(folder)
    return ""
