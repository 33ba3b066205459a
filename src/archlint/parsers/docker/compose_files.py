"""Which compose files make one project, the way ``docker compose`` picks them.

A folder's base file (``compose.yaml``, ``compose.yml``, ``docker-compose.yaml``,
``docker-compose.yml``, first found wins) loads its ``.override`` file; a variant
(``compose.prod.yaml``, ``docker-compose-dev.yml``) is layered on the base of its stem, unless it
shares no service with it (:func:`layered`). Decided from paths, plus texts for the last point.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import PurePosixPath

from archlint.formats.yamlpos import YamlError, load
from archlint.parsers.base import SourceFile
from archlint.parsers.docker.compose_combos import references

BASES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
OVERRIDES = (
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)
# compose.<x>.yaml, docker-compose.<x>.yml and docker-compose-<x>.yml / docker-compose_<x>.yml
VARIANT = re.compile(r"(compose\.|docker-compose[._-])(.+)\.ya?ml")
# dev-compose.yml, services-compose.yml, app.compose.yaml: compose files by name, each a project
# of its own (run with -f) unless a script or COMPOSE_FILE combines it with others
PREFIXED = re.compile(r"(?!(docker-)?compose[._-])[^/]+[._-](docker-)?compose\.ya?ml")


def project_files(anchor: str, exists: Callable[[str], bool]) -> list[str]:
    """The files of the project ``anchor`` heads, in merge order; [] when another file's project
    consumed it. A variant comes after the base it may layer on (see :func:`layered`)."""
    source = PurePosixPath(anchor)
    parent = source.parent.as_posix()
    folder = "" if parent == "." else parent

    def there(name: str) -> str | None:
        path = posixpath.join(folder, name)
        return path if path == anchor or exists(path) else None

    name = source.name
    if PREFIXED.fullmatch(name):
        return [anchor]
    stem = "docker-compose" if name.startswith("docker-compose") else "compose"
    winner = next((p for b in BASES if (p := there(b))), None)
    if name in BASES:
        if winner != anchor:
            return [anchor]  # compose ignores a second base; keep it as a project of its own
        same = [o for o in OVERRIDES if o.startswith(stem + ".")]
        others = [o for o in OVERRIDES if o not in same]
        override = next((p for o in same + others if (p := there(o))), None)
        return [anchor] if override is None else [anchor, override]
    base = next((p for b in BASES if b.startswith(stem + ".") and (p := there(b))), winner)
    if base is None:
        return [anchor]
    if name in OVERRIDES:
        same = [o for o in OVERRIDES if o.startswith(stem + ".")]
        picked = next((p for o in same + list(OVERRIDES) if (p := there(o))), None)
        if picked == anchor:
            return []  # the base's project consumed it
    return [base, anchor]


def layered(variant: SourceFile, base: SourceFile | None) -> bool:
    """Whether a variant (or an override the base did not pick) merges onto its base.

    A variant that shares no service with the base is a stack of its own
    (``docker-compose.ci.yml`` with its own ``api-e2e``), run with ``-f`` alone, not layered.
    An override is always layered, and so is an overlay whose services depend on services the
    base defines and it does not (``docker-compose.extras.yml`` adding a second replica that
    depends on the base's ``database``)."""
    if variant.pure.name in OVERRIDES:
        return True
    own, under = _services(variant.text), _services(base.text if base else "")
    if (references(own) - set(own)) & set(under):
        return True
    names = [set(own), set(under)]
    return not (all(names) and not (names[0] & names[1]))


def _services(text: str) -> dict[str, object]:
    try:
        data = load(text).data
    except YamlError:
        return {}
    services = data.get("services") if isinstance(data, dict) else None
    return {str(k): v for k, v in services.items()} if isinstance(services, dict) else {}
