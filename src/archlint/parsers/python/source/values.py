"""Static values of Python expressions, computed without running anything.

Extraction turns an expression into a small symbolic tree (:data:`Sym`) while its module is
parsed; names it cannot settle inside that module become :class:`Ref` s to a qualified name.
Once every module of the unit is summarised, :func:`resolve` settles the tree against the
unit's table of module-level bindings (constants, settings fields, import aliases). Whatever
cannot be settled is :data:`UNKNOWN`, and rules stay quiet on it: never a guess.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_DEPTH = 12  # Refs followed through at most this many bindings (a cycle ends there)


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True, slots=True)
class Const:
    value: Any  # int, float, str, bool, None


@dataclass(frozen=True, slots=True)
class Ref:
    qualname: str  # a module-level name of the unit, possibly with attributes after it


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: Sym
    right: Sym


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple[Sym, ...]


@dataclass(frozen=True, slots=True)
class Dict:
    items: tuple[tuple[str, Sym], ...]  # string keys only; others make the dict unknown


@dataclass(frozen=True, slots=True)
class Timedelta:
    parts: tuple[tuple[str, Sym], ...]  # (unit, amount): ("minutes", Const(15))


@dataclass(frozen=True, slots=True)
class Now:
    """``datetime.now()``, ``datetime.utcnow()``, ``time.time()``: the moment of the call."""


@dataclass(frozen=True, slots=True)
class Env:
    name: Sym
    default: Sym | None  # ``os.getenv("X", "d")``: the default as written


@dataclass(frozen=True, slots=True)
class FStr:
    parts: tuple[Sym, ...]


@dataclass(frozen=True, slots=True)
class Opaque:
    """A value the extractor does not follow (a call, a comprehension); ``call`` names the
    callee when it is a call, so a rule can still tell ``secrets.token_urlsafe()``."""

    call: str | None = None


Sym = Const | Ref | BinOp | Seq | Dict | Timedelta | Now | Env | FStr | Opaque


@dataclass(frozen=True, slots=True)
class Duration:
    seconds: float


@dataclass(frozen=True, slots=True)
class Expiry:
    """A moment ``seconds`` after the call: ``datetime.now() + timedelta(minutes=15)``."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Resolved:
    value: Any  # a plain value, Duration, Expiry, or UNKNOWN
    literal: bool  # settled from literals in code alone (no environment read, no call)
    via: str | None = None  # the first named binding the value was read through


SECONDS: dict[str, float] = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60}
SECONDS["seconds"] = 1
SECONDS.update({"milliseconds": 0.001, "microseconds": 0.000001})

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
}

Lookup = Callable[[str], "Sym | None"]


def resolve(sym: Sym, lookup: Lookup, depth: int = 0) -> Resolved:
    """The value of ``sym``; ``lookup`` gives the binding of a qualified name (None: none)."""
    if depth > _DEPTH:
        return Resolved(UNKNOWN, False)
    if isinstance(sym, Const):
        return Resolved(sym.value, True)
    if isinstance(sym, Ref):
        bound = lookup(sym.qualname)
        if bound is None:
            return Resolved(UNKNOWN, False, sym.qualname)
        inner = resolve(bound, lookup, depth + 1)
        return Resolved(inner.value, inner.literal, sym.qualname)
    if isinstance(sym, BinOp):
        return _binop(sym, lookup, depth)
    if isinstance(sym, Seq):
        items = [resolve(s, lookup, depth + 1) for s in sym.items]
        values = [i.value for i in items]
        ok = all(v is not UNKNOWN for v in values)
        return Resolved(values if ok else UNKNOWN, ok and all(i.literal for i in items))
    if isinstance(sym, Dict):
        pairs = {k: resolve(v, lookup, depth + 1) for k, v in sym.items}
        return Resolved(
            {k: r.value for k, r in pairs.items()}, all(r.literal for r in pairs.values())
        )
    if isinstance(sym, Timedelta):
        return _timedelta(sym, lookup, depth)
    if isinstance(sym, Env):
        default = resolve(sym.default, lookup, depth + 1) if sym.default is not None else None
        # the environment decides at run time; only the default as written is known
        return Resolved(UNKNOWN, False, None if default is None else default.via)
    if isinstance(sym, FStr):
        parts = [resolve(p, lookup, depth + 1) for p in sym.parts]
        if all(isinstance(p.value, str | int | float) for p in parts):
            return Resolved("".join(str(p.value) for p in parts), all(p.literal for p in parts))
        return Resolved(UNKNOWN, False)
    if isinstance(sym, Now):
        return Resolved(Now(), False)
    return Resolved(UNKNOWN, False)


def fstring_prefix(sym: Sym) -> str | None:
    """The literal text an f-string starts with (``f"postgresql+asyncpg://{user}..."``)."""
    if isinstance(sym, FStr) and sym.parts and isinstance(sym.parts[0], Const):
        first = sym.parts[0].value
        return first if isinstance(first, str) else None
    return None


def plain(value: Any) -> Any:
    """A resolved value as a fact attribute: scalars, lists and maps of them, else None."""
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, Duration):
        return plain(value.seconds)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in sorted(value.items())}
    return None


def known(value: Any) -> bool:
    """Whether a resolved value is fully known (no part of it unknown, not the current time)."""
    return _all_known(value) and not isinstance(value, Now)


def _all_known(value: Any) -> bool:
    if value is UNKNOWN:
        return False
    if isinstance(value, Mapping):
        return all(_all_known(v) for v in value.values())
    if isinstance(value, list):
        return all(_all_known(v) for v in value)
    return True


def _binop(sym: BinOp, lookup: Lookup, depth: int) -> Resolved:
    left = resolve(sym.left, lookup, depth + 1)
    right = resolve(sym.right, lookup, depth + 1)
    lit = left.literal and right.literal
    a, b = left.value, right.value
    via = left.via or right.via
    if isinstance(a, Now) and isinstance(b, Duration) and sym.op == "+":
        return Resolved(Expiry(b.seconds), lit, via)
    if isinstance(a, Duration) and isinstance(b, Now) and sym.op == "+":
        return Resolved(Expiry(a.seconds), lit, via)
    if isinstance(a, Now) and _number(b) and sym.op == "+":  # time.time() + 3600
        return Resolved(Expiry(float(b)), lit, via)
    if isinstance(a, Duration) and _number(b) and sym.op in ("*", "/", "//"):
        return Resolved(Duration(float(_OPS[sym.op](a.seconds, b))), lit, via)
    if isinstance(a, Duration) and isinstance(b, Duration) and sym.op in ("+", "-"):
        return Resolved(Duration(_OPS[sym.op](a.seconds, b.seconds)), lit, via)
    ok = (_number(a) and _number(b)) or (
        isinstance(a, str) and isinstance(b, str) and sym.op == "+"
    )
    if not ok:
        return Resolved(UNKNOWN, False, via)
    try:
        return Resolved(_OPS[sym.op](a, b), lit, via)
    except (ArithmeticError, ValueError, OverflowError):
        return Resolved(UNKNOWN, False, via)


def _timedelta(sym: Timedelta, lookup: Lookup, depth: int) -> Resolved:
    total = 0.0
    literal = True
    via = None
    for unit, amount in sym.parts:
        r = resolve(amount, lookup, depth + 1)
        via = via or r.via
        if not _number(r.value) or unit not in SECONDS:
            return Resolved(UNKNOWN, False, via)
        total += float(r.value) * SECONDS[unit]
        literal = literal and r.literal
    return Resolved(Duration(total), literal, via)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
