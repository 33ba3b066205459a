from __future__ import annotations

import pytest
from packaging.version import Version

from archlint.engine.versions import lowest_satisfies, lowest_version, valid_specifier


@pytest.mark.parametrize(
    ("declared", "floor"),
    [
        # npm
        ("^3.4.1", "3.4.1"),
        ("~4.0", "4.0"),
        ("4.x", "4"),
        ("1.x.x", "1"),
        ("3", "3"),
        ("v2.1.0", "2.1.0"),
        ("=1.0.0", "1.0.0"),
        (">=3 <5", "3"),
        (">= 3.0", "3.0"),
        (">1.2.3", "1.2.3"),
        ("1.2.3 - 2.0.0", "1.2.3"),
        ("^0.0.3", "0.0.3"),
        ("<5 >=2", "2"),
        ("^1.2 || ^2", "1.2"),
        ("^2 || ^1.5", "1.5"),
        ("npm:other-package@^2.1", "2.1"),
        ("workspace:^1.2.0", "1.2.0"),
        ("  ^3.0.0  ", "3.0.0"),
        # PEP 440
        (">=2.0,<3", "2.0"),
        ("==1.4.*", "1.4"),
        ("~=2.1", "2.1"),
        ("!=1.5,>=1.0", "1.0"),
        ("<3,>=2.2", "2.2"),
        ("===1.0", "1.0"),
        # no floor we can read
        ("<5", None),
        ("<=3 || >=5", None),
        ("*", None),
        ("x", None),
        ("", None),
        ("latest", None),
        ("workspace:*", None),
        ("file:../shared", None),
        ("git+https://github.com/a/b.git#v1.2", None),
        ("github:user/repo#v2", None),
        ("user/repo#v2.0.0", None),
        ("https://example.com/pkg-1.2.3.tgz", None),
    ],
)
def test_lowest_version(declared: str, floor: str | None) -> None:
    assert lowest_version(declared) == (Version(floor) if floor else None)


@pytest.mark.parametrize(
    ("declared", "specifier", "expected"),
    [
        ("^3.4.1", "<4", True),
        ("^4.0.0", "<4", False),
        ("~4.1", ">=4", True),
        (">=3 <5", "<4", True),
        (">=2.0,<3", ">=2", True),
        ("==1.4.*", "<1.4", False),
        ("^1.2 || ^4", "<2", True),
        # unknown floor: nothing is satisfied, so rules stay quiet
        ("*", "<4", False),
        ("latest", ">=0", False),
        ("<5", "<5", False),
        ("git+https://x/y.git#v1", "<4", False),
        # an invalid specifier is never satisfied (the loader rejects it first)
        ("^3", ">>4", False),
    ],
)
def test_lowest_satisfies(declared: str, specifier: str, expected: bool) -> None:
    assert lowest_satisfies(declared, specifier) is expected


@pytest.mark.parametrize(
    ("specifier", "valid"),
    [(">=4", True), ("<4,>=3", True), ("~=2.1", True), ("", True), (">>4", False), ("^4", False)],
)
def test_valid_specifier(specifier: str, valid: bool) -> None:
    assert valid_specifier(specifier) is valid
