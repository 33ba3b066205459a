"""JWT signing calls -> ``token_issue`` facts: library, the token's type and lifetime from its
claims (``exp``: ``now + timedelta(...)``), and where the signing key comes from."""

from __future__ import annotations

from typing import Any

from archlint.domain.facts import EdgeKind, NodeKind, Relation
from archlint.parsers.python.source.emit import PY, Emitter
from archlint.parsers.python.source.summary import CallSite, ModuleSummary
from archlint.parsers.python.source.values import Const, Dict, Env, Expiry, Ref, Sym

# callee -> (library, index of the claims argument, index of the key argument)
ENCODERS = {
    "jwt.encode": ("pyjwt", 0, 1),
    "jose.jwt.encode": ("python-jose", 0, 1),
    "authlib.jose.jwt.encode": ("authlib", 1, 2),
    "authlib.jose.JsonWebToken.encode": ("authlib", 1, 2),
}
_TYPE_CLAIMS = ("type", "token_type", "typ", "token_use", "scope")


def token_issues(em: Emitter, s: ModuleSummary) -> None:
    for call in s.calls:
        spec = ENCODERS.get(call.qualname)
        if spec is not None:
            _issue(em, s, call, *spec)


def _issue(em: Emitter, s: ModuleSummary, call: CallSite, library: str, ci: int, ki: int) -> None:
    kwargs = dict(call.kwargs)
    claims = _arg(call, ci, ("payload", "claims"), kwargs)
    key = _arg(call, ki, ("key",), kwargs)
    fields = dict(claims.items) if isinstance(claims, Dict) else {}
    lifetime: int | None = None
    source: str | None = None
    setting: str | None = None
    if "exp" in fields:
        exp = em.value(fields["exp"])
        if isinstance(exp.value, Expiry):
            lifetime = int(exp.value.seconds)
            source = exp.via.rpartition(".")[2] if exp.via else "expression"
            if exp.via:
                setting = em.setting_read(exp.via)
    attrs: dict[str, Any] = {
        "library": library,
        "token_type": _token_type(em, fields, call.function, source),
        "lifetime_seconds": lifetime,
        "lifetime_minutes": None if lifetime is None else round(lifetime / 60, 4),
        "lifetime_known": lifetime is not None,
        "lifetime_source": source,
        **_key(em, key),
        "function": call.function,
        "language": PY,
    }
    fid = f"{s.path}#token/{call.function or ''}"
    tid = em.add(fid, NodeKind.TOKEN_ISSUE, s.path, call.pos, attrs, em.parent_of(s, call.function))
    if setting is not None:
        em.relations.append(Relation(tid, setting, EdgeKind.READS))


def _arg(call: CallSite, index: int, names: tuple[str, ...], kwargs: dict[str, Sym]) -> Sym | None:
    if index < len(call.args):
        return call.args[index]
    return next((kwargs[n] for n in names if n in kwargs), None)


def _token_type(
    em: Emitter, fields: dict[str, Sym], function: str | None, lifetime: str | None
) -> str | None:
    for claim in _TYPE_CLAIMS:
        if claim in fields:
            value = em.value(fields[claim]).value
            if isinstance(value, str):
                found = _kind(value)
                if found:
                    return found
    for text in (function.rpartition(".")[2] if function else "", lifetime or ""):
        found = _kind(text)
        if found:
            return found
    return None


def _kind(text: str) -> str | None:
    lowered = text.lower()
    if "refresh" in lowered:
        return "refresh"
    if "access" in lowered:
        return "access"
    return None


def _key(em: Emitter, key: Sym | None) -> dict[str, Any]:
    if key is None:
        return {"key_literal": False, "key_source": "unknown", "key_setting": None}
    resolved = em.value(key)
    literal = isinstance(resolved.value, str) and resolved.literal
    if isinstance(key, Const):
        source = "literal" if literal else "unknown"
    elif isinstance(key, Env):
        source = "env"
    elif isinstance(key, Ref):
        bound = em.table.lookup(key.qualname)
        source = "literal" if literal else "env" if isinstance(bound, Env) else "setting"
    else:
        source = "unknown"
    setting = key.qualname.rpartition(".")[2] if isinstance(key, Ref) else None
    return {"key_literal": literal, "key_source": source, "key_setting": setting}
