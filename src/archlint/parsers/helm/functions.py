"""The functions charts call: Go's template builtins and the Sprig subset Helm charts use.

Pure functions of their arguments (Sprig's argument order: the piped value comes last). The
ones that need the renderer or the chart (``include``, ``tpl``, ``toYaml``, ``.Files``) are
bound in :mod:`archlint.parsers.helm.chart_render`. Deterministic stand-ins replace what would
be random or read the cluster (``randAlphaNum``, ``uuidv4``, ``now``, ``lookup``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from archlint.parsers.helm import encoding
from archlint.parsers.helm.evaluate import to_text, truth
from archlint.parsers.helm.output import origins_of, shifted

Func = Callable[..., Any]


def base_functions() -> dict[str, Func]:
    table: dict[str, Func] = {**_STRINGS, **_LOGIC, **_NUMBERS, **_COLLECTIONS, **encoding.FUNCS}
    for name in list(table):  # must*-variants fail where the plain one returns empty: same here
        table.setdefault("must" + name[0].upper() + name[1:], table[name])
    return table


# -- strings ------------------------------------------------------------------------------------
def _indent(n: int, text: Any) -> str:
    s = to_text(text)
    pad = " " * int(n)
    return shifted(pad + s.replace("\n", "\n" + pad), origins_of(s))


def _nindent(n: int, text: Any) -> str:
    s = to_text(text)
    pad = " " * int(n)
    own = origins_of(s)
    return (
        shifted("\n" + pad + s.replace("\n", "\n" + pad), (None, *own))
        if own
        else ("\n" + pad + s.replace("\n", "\n" + pad))
    )


def _trim(text: Any) -> str:
    s = to_text(text)
    stripped = s.strip()
    if not origins_of(s) or not stripped:
        return stripped
    dropped = s[: len(s) - len(s.lstrip())].count("\n")
    return shifted(stripped, origins_of(s), dropped)


def _trunc(n: int, text: Any) -> str:
    s, n = to_text(text), int(n)
    return s[:n] if n >= 0 else s[n:]


def _substr(start: int, end: int, text: Any) -> str:
    s = to_text(text)
    start, end = int(start), int(end)
    return s[start:] if end < 0 else s[max(start, 0) : end]


def _title(text: Any) -> str:
    return re.sub(r"\b[a-z]", lambda m: m.group().upper(), to_text(text))


def _words(text: Any) -> list[str]:
    return [w for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])", to_text(text)) if w]


def _quote(*args: Any) -> str:
    return " ".join(encoding.go_quote(to_text(a)) for a in args if a is not None)


def _squote(*args: Any) -> str:
    return " ".join(f"'{to_text(a)}'" for a in args if a is not None)


def _split(sep: str, text: Any) -> dict[str, str]:
    return {f"_{i}": part for i, part in enumerate(to_text(text).split(sep))}


def _splitn(sep: str, n: int, text: Any) -> dict[str, str]:
    return {f"_{i}": part for i, part in enumerate(to_text(text).split(sep, int(n) - 1))}


def _join(sep: str, items: Any) -> str:
    return str(sep).join(to_text(i) for i in _as_list(items))


_STRINGS: dict[str, Func] = {
    "indent": _indent,
    "nindent": _nindent,
    "trim": _trim,
    "trimAll": lambda cut, s: to_text(s).strip(str(cut)),
    "trimPrefix": lambda p, s: to_text(s).removeprefix(str(p)),
    "trimSuffix": lambda p, s: to_text(s).removesuffix(str(p)),
    "trunc": _trunc,
    "substr": _substr,
    "replace": lambda old, new, s: to_text(s).replace(str(old), str(new)),
    "lower": lambda s: to_text(s).lower(),
    "upper": lambda s: to_text(s).upper(),
    "title": _title,
    "untitle": lambda s: to_text(s)[:1].lower() + to_text(s)[1:],
    "camelcase": lambda s: "".join(w[:1].upper() + w[1:] for w in _words(s)),
    "kebabcase": lambda s: "-".join(w.lower() for w in _words(s)),
    "snakecase": lambda s: "_".join(w.lower() for w in _words(s)),
    "quote": _quote,
    "squote": _squote,
    "cat": lambda *a: " ".join(to_text(x) for x in a if x is not None),
    "nospace": lambda s: re.sub(r"\s", "", to_text(s)),
    "repeat": lambda n, s: to_text(s) * int(n),
    "contains": lambda sub, s: str(sub) in to_text(s),
    "hasPrefix": lambda p, s: to_text(s).startswith(str(p)),
    "hasSuffix": lambda p, s: to_text(s).endswith(str(p)),
    "split": _split,
    "splitn": _splitn,
    "splitList": lambda sep, s: to_text(s).split(str(sep)),
    "join": _join,
    "toString": to_text,
    "toStrings": lambda items: [to_text(i) for i in _as_list(items)],
    "print": lambda *a: _print(a),
    "println": lambda *a: " ".join(to_text(x) for x in a) + "\n",
    "printf": lambda fmt, *a: encoding.printf(str(fmt), a),
    "html": lambda s: to_text(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
    "plural": lambda one, many, n: one if int(n) == 1 else many,
    "wrap": lambda n, s: to_text(s),
    "abbrev": lambda n, s: (
        to_text(s) if len(to_text(s)) <= int(n) else to_text(s)[: int(n) - 3] + "..."
    ),
    "randAlphaNum": lambda n: "x" * int(n),
    "randAlpha": lambda n: "x" * int(n),
    "randNumeric": lambda n: "0" * int(n),
    "randAscii": lambda n: "x" * int(n),
    "uuidv4": lambda: "00000000-0000-4000-8000-000000000000",
    "base": lambda s: to_text(s).rstrip("/").rpartition("/")[2] or "/",
    "dir": lambda s: to_text(s).rpartition("/")[0] or ".",
    "ext": lambda s: (
        ("." + to_text(s).rpartition(".")[2]) if "." in to_text(s).rpartition("/")[2] else ""
    ),
}


def _print(args: tuple[Any, ...]) -> str:
    out = ""
    for i, a in enumerate(args):
        # Go's Sprint puts a space between operands when neither is a string
        if i and not isinstance(a, str) and not isinstance(args[i - 1], str):
            out += " "
        out += to_text(a)
    return out


# -- logic and comparison -----------------------------------------------------------------------
def _eq(a: Any, *others: Any) -> bool:
    return any(_same(a, b) for b in others)


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b or (a in ("", 0, False) and b is None) or (b in ("", 0, False) and a is None)
    return bool(a == b)


def _default(fallback: Any, *given: Any) -> Any:
    value = given[0] if given else None
    return value if truth(value) else fallback


def _empty(value: Any = None) -> bool:
    return not truth(value)


def _coalesce(*values: Any) -> Any:
    return next((v for v in values if truth(v)), None)


_LOGIC: dict[str, Func] = {
    "eq": _eq,
    "ne": lambda a, b: not _same(a, b),
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "not": lambda v: not truth(v),
    "default": _default,
    "empty": _empty,
    "coalesce": _coalesce,
    "ternary": lambda yes, no, cond: yes if truth(cond) else no,
    "all": lambda *v: all(truth(x) for x in v),
    "any": lambda *v: any(truth(x) for x in v),
}


# -- numbers ------------------------------------------------------------------------------------
def _int(value: Any) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, str):
        try:
            return int(float(value)) if "." in value or "e" in value.lower() else int(value, 0)
        except ValueError:
            return 0
    return int(value)


def _float(value: Any) -> float:
    try:
        return float(value) if value not in (None, "") else 0.0
    except (TypeError, ValueError):
        return 0.0


def _num(value: Any) -> int | float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else _int(value)


_NUMBERS: dict[str, Func] = {
    "int": _int,
    "int64": _int,
    "atoi": _int,
    "float64": _float,
    "add": lambda *a: sum(_num(x) for x in a),
    "add1": lambda a: _num(a) + 1,
    "sub": lambda a, b: _num(a) - _num(b),
    "mul": lambda *a: _product(a),
    "div": lambda a, b: (
        _num(a) // _num(b) if isinstance(_num(a) + _num(b), int) else _num(a) / _num(b)
    ),
    "divf": lambda a, b: _float(a) / _float(b),
    "mulf": lambda *a: _product(tuple(_float(x) for x in a)),
    "addf": lambda *a: sum(_float(x) for x in a),
    "subf": lambda a, b: _float(a) - _float(b),
    "mod": lambda a, b: _num(a) % _num(b),
    "max": lambda *a: max(_num(x) for x in a),
    "min": lambda *a: min(_num(x) for x in a),
    "floor": lambda a: float(int(_float(a) // 1)),
    "ceil": lambda a: float(-int(-_float(a) // 1)),
    "round": lambda a, p=0: round(_float(a), int(p)),
    "len": lambda v: len(v) if v is not None else 0,
    "until": lambda n: list(range(int(n))),
    "untilStep": lambda a, b, step: list(range(int(a), int(b), int(step))),
    "seq": lambda *a: " ".join(str(i) for i in range(int(a[0]), int(a[-1]) + 1)),
}


def _product(args: tuple[Any, ...]) -> int | float:
    out: int | float = 1
    for a in args:
        out *= _num(a)
    return out


# -- lists and dicts ----------------------------------------------------------------------------
def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, dict):
        return list(value.values())
    return [value]


def _dict(*args: Any) -> dict[str, Any]:
    pairs = list(args) + ([""] if len(args) % 2 else [])
    return {to_text(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


def _set(d: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    d[key] = value
    return d


def _unset(d: dict[str, Any], key: str) -> dict[str, Any]:
    d.pop(key, None)
    return d


def _merge(dst: dict[str, Any], *sources: Any, overwrite: bool = False) -> dict[str, Any]:
    for src in sources:
        if isinstance(src, dict):
            _merge_into(dst, src, overwrite)
    return dst


def _merge_into(dst: dict[str, Any], src: dict[str, Any], overwrite: bool) -> None:
    for key, value in src.items():
        mine = dst.get(key)
        if isinstance(mine, dict) and isinstance(value, dict):
            _merge_into(mine, value, overwrite)
        elif key not in dst or (overwrite and value is not None) or (mine is None):
            dst[key] = copy.deepcopy(value)


def _index(value: Any, *keys: Any) -> Any:
    for key in keys:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list | tuple | str):
            value = value[int(key)]
        else:
            return None
    return value


def _dig(*args: Any) -> Any:
    *keys, fallback, d = args
    value: Any = d
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return fallback
        value = value[key]
    return value


def _uniq(items: Any) -> list[Any]:
    out: list[Any] = []
    for item in _as_list(items):
        if item not in out:
            out.append(item)
    return out


def _slice(value: Any, *bounds: Any) -> Any:
    start = int(bounds[0]) if bounds else 0
    end = int(bounds[1]) if len(bounds) > 1 else None
    return value[start:end]


_COLLECTIONS: dict[str, Func] = {
    "list": lambda *a: list(a),
    "tuple": lambda *a: list(a),
    "dict": _dict,
    "get": lambda d, k: d.get(k, "") if isinstance(d, dict) else "",
    "set": _set,
    "unset": _unset,
    "hasKey": lambda d, k: isinstance(d, dict) and k in d,
    "keys": lambda *ds: sorted((k for d in ds if isinstance(d, dict) for k in d), key=str),
    "values": lambda d: list(d.values()) if isinstance(d, dict) else [],
    "pluck": lambda k, *ds: [d[k] for d in ds if isinstance(d, dict) and k in d],
    "pick": lambda d, *ks: {k: d[k] for k in ks if k in d},
    "omit": lambda d, *ks: {k: v for k, v in d.items() if k not in ks},
    "merge": lambda dst, *src: _merge(dst, *src),
    "mergeOverwrite": lambda dst, *src: _merge(dst, *src, overwrite=True),
    "deepCopy": copy.deepcopy,
    "index": _index,
    "dig": _dig,
    "first": lambda v: _as_list(v)[0] if _as_list(v) else None,
    "last": lambda v: _as_list(v)[-1] if _as_list(v) else None,
    "rest": lambda v: _as_list(v)[1:],
    "initial": lambda v: _as_list(v)[:-1],
    "append": lambda v, x: [*_as_list(v), x],
    "push": lambda v, x: [*_as_list(v), x],
    "prepend": lambda v, x: [x, *_as_list(v)],
    "concat": lambda *vs: [x for v in vs for x in _as_list(v)],
    "has": lambda needle, v: needle in _as_list(v),
    "without": lambda v, *drop: [x for x in _as_list(v) if x not in drop],
    "uniq": _uniq,
    "compact": lambda v: [x for x in _as_list(v) if truth(x)],
    "sortAlpha": lambda v: sorted(to_text(x) for x in _as_list(v)),
    "reverse": lambda v: list(reversed(_as_list(v))),
    "slice": _slice,
    "kindIs": lambda kind, v: encoding.kind_of(v) == kind,
    "kindOf": encoding.kind_of,
    "typeOf": encoding.type_of,
    "typeIs": lambda t, v: encoding.type_of(v) == t,
    "typeIsLike": lambda t, v: encoding.type_of(v).lstrip("*") == t.lstrip("*"),
    "deepEqual": lambda a, b: a == b,
    "lookup": lambda *a: {},
    "chunk": lambda n, v: [_as_list(v)[i : i + int(n)] for i in range(0, len(_as_list(v)), int(n))],
}
