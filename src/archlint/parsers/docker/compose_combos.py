"""Compose files a repository uses together, read from texts (nothing is run).

``docker compose`` merges several files into one project when it is told to: ``COMPOSE_FILE`` in
the ``.env`` of the folder it runs in (``a.yml:b.yml``), ``-f a.yml -f b.yml`` on its command line
(found in package.json scripts, Makefiles and shell scripts), or an ``include:`` in a file. A file
whose services depend on services it does not define is an overlay of a file that does.

:func:`script_inputs` says, from paths alone, which scripts a compose unit reads for this;
:func:`combinations` reads them.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from collections.abc import Collection, Iterable, Mapping

from archlint.parsers.base import SourceFile
from archlint.parsers.common.interpolation import parse_dotenv

# files that hold docker compose command lines: where `-f a -f b` is written
SCRIPT_NAMES = frozenset({"package.json", "Makefile", "makefile", "GNUmakefile", "Justfile"})
SCRIPT_SUFFIXES = (".sh", ".mk", ".bash")

_SEPARATORS = {"&&", "||", ";", "|", "&"}
_FILE_FLAGS = {"-f", "--file"}


def script_inputs(anchor: str, paths: Iterable[str]) -> list[str]:
    """Scripts that may combine ``anchor`` with other compose files: the script files of the
    anchor's folder and of every folder above it (commands run from there name it by path)."""
    folder = posixpath.dirname(anchor)
    above = {""}
    while folder:
        above.add(folder)
        folder = posixpath.dirname(folder)
    found = []
    for path in paths:
        name = path.rpartition("/")[2]
        if posixpath.dirname(path) in above and (
            name in SCRIPT_NAMES or name.endswith(SCRIPT_SUFFIXES)
        ):
            found.append(path)
    return sorted(found)


def combinations(
    sources: Mapping[str, SourceFile], scripts: Iterable[str], known: Collection[str]
) -> list[list[str]]:
    """Every list of two or more ``known`` compose files that a script or a ``.env``
    (``COMPOSE_FILE``) among ``scripts`` runs as one project, in merge order."""
    found: list[list[str]] = []
    for path in scripts:
        source = sources.get(path)
        if source is None:
            continue
        folder = posixpath.dirname(path)
        if path.rpartition("/")[2] == ".env":
            value = parse_dotenv(source.text).get("COMPOSE_FILE", "")
            sep = parse_dotenv(source.text).get("COMPOSE_PATH_SEPARATOR") or ":"
            lists = [[p for p in value.split(sep) if p]]
        else:
            lists = [files for line in _command_lines(source) for files in _file_flags(line)]
        for files in lists:
            resolved = [_resolve(folder, f, known) for f in files]
            if len(resolved) > 1 and all(resolved):
                found.append([r for r in resolved if r is not None])
    return found


def references(services: Mapping[str, object]) -> set[str]:
    """Services named by ``depends_on``, ``links``, ``extends`` and ``network_mode: service:``
    of the given (plain) service mappings."""
    named: set[str] = set()
    for svc in services.values():
        if not isinstance(svc, dict):
            continue
        deps = svc.get("depends_on")
        if isinstance(deps, dict | list):
            named.update(str(d) for d in deps)
        for link in svc.get("links") or []:
            named.add(str(link).split(":", 1)[0])
        extends = svc.get("extends")
        if isinstance(extends, dict) and "file" not in extends and "service" in extends:
            named.add(str(extends["service"]))
        mode = svc.get("network_mode")
        if isinstance(mode, str) and mode.startswith("service:"):
            named.add(mode.partition(":")[2])
    return named


def _command_lines(source: SourceFile) -> list[str]:
    if source.pure.name != "package.json":
        # a Makefile or shell script: join continued lines, one command a line
        return source.text.replace("\\\n", " ").splitlines()
    try:
        data = json.loads(source.text)
    except (ValueError, RecursionError):
        return []  # the package.json parser reports it
    scripts = data.get("scripts") if isinstance(data, dict) else None
    if not isinstance(scripts, dict):
        return []
    return [str(v) for _, v in sorted(scripts.items()) if isinstance(v, str)]


def _file_flags(line: str) -> list[list[str]]:
    """The ``-f`` files of each compose invocation on a command line."""
    try:
        argv = shlex.split(line, comments=True)
    except ValueError:
        argv = line.split()
    # each command of a chain on its own; `node scripts/docker.mjs -f a -f b` (a wrapper that
    # passes -f on to compose) counts too: only files that are compose files of the repository
    # are kept (see _resolve)
    found: list[list[str]] = []
    files: list[str] = []
    for i, word in enumerate(argv):
        if word in _SEPARATORS:
            found.append(files)
            files = []
        elif word in _FILE_FLAGS and i + 1 < len(argv):
            files.append(argv[i + 1])
        elif word.startswith("--file="):
            files.append(word.partition("=")[2])
    found.append(files)
    return [f for f in found if f]


def _resolve(folder: str, written: str, known: Collection[str]) -> str | None:
    """A ``-f`` path as a repository path: relative to the script's folder, else to the root."""
    if re.search(r"[$`*]", written):
        return None
    for base in (folder, ""):
        path = posixpath.normpath(posixpath.join(base, written))
        if path in known:
            return path
    return None
