"""Which source files a command runs as scripts: ``command`` -[executes]-> ``source_module``.

A package.json script ``tsx ./admin/backfill.ts``, a Procfile or compose command
``python scripts/load.py``: an argument that names a source file, read from the command's folder
(the package.json, Procfile or compose file beside it), is that file run by hand or by a job, not
served. This is a fact; the ``script-code`` concept decides what it means for rules. Commands are
never run; only their words are compared with the discovered files.
"""

from __future__ import annotations

import posixpath

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.graph import FactGraph
from archlint.linking.base import LinkContext

_SOURCE_SUFFIXES = (".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".py")


def link_scripts(graph: FactGraph, context: LinkContext) -> None:
    """Add an ``executes`` edge from each command to each source module an argument names."""
    del context
    modules = {m.location.path: m.id for m in graph.facts(NodeKind.SOURCE_MODULE)}
    if not modules:
        return
    for command in graph.facts(NodeKind.COMMAND):
        argv = command.get("argv")
        if not isinstance(argv, list):
            continue
        folder = posixpath.dirname(command.location.path)
        for word in argv[1:]:
            if not isinstance(word, str) or not word.endswith(_SOURCE_SUFFIXES):
                continue
            path = posixpath.normpath(posixpath.join(folder, word.removeprefix("./")))
            target = modules.get(path)
            if target is not None and target != command.id:
                graph.relate(command.id, target, EdgeKind.EXECUTES)
