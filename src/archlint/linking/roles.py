"""Role inference: which kind of deployable unit a component is, from its facts.

Which packages make which role, and which role wins, is data (:mod:`archlint.knowledge`,
``rules/data/roles.yaml``); this module only weighs a component's evidence against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archlint.knowledge import Markers, Role


@dataclass(frozen=True)
class Evidence:
    """What a component's facts say: its dependencies, server kinds and pulled images.

    ``npm`` holds runtime dependencies (dependencies, optionalDependencies), ``npm_all`` every
    npm dependency (devDependencies too: build tools). ``npm_peers`` are peerDependencies: a
    package that asks its host for React is a library (an SDK, a component kit), not an app of
    its own.
    """

    pypi: frozenset[str] = frozenset()
    npm: frozenset[str] = frozenset()
    servers: frozenset[str] = frozenset()
    images: frozenset[str] = frozenset()
    npm_peers: frozenset[str] = frozenset()
    npm_all: frozenset[str] = frozenset()
    packages: frozenset[str] = frozenset()  # ``<ecosystem>:<name>`` of the other ecosystems


def infer_roles(roles: Iterable[Role], evidence: Evidence) -> list[str]:
    """Every role the evidence supports, in the order of ``roles`` (most specific first).

    A role holds when one of its markers, or every group of its ``requires_all``, matches; a
    library (``library_peers``) counts by its server commands and images only. Roles are decided
    in order, and a role is dropped when a role of its ``unless`` was kept above it.
    """
    kept: list[str] = []
    for role in roles:
        if _supported(role, evidence) and not set(role.unless) & set(kept):
            kept.append(role.name)
    return kept


def _supported(role: Role, evidence: Evidence) -> bool:
    m = role.markers
    if m.servers & evidence.servers or _image_matches(m.images, evidence.images):
        return True
    if role.library_peers & evidence.npm_peers:
        return False
    if m.pypi & evidence.pypi or m.npm & evidence.npm or m.npm_build & evidence.npm_all:
        return True
    if m.packages & evidence.packages:
        return True
    return bool(role.requires_all) and all(_matches(g, evidence) for g in role.requires_all)


def _matches(group: Markers, evidence: Evidence) -> bool:
    return bool(
        group.pypi & evidence.pypi
        or group.npm & evidence.npm
        or group.npm_build & evidence.npm_all
        or group.packages & evidence.packages
        or group.servers & evidence.servers
        or _image_matches(group.images, evidence.images)
    )


def _image_matches(names: frozenset[str], images: frozenset[str]) -> bool:
    return any(name in image for image in images for name in names)
