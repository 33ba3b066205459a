"""Regular expressions from rule files and config, bounded so that no pattern can hang a run.

A pattern runs on RE2 (google-re2: linear time, no backtracking) when RE2 accepts it. RE2 has
no look-around or back-references; a pattern that needs them runs on Python's ``re``, but only
after a static check that it has no nested unbounded repetition (``(a+)+``, ``(x*)*y``), the
shape behind catastrophic backtracking. A pattern that fails the check is a rule error naming
the part to rewrite.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Protocol

try:  # pragma: no cover - which branch runs depends on the install
    import re2 as _re2

    _OPTIONS: Any = _re2.Options()
    _OPTIONS.log_errors = False  # RE2 would log every pattern it refuses to stderr
except ImportError:  # pragma: no cover
    _re2 = None

# sre_parse is not public API but is stable across CPython 3.11-3.13; import it lazily
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


class Pattern(Protocol):
    @property
    def pattern(self) -> str: ...

    def search(self, text: str) -> Any: ...


class UnsafePattern(ValueError):
    """A pattern that could backtrack catastrophically on Python's engine."""


@lru_cache(maxsize=4096)
def compile_bounded(pattern: str) -> Pattern:
    """The pattern on RE2, else on ``re`` when it cannot backtrack catastrophically.

    Raises ``re.error`` for an invalid pattern and :class:`UnsafePattern` for a dangerous one.
    """
    compiled = re.compile(pattern)  # the syntax errors users know, with their positions
    if _re2 is not None:
        try:
            return _Re2(pattern, _re2.compile(pattern, _OPTIONS))
        except Exception:
            pass
    nested = _nested_repeat(pattern)
    if nested is not None:
        raise UnsafePattern(
            "a repeated group that itself repeats (like `(a+)+`) can backtrack catastrophically, "
            "and its look-around or back-reference keeps it off the linear-time engine (RE2); "
            "rewrite it without the nested + or *"
        )
    return compiled


class _Re2:
    """RE2's compiled pattern with ``re``'s ``pattern`` attribute."""

    def __init__(self, pattern: str, compiled: Any) -> None:
        self.pattern = pattern
        self._compiled = compiled

    def search(self, text: str) -> Any:
        return self._compiled.search(text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Re2) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)


def _nested_repeat(pattern: str) -> str | None:
    """The pattern when an unbounded repetition contains another one, else None."""
    from re import _parser  # type: ignore[attr-defined,unused-ignore]

    tree = _parser.parse(pattern)
    return _walk(tree.data if hasattr(tree, "data") else list(tree), pattern, inside=False)


def _walk(items: Any, pattern: str, *, inside: bool) -> str | None:
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            _low, high, body = arg
            unbounded = high > 1000  # MAXREPEAT, or a huge bound that behaves alike
            if unbounded and inside:
                return pattern
            found = _walk(body, pattern, inside=inside or unbounded)
            if found:
                return found
        elif name == "SUBPATTERN":
            found = _walk(arg[-1], pattern, inside=inside)
            if found:
                return found
        elif name == "BRANCH":
            for branch in arg[1]:
                found = _walk(branch, pattern, inside=inside)
                if found:
                    return found
        elif name in ("ASSERT", "ASSERT_NOT"):
            found = _walk(arg[1], pattern, inside=inside)
            if found:
                return found
    return None
