"""Documentation sites: where they are, and which commands serve them.

A docs site needs no manifest: ``mkdocs.yml``, ``docusaurus.config.*`` or a Sphinx ``conf.py``
(beside an ``index.rst``/``index.md``) roots a component of role ``docs`` at its folder. A
command that serves a site elsewhere (``mkdocs serve -f docs/mkdocs.yml`` in a Procfile at the
root, ``sphinx-autobuild docs/source build``, ``docusaurus start website``) belongs to that
site's component, with its port, so the docs-port rule (PRT003) reads it.
"""

from __future__ import annotations

import posixpath
import re

from archlint.domain.facts import Fact, NodeKind
from archlint.domain.graph import FactGraph
from archlint.domain.location import Location, folder_of

_CONFIGS = re.compile(r"^(mkdocs\.ya?ml|docusaurus\.config\.(js|cjs|mjs|ts))$")
_SPHINX_INDEX = frozenset({"index.rst", "index.md", "index.txt"})
# how a docs server's command names its site: a config-file flag, or the first positional
_CONFIG_FLAGS = frozenset({"-f", "--config-file"})


def docs_site_roots(graph: FactGraph) -> dict[str, Location]:
    """Folder -> the config file (line 1) of every docs site in the repository."""
    paths = sorted(str(f.get("path")) for f in graph.facts(NodeKind.FILE))
    indexed = {folder_of(p) for p in paths if posixpath.basename(p) in _SPHINX_INDEX}
    found: dict[str, Location] = {}
    for path in paths:
        name, folder = posixpath.basename(path), folder_of(path)
        if _CONFIGS.match(name) or (name == "conf.py" and folder in indexed):
            found.setdefault(folder, Location(path, 1, 1))
    return found


def served_site(command: Fact, sites: dict[str, Location]) -> str | None:
    """The folder of the docs site ``command`` serves, when it names one other than its own."""
    if "docs" not in (command.get("server_kinds") or []):
        return None
    argv = [str(a) for a in command.get("argv") or []]
    base = folder_of(command.location.path)
    for target in _targets(argv):
        path = posixpath.normpath(posixpath.join(base, target)) if base else target
        path = posixpath.normpath(path)
        for folder in (path, folder_of(path)):
            folder = "" if folder == "." else folder
            if folder in sites:
                return folder
    return None


def _targets(argv: list[str]) -> list[str]:
    """Paths a docs command names: ``-f X`` / ``--config-file=X`` values, and positionals."""
    targets: list[str] = []
    words = iter(argv[1:])
    for word in words:
        flag, eq, value = word.partition("=")
        if flag in _CONFIG_FLAGS:
            targets.append(value if eq else next(words, ""))
        elif not word.startswith("-") and word not in ("serve", "start", "build", "run", "exec"):
            targets.append(word)
    return [t for t in targets if t and not t.startswith(("$", "http"))]
