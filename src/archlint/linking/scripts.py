"""Which source files a command runs as scripts: ``command`` -[executes]-> ``source_module``.

A package.json script ``tsx ./admin/backfill.ts``, a Procfile or compose command
``python scripts/load.py``: an argument that names a source file, read from the command's folder
(the package.json, Procfile or compose file beside it), is that file run by hand or by a job, not
served. This is a fact; the ``script-code`` concept decides what it means for rules. Commands are
never run; only their words are compared with the discovered files.

A script that builds an image (``docker build . -t sandbox:latest``) names the image of its
component; a literal in another component's code that names the same image
(``SANDBOX_IMAGE = "sandbox:latest"``) is ``setting -[names_image]-> component``: that code
starts the image itself (through dockerode, a Kubernetes client). INF002 decides what it means.
"""

from __future__ import annotations

import posixpath
import re

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.graph import FactGraph
from archlint.linking.base import LinkContext

_SOURCE_SUFFIXES = (".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".py")
# an image reference as code writes it: a repository with a tag or a registry/namespace
_IMAGE_REF = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*(:[A-Za-z0-9._-]+)?$")


def link_scripts(graph: FactGraph, context: LinkContext) -> None:
    """Add an ``executes`` edge from each command to each source module an argument names, and
    a ``names_image`` edge from each literal in code that names an image another component's
    script builds (settings come from source modules: none, nothing to link)."""
    del context
    modules = {m.location.path: m.id for m in graph.facts(NodeKind.SOURCE_MODULE)}
    if modules:
        _link_executed(graph, modules)
        _link_built_images(graph)


def _link_executed(graph: FactGraph, modules: dict[str, str]) -> None:
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


def _link_built_images(graph: FactGraph) -> None:
    """``setting -[names_image]-> component`` for each literal that names an image a package
    script of another component builds (``docker build -t NAME``)."""
    built: dict[str, set[str]] = {}  # repository -> components whose scripts build it
    for command in graph.facts(NodeKind.COMMAND):
        argv = command.get("argv")
        if command.get("origin") != "package-script" or not isinstance(argv, list):
            continue
        owners = [c.id for c in graph.neighbours(command.id, EdgeKind.OWNS, "in")]
        for name in _built_tags(argv):
            built.setdefault(_repository(name), set()).update(owners)
    if not built:
        return
    for setting in graph.facts(NodeKind.SETTING):
        value = setting.get("value")
        if not isinstance(value, str) or not (":" in value or "/" in value):
            continue
        if not _IMAGE_REF.match(value):
            continue
        targets = built.get(_repository(value), set())
        if not targets:
            continue
        own = {c.id for c in graph.neighbours(setting.id, EdgeKind.OWNS, "in")}
        for component in sorted(targets - own):
            graph.relate(setting.id, component, EdgeKind.NAMES_IMAGE)


def _built_tags(argv: list[object]) -> list[str]:
    """The ``-t``/``--tag`` names of each ``docker build`` / ``docker buildx build`` in argv."""
    words = [w for w in argv if isinstance(w, str)]
    tags: list[str] = []
    building = False
    for i, word in enumerate(words):
        if word in ("&&", "||", ";", "|"):
            building = False
        elif word == "build" and i > 0 and words[i - 1] in ("docker", "buildx"):
            building = True
        elif building and word in ("-t", "--tag") and i + 1 < len(words):
            tags.append(words[i + 1])
        elif building and word.startswith("--tag="):
            tags.append(word.removeprefix("--tag="))
    return [t for t in tags if _IMAGE_REF.match(t)]


def _repository(ref: str) -> str:
    """The repository of an image reference, without its tag (a registry port stays)."""
    head, sep, tail = ref.rpartition(":")
    return head if sep and "/" not in tail else ref
