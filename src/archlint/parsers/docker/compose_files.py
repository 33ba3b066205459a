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

BASES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
OVERRIDES = (
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)
# compose.<x>.yaml, docker-compose.<x>.yml and docker-compose-<x>.yml / docker-compose_<x>.yml
VARIANT = re.compile(r"(compose\.|docker-compose[._-])(.+)\.ya?ml")


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
    An override is always layered."""
    if variant.pure.name in OVERRIDES:
        return True
    names = [_service_names(variant.text), _service_names(base.text if base else "")]
    return not (all(names) and not (names[0] & names[1]))


def _service_names(text: str) -> set[str]:
    try:
        data = load(text).data
    except YamlError:
        return set()
    services = data.get("services") if isinstance(data, dict) else None
    return {str(k) for k in services} if isinstance(services, dict) else set()
