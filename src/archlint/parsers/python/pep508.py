"""Python requirement strings (PEP 508) and package names (PEP 503), shared by the Python manifests.

Pure string work and deliberately lenient about versions (any PEP 440-looking token is accepted):
the manifests only need the name, extras, version spec, markers and where a direct reference points.
Emits no facts itself; :func:`dependency_attrs` is the attribute set of every ``pypi``
dependency fact.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_REQUIREMENT = re.compile(
    rf"""^\s*(?P<name>{_NAME})\s*
    (?:\[(?P<extras>[^\]]*)\]\s*)?
    (?:@\s*(?P<url>\S+)\s*|(?P<spec>[^;@]*))
    (?:;(?P<markers>.*))?$""",
    re.VERBOSE,
)
_CLAUSE = re.compile(r"^\s*(~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9_.*+!-]+\s*$")
_MARKER_OP = re.compile(r"==|!=|<=|>=|<|>|~=|\bin\b")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_EGG = re.compile(rf"[#&]egg=(?P<name>{_NAME})(?:\[(?P<extras>[^\]]*)\])?")
_ARCHIVE = re.compile(rf"^(?P<name>{_NAME}?)-[0-9].*(\.whl|\.tar\.gz|\.tar\.bz2|\.tgz|\.zip)$")
_VCS = ("git+", "hg+", "svn+", "bzr+")


class InvalidRequirement(ValueError):
    """A string that is not a PEP 508 requirement; the message says what is wrong."""


class Requirement(NamedTuple):
    name: str  # PEP 503 normalised
    spec: str  # as written, outer parentheses dropped; "" for none and for direct references
    extras: tuple[str, ...]  # normalised, sorted
    markers: str | None
    url: str | None  # a direct reference (``name @ url``, ``-e``, egg fragment)
    source: str  # registry | git | vcs | path | url


def normalize_name(name: str) -> str:
    """PEP 503: lowercase, every run of ``-``, ``_`` and ``.`` becomes one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirement(text: str) -> Requirement:
    """A PEP 508 requirement string; raises :class:`InvalidRequirement`."""
    m = _REQUIREMENT.match(text)
    if m is None:
        raise InvalidRequirement(f"{text.strip()!r} is not a PEP 508 requirement")
    extras = _extras(m.group("extras"), text)
    markers = _markers(m.group("markers"), text)
    url = m.group("url")
    if url is not None:
        return Requirement(
            normalize_name(m.group("name")), "", extras, markers, url, source_of(url)
        )
    spec = m.group("spec").strip()
    if spec.startswith("(") and spec.endswith(")"):
        spec = spec[1:-1].strip()
    if spec and not all(_CLAUSE.match(c) for c in spec.split(",")):
        raise InvalidRequirement(f"{text.strip()!r}: bad version specifier {spec!r}")
    return Requirement(normalize_name(m.group("name")), spec, extras, markers, None, "registry")


def is_reference(text: str) -> bool:
    """Whether pip would read ``text`` as a URL or a path rather than as a requirement."""
    words = text.split(";", 1)[0].split()
    head = words[0] if words else ""
    if _SCHEME.match(head) or head in {".", ".."}:
        return True
    if head.startswith(("./", "../", "/", "~")):
        return True
    return "/" in head and "@" not in head


def parse_reference(text: str) -> Requirement | None:
    """A bare URL or path (pip ``-e`` or direct reference); None when it does not name a package.

    The name comes from an ``#egg=`` fragment or a wheel / sdist file name.
    """
    url, _, markers = text.strip().partition(";")
    url = url.strip()
    egg = _EGG.search(url)
    if egg is not None:
        name, extras = egg.group("name"), _extras(egg.group("extras"), text)
    else:
        archive = _ARCHIVE.match(url.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[-1])
        if archive is None or not archive.group("name"):
            return None
        name, extras = archive.group("name"), ()
    return Requirement(
        normalize_name(name), "", extras, markers.strip() or None, url, source_of(url)
    )


def source_of(url: str) -> str:
    """Where a direct reference points: git, vcs (other version control), path or url."""
    if url.startswith("git+") or url.startswith("git://"):
        return "git"
    if url.startswith(_VCS):
        return "vcs"
    if url.startswith("file:") or not _SCHEME.match(url):
        return "path"
    return "url"


def dependency_attrs(
    req: Requirement, group: str, manifest_id: str, **extra: object
) -> dict[str, object]:
    """The attributes of a ``pypi`` dependency fact."""
    attrs: dict[str, object] = {
        "name": req.name,
        "spec": req.spec,
        "extras": list(req.extras),
        "markers": req.markers,
        "ecosystem": "pypi",
        "group": group,
        "manifest": manifest_id,
        "source": req.source,
        "url": req.url,
    }
    attrs.update(extra)
    return attrs


def unique_id(base: str, seen: dict[str, int]) -> str:
    """``base`` the first time, then ``base[2]``, ``base[3]``... (same name twice in one group)."""
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}[{seen[base]}]"


# -- private helpers ------------------------------------------------------------------------------
def _extras(raw: str | None, text: str) -> tuple[str, ...]:
    if raw is None or not raw.strip():
        return ()
    names = [e.strip() for e in raw.split(",")]
    bad = [e for e in names if not re.fullmatch(_NAME, e)]
    if bad:
        raise InvalidRequirement(f"{text.strip()!r}: bad extra {bad[0]!r}")
    return tuple(sorted({normalize_name(e) for e in names}))


def _markers(raw: str | None, text: str) -> str | None:
    if raw is None:
        return None
    markers = raw.strip()
    if not markers or not _MARKER_OP.search(markers):
        raise InvalidRequirement(f"{text.strip()!r}: bad environment marker {markers!r}")
    return markers
