"""Template functions that encode or compare: JSON/YAML, base64, hashes, ``printf``, semver,
regular expressions, Go type names."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib
from collections.abc import Callable
from typing import Any

import yaml

from archlint.parsers.helm.evaluate import to_text

Func = Callable[..., Any]


def go_quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def kind_of(value: Any) -> str:
    if value is None:
        return "invalid"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list | tuple):
        return "slice"
    return "func" if callable(value) else "struct"


def type_of(value: Any) -> str:
    kind = kind_of(value)
    return {
        "map": "map[string]interface {}",
        "slice": "[]interface {}",
        "invalid": "<nil>",
        "int": "int64" if not isinstance(value, bool) else "bool",
    }.get(kind, kind)


_VERB = re.compile(r"%([-+# 0]*)(\d+|\*)?(?:\.(\d+))?([a-zA-Z%])")


def printf(fmt: str, args: tuple[Any, ...]) -> str:
    """Go's Sprintf for the verbs charts use (%s %v %d %q %t %f %x %%)."""
    queue = list(args)

    def one(match: re.Match[str]) -> str:
        flags, width, precision, verb = match.groups()
        if verb == "%":
            return "%"
        if not queue:
            return f"%!{verb}(MISSING)"
        value = queue.pop(0)
        if value is None:
            text = "<nil>" if verb == "v" else f"%!{verb}(<nil>)"
        elif verb in "sv":
            text = to_text(value)
        elif verb == "q":
            text = go_quote(to_text(value))
        elif verb == "d":
            text = str(int(value)) if isinstance(value, int | float) else f"%!d({to_text(value)})"
        elif verb == "t":
            text = to_text(value)
        elif verb in "feEgG":
            spec = f".{precision}{verb}" if precision else ("f" if verb == "f" else verb)
            text = format(float(value), spec if verb != "f" or precision else ".6f")
        elif verb in "xX":
            text = (
                format(int(value), verb)
                if isinstance(value, int)
                else to_text(value).encode().hex()
            )
        else:
            text = to_text(value)
        if width and width != "*":
            pad = "0" if "0" in flags and "-" not in flags else " "
            text = text.ljust(int(width)) if "-" in flags else text.rjust(int(width), pad)
        return text

    return _VERB.sub(one, fmt)


def _to_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False, default=str)


def _from_yaml(text: Any) -> Any:
    try:
        loaded = yaml.safe_load(to_text(text))
    except yaml.YAMLError as exc:
        return {"Error": str(exc)}
    return loaded if loaded is not None else {}


def _from_json(text: Any) -> Any:
    try:
        return json.loads(to_text(text))
    except ValueError as exc:
        return {"Error": str(exc)}


def _b64dec(text: Any) -> str:
    try:
        return base64.b64decode(to_text(text)).decode("utf-8", "replace")
    except ValueError:
        return ""


def _regex_replace(pattern: str, text: Any, repl: str) -> str:
    python_repl = re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", str(repl))
    return re.sub(_go_regex(pattern), python_repl, to_text(text))


def _go_regex(pattern: str) -> str:
    return re.sub(r"\(\?P<", "(?P<", str(pattern))


# -- semver -------------------------------------------------------------------------------------
_SEMVER = re.compile(
    r"^v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+\S*)?$"
)


def _version(text: str) -> tuple[tuple[int, int, int], str] | None:
    match = _SEMVER.match(text.strip())
    if not match:
        return None
    parts = [int(p) if p and p.isdigit() else 0 for p in match.groups()[:3]]
    return (parts[0], parts[1], parts[2]), match.group(4) or ""


def semver_compare(constraint: str, version: Any) -> bool:
    """Masterminds semver constraints as charts write them (``>=1.19-0``, ``^1.2``, ``~1.2``,
    ``>= 1.14, < 1.19``, ``||``); pre-releases compare below their release."""
    if not to_text(version).strip():
        return False  # what a helper of a dependency that is not vendored renders
    found = _version(to_text(version))
    if found is None:
        raise ValueError(f"invalid semantic version {to_text(version)!r}")
    return any(
        all(
            _holds(term, found)
            for term in re.split(r"\s*,\s*|\s+(?=[<>=!~^])", group.strip())
            if term
        )
        for group in str(constraint).split("||")
    )


def _holds(term: str, version: tuple[tuple[int, int, int], str]) -> bool:
    match = re.match(r"^(>=|<=|!=|=>|=<|==|>|<|=|~>|~|\^)?\s*(.+)$", term.strip())
    if not match:
        raise ValueError(f"invalid constraint {term!r}")
    op, target_text = match.group(1) or "=", match.group(2)
    target = _version(target_text)
    if target is None:
        raise ValueError(f"invalid constraint {term!r}")
    (v, pre), (t, tpre) = version, target
    key, tkey = (v, pre == ""), (t, tpre == "")
    wild = re.search(r"\.[xX*]", target_text) is not None
    if op in ("=", "==") and wild:
        depth = target_text.count(".") - target_text.count(".x") - target_text.count(".*")
        return v[: depth + 1] == t[: depth + 1]
    if op == "~" or op == "~>":
        return t <= v < ((t[0], t[1] + 1, 0) if target_text.count(".") >= 1 else (t[0] + 1, 0, 0))
    if op == "^":
        return t <= v < ((t[0] + 1, 0, 0) if t[0] else (0, t[1] + 1, 0))
    compare = {
        ">": key > tkey,
        "<": key < tkey,
        ">=": key >= tkey,
        "=>": key >= tkey,
        "<=": key <= tkey,
        "=<": key <= tkey,
        "!=": key != tkey,
    }
    return compare.get(op, key == tkey)


FUNCS: dict[str, Func] = {
    "toJson": _to_json,
    "toRawJson": _to_json,
    "toPrettyJson": lambda v: json.dumps(
        v, indent=2, sort_keys=True, ensure_ascii=False, default=str
    ),
    "fromYaml": _from_yaml,
    "fromYamlArray": lambda t: _from_yaml(t) or [],
    "fromJson": _from_json,
    "fromJsonArray": lambda t: _from_json(t) or [],
    "b64enc": lambda s: base64.b64encode(to_text(s).encode()).decode(),
    "b64dec": _b64dec,
    "sha256sum": lambda s: hashlib.sha256(to_text(s).encode()).hexdigest(),
    "sha1sum": lambda s: hashlib.sha1(to_text(s).encode(), usedforsecurity=False).hexdigest(),
    "adler32sum": lambda s: str(zlib.adler32(to_text(s).encode())),
    "regexMatch": lambda p, s: re.search(_go_regex(p), to_text(s)) is not None,
    "regexFind": lambda p, s: m.group() if (m := re.search(_go_regex(p), to_text(s))) else "",
    "regexFindAll": lambda p, s, n=-1: re.findall(_go_regex(p), to_text(s))[
        : None if int(n) < 0 else int(n)
    ],
    "regexReplaceAll": _regex_replace,
    "regexReplaceAllLiteral": lambda p, s, r: re.sub(_go_regex(p), lambda _: str(r), to_text(s)),
    "regexSplit": lambda p, s, n=-1: re.split(_go_regex(p), to_text(s)),
    "regexQuoteMeta": lambda s: re.escape(to_text(s)),
    "semverCompare": semver_compare,
    "semver": lambda v: dict(
        zip(("Major", "Minor", "Patch"), (_version(to_text(v)) or ((0, 0, 0), ""))[0], strict=True)
    ),
    "now": lambda: "2024-01-01T00:00:00Z",
    "date": lambda fmt, d: to_text(d),
    "dateInZone": lambda fmt, d, z: to_text(d),
    "htmlDate": lambda d: "2024-01-01",
    "unixEpoch": lambda d: "1704067200",
    "genPrivateKey": lambda *a: "",
    "genCA": lambda *a: {"Cert": "", "Key": ""},
    "genSelfSignedCert": lambda *a: {"Cert": "", "Key": ""},
    "genSignedCert": lambda *a: {"Cert": "", "Key": ""},
    "htpasswd": lambda user, password: f"{user}:$2a$10$",
    "derivePassword": lambda *a: "",
    "getHostByName": lambda name: "",
    "urlquery": lambda *a: "".join(to_text(x) for x in a),
}
