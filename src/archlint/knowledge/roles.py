"""Knowledge: the decisions archlint ships as data, loaded and validated once.

Parsers and linkers produce facts; which packages make a component a backend, a frontend or a
worker, and which role wins over which, are decisions. They live in ``rules/data/roles.yaml``
(shipped in the wheel as ``archlint/rules/data``), which a user reads and changes through
``[tool.archlint.roles.<role>]`` (:class:`RoleChange`, applied by :meth:`Knowledge.changed`)
without touching Python. docs/roles.md describes the format.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from archlint.errors import Problem, ProblemCollector, RuleError
from archlint.knowledge.bundled import data_text

if TYPE_CHECKING:  # imported when a file is parsed: `archlint rules` needs no YAML
    from archlint.formats import yamlpos

ROLES_FILE = "bundled:data/roles.yaml"
MARKER_KEYS = ("pypi", "npm", "npm-build", "packages", "servers", "images")
# the `type` of the manifest facts the parsers write (docs/facts.md)
MANIFEST_TYPES = (
    "pyproject",
    "requirements",
    "package.json",
    "go.mod",
    "cargo",
    "maven",
    "gradle",
    "csproj",
    "composer",
    "gemfile",
)
_TOP_KEYS = ("version", "roles")
_ROLE_KEYS = ("markers", "requires-all", "library-peers", "unless", "declared-by")


@dataclass(frozen=True)
class Markers:
    """Evidence for a role; any one item is enough. ``images`` are substrings of a reference.

    ``npm`` matches runtime dependencies only (dependencies, optionalDependencies): what a
    package needs to run, not what its tests or its host bring; ``npm_build`` matches a package
    of any group, for build tools and dev servers, which are devDependencies by custom.
    ``packages`` are ``<ecosystem>:<name>`` of the other ecosystems
    (``go:github.com/gin-gonic/gin``, ``nuget:Microsoft.NET.Sdk.Web``), matched against main
    dependencies (and project SDKs, a Maven parent, Gradle plugins)."""

    pypi: frozenset[str] = frozenset()
    npm: frozenset[str] = frozenset()
    npm_build: frozenset[str] = frozenset()
    packages: frozenset[str] = frozenset()
    servers: frozenset[str] = frozenset()
    images: frozenset[str] = frozenset()

    def changed(self, add: Markers, remove: Markers) -> Markers:
        return Markers(
            (self.pypi | add.pypi) - remove.pypi,
            (self.npm | add.npm) - remove.npm,
            (self.npm_build | add.npm_build) - remove.npm_build,
            (self.packages | add.packages) - remove.packages,
            (self.servers | add.servers) - remove.servers,
            (self.images | add.images) - remove.images,
        )


@dataclass(frozen=True)
class Role:
    """One role: what makes it (``markers``, or every group of ``requires_all`` together), what
    makes a package a library rather than such an app (``library_peers``), which roles listed
    above it win over it (``unless``), and which manifest types declare such a component, first
    found first (``declared_by``: a Python service with a package.json of lint tools beside it is
    declared by its pyproject.toml)."""

    name: str
    markers: Markers = field(default_factory=Markers)
    requires_all: tuple[Markers, ...] = ()
    library_peers: frozenset[str] = frozenset()
    unless: tuple[str, ...] = ()
    declared_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleChange:
    """What a user's config adds to and removes from a role's evidence."""

    add: Markers = field(default_factory=Markers)
    remove: Markers = field(default_factory=Markers)


@dataclass(frozen=True)
class Knowledge:
    """The roles in precedence order (most specific first), and where they were read from."""

    roles: tuple[Role, ...]
    source: str = ROLES_FILE

    @property
    def role_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.roles)

    def changed(self, changes: Mapping[str, RoleChange]) -> Knowledge:
        """The roles with ``changes`` applied: added packages count for the role (its markers),
        removed ones count nowhere for it (markers and every ``requires_all`` group)."""
        unknown = sorted(set(changes) - set(self.role_names))
        if unknown:
            raise KeyError(f"no role {unknown[0]!r} (roles: {', '.join(self.role_names)})")
        roles = []
        for role in self.roles:
            change = changes.get(role.name)
            if change is None:
                roles.append(role)
                continue
            groups = tuple(g.changed(Markers(), change.remove) for g in role.requires_all)
            markers = role.markers.changed(change.add, change.remove)
            roles.append(replace(role, markers=markers, requires_all=groups))
        return Knowledge(tuple(roles), self.source)


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """The bundled roles: the wheel's ``archlint/rules/data/roles.yaml``, or the source tree's."""
    return parse_knowledge(ROLES_FILE, data_text("roles.yaml"))


def parse_knowledge(name: str, text: str) -> Knowledge:
    """Validate a roles file; raise :class:`RuleError` listing every problem with its line."""
    from archlint.formats import yamlpos

    try:
        doc = yamlpos.load(text)
    except yamlpos.YamlError as exc:
        raise RuleError(Problem(path=name, message=str(exc), line=exc.line)) from None
    reader = _Reader(name, doc)
    knowledge = reader.knowledge()
    reader.problems.raise_if_any(RuleError)
    return knowledge


# -- private --------------------------------------------------------------------------------------


class _Reader:
    """Reads one roles document, collecting every problem before raising."""

    def __init__(self, name: str, doc: yamlpos.YamlDoc) -> None:
        self.name, self.doc = name, doc
        self.problems = ProblemCollector()

    def knowledge(self) -> Knowledge:
        data = self.doc.data
        if not isinstance(data, dict):
            self._add((), f"expected a mapping with {', '.join(_TOP_KEYS)}")
            return Knowledge(())
        self._unknown(data, (), _TOP_KEYS)
        if data.get("version") != 1:
            self._add(("version",), f"expected version: 1, got {data.get('version')!r}")
        roles = data.get("roles")
        if not isinstance(roles, dict) or not roles:
            self._add(("roles",), "expected a mapping of role names to roles")
            return Knowledge(())
        read: list[Role] = []
        for name, body in roles.items():
            read.append(self._role(str(name), body, [r.name for r in read], list(roles)))
        return Knowledge(tuple(read))

    def _role(self, name: str, body: Any, above: list[str], every: list[str]) -> Role:
        path = ("roles", name)
        if not isinstance(body, dict):
            self._add(path, f"expected a mapping with any of {', '.join(_ROLE_KEYS)}")
            return Role(name)
        self._unknown(body, path, _ROLE_KEYS)
        markers = self._markers(body.get("markers", {}), (*path, "markers"))
        groups_raw = body.get("requires-all", [])
        if not isinstance(groups_raw, list):
            self._add((*path, "requires-all"), "expected a list of marker groups")
            groups_raw = []
        groups = tuple(
            self._markers(g, (*path, "requires-all", i), required=True)
            for i, g in enumerate(groups_raw)
        )
        if markers == Markers() and not groups:
            self._add(path, f"role {name!r} has no markers and no requires-all: nothing makes it")
        unless = self._strings(body.get("unless", []), (*path, "unless"))
        for i, other in enumerate(unless):
            if other not in above:
                where = "is listed below it" if other in every else "is no role"
                hint = difflib.get_close_matches(other, every, n=1)
                tip = f"; did you mean {hint[0]!r}?" if hint and other not in every else ""
                message = f"unless names {other!r}, which {where} (roles above: "
                self._add((*path, "unless", i), message + f"{', '.join(above) or 'none'}){tip}")
        peers = frozenset(self._strings(body.get("library-peers", []), (*path, "library-peers")))
        declared_by = self._strings(body.get("declared-by", []), (*path, "declared-by"))
        for i, kind in enumerate(declared_by):
            if kind not in MANIFEST_TYPES:
                message = f"no manifest type {kind!r} (types: {', '.join(MANIFEST_TYPES)})"
                self._add((*path, "declared-by", i), message)
        return Role(name, markers, groups, peers, unless, declared_by)

    def _markers(self, raw: Any, path: yamlpos.Path, *, required: bool = False) -> Markers:
        if not isinstance(raw, dict) or (required and not raw):
            self._add(path, f"expected a mapping with any of {', '.join(MARKER_KEYS)}")
            return Markers()
        self._unknown(raw, path, MARKER_KEYS)
        found = {
            k.replace("-", "_"): frozenset(self._strings(raw.get(k, []), (*path, k)))
            for k in MARKER_KEYS
        }
        return Markers(**found)

    def _strings(self, raw: Any, path: yamlpos.Path) -> tuple[str, ...]:
        if not isinstance(raw, list) or not all(isinstance(v, str) and v for v in raw):
            self._add(path, f"expected a list of non-empty strings, got {raw!r}")
            return ()
        return tuple(raw)

    def _unknown(self, table: dict[Any, Any], path: yamlpos.Path, keys: tuple[str, ...]) -> None:
        for key in sorted(str(k) for k in table if k not in keys):
            hint = difflib.get_close_matches(key, keys, n=1)
            tip = f"; did you mean {hint[0]!r}?" if hint else f" (keys: {', '.join(keys)})"
            self._add((*path, key), f"unknown key {key!r}{tip}")

    def _add(self, path: yamlpos.Path, message: str) -> None:
        key = ".".join(str(p) for p in path) or None
        self.problems.add(self.name, message, line=self.doc.line(*path), key=key)
