"""Version ranges: does the lowest version a declared range admits satisfy a specifier?

Declared ranges come from npm (``^3.4.1``, ``~4.0``, ``>=3 <5``, ``4.x``) and PEP 440
(``>=2.0,<3``, ``==1.4.*``, ``~=2.1``). The lowest version admitted is what the rule reasons about
("tailwindcss below 4" means a range whose floor is below 4). A range with no floor we can read
(``*``, ``latest``, ``workspace:*``, a git URL) satisfies nothing, so rules stay quiet about it.
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

_FLOOR = re.compile(r"(?:^|[\s,(|^~=>v])(\d+(?:\.(?:\d+|[xX*]))*)")


# sources that are not a version range: git, GitHub shorthands, URLs, local paths
_NOT_A_RANGE = re.compile(r"^(?:git[+:]|github:|gitlab:|bitbucket:|file:|link:|https?:|[\w.-]+/)")


def lowest_version(declared: str) -> Version | None:
    """The floor of ``declared``: the first version number that is not behind a ``<``.

    With alternatives (``^1 || ^2``) it is the lowest floor; an alternative without one (``<2``)
    means there is no floor.
    """
    text = declared.strip()
    if text.startswith("npm:") and "@" in text:
        text = text.rsplit("@", 1)[1]
    if _NOT_A_RANGE.match(text):
        return None
    floors = [_floor(alt) for alt in text.split("||")]
    if not floors or any(f is None for f in floors):
        return None
    return min(f for f in floors if f is not None)


def _floor(alternative: str) -> Version | None:
    text = alternative.strip()
    for m in _FLOOR.finditer(text):
        prefix = text[: m.start(1)].rstrip()
        if prefix.endswith("<") or prefix.endswith("<=") or prefix.endswith("!="):
            continue
        parts = [p for p in m.group(1).split(".") if p not in {"x", "X", "*"}]
        try:
            return Version(".".join(parts))
        except InvalidVersion:
            return None
    return None


def lowest_satisfies(declared: str, specifier: str) -> bool:
    floor = lowest_version(declared)
    if floor is None:
        return False
    try:
        return SpecifierSet(specifier).contains(floor, prereleases=True)
    except InvalidSpecifier:
        return False


def valid_specifier(specifier: str) -> bool:
    try:
        SpecifierSet(specifier)
    except InvalidSpecifier:
        return False
    return True
