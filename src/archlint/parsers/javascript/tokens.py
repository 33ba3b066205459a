"""JWT issuing in TS/JS: ``token_issue`` facts with the lifetime normalised to seconds.

- ``jsonwebtoken``: ``sign(payload, key, { expiresIn })`` (or an ``exp`` claim ``now + N``);
- ``@nestjs/jwt``: ``JwtService.sign/signAsync(payload, { secret, expiresIn })`` and the module
  defaults of ``JwtModule.register({ secret, signOptions: { expiresIn } })`` /
  ``registerAsync({ useFactory: () => ({...}) })`` (``registration: true``);
- ``jose``: ``new SignJWT(payload)...setExpirationTime('15m')...sign(key)``.

Lifetimes follow the libraries: a number is seconds, ``'15m'`` / ``'7d'`` / ``'2 hours'`` are
``ms``-style spans, a string of digits is milliseconds (``jsonwebtoken``); arithmetic and
constants of the file are followed. A key is ``literal`` when its static value is a string
written in the code; ``env`` (``process.env``), ``config`` (``ConfigService.get``, or a
``JwtService`` call without a secret: the module's), ``setting`` (a name from elsewhere) or
``unknown``. The token type comes from the claims, then the names around the call (lifetime,
key, the variable it is assigned to, the function).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from archlint.domain.facts import NodeKind
from archlint.parsers.javascript.facts import FactSink
from archlint.parsers.javascript.syntax import UNKNOWN, Module, object_arg, unwrap
from archlint.parsers.javascript.walker import Call, Walker

if TYPE_CHECKING:
    from tree_sitter import Node

_UNITS = {
    "ms": 0.001, "msec": 0.001, "msecs": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    "w": 604800, "week": 604800, "weeks": 604800,
    "y": 31557600, "yr": 31557600, "yrs": 31557600, "year": 31557600, "years": 31557600,
}  # fmt: skip
_SPAN = re.compile(r"^\s*(\d*\.?\d+)\s*([a-z]*)\s*$", re.IGNORECASE)
_SIGN = {"jsonwebtoken.sign": "jsonwebtoken", "jsonwebtoken.default.sign": "jsonwebtoken"}
_NEST = ("@nestjs/jwt.JwtService.sign", "@nestjs/jwt.JwtService.signAsync")
_REGISTER = ("@nestjs/jwt.JwtModule.register", "@nestjs/jwt.JwtModule.registerAsync")
_CONFIG_GET = re.compile(r"\.(get|getOrThrow)\s*[(<]")
_TYPE = re.compile(r"(?i)(refresh|access)")
_ENCODERS = re.compile(r"(\.encode|Buffer\.from|createSecretKey)\s*\(")


def extract(sink: FactSink, walker: Walker) -> None:
    module = walker.module
    for call in walker.calls:
        args = _arg_nodes(call.node)
        if call.qualname in _SIGN and not call.construct:
            payload = args[0] if args else None
            options = object_arg(module, args[2] if len(args) > 2 else None)
            lifetime = options.get("expiresIn")
            if lifetime is None:
                lifetime = _exp_claim(module, payload)
            key = args[1] if len(args) > 1 else None
            _issue(sink, module, call, "jsonwebtoken", payload, lifetime, key, "unknown", False)
        elif call.qualname in _NEST and not call.construct:
            payload = args[0] if args else None
            options = object_arg(module, args[1] if len(args) > 1 else None)
            key = options.get("secret") or options.get("privateKey")
            expires = options.get("expiresIn")
            _issue(sink, module, call, "@nestjs/jwt", payload, expires, key, "config", False)
        elif call.qualname in _REGISTER:
            options = object_arg(module, args[0] if args else None)
            factory = unwrap(options.get("useFactory"))
            if factory is not None and factory.type in ("arrow_function", "function_expression"):
                options = object_arg(module, _returned(factory))
            key = options.get("secret") or options.get("privateKey")
            expires = object_arg(module, options.get("signOptions")).get("expiresIn")
            _issue(sink, module, call, "@nestjs/jwt", None, expires, key, "unknown", True)
        elif call.qualname == "jose.SignJWT" and call.construct:
            expires, key = _jose_chain(module, call.node)
            payload = args[0] if args else None
            _issue(sink, module, call, "jose", payload, expires, key, "unknown", False, jose=True)


def lifetime_seconds(value: Any, *, string_ms: bool = True) -> int | None:
    """A token lifetime as whole seconds: ``900``, ``'15m'``, ``'7 days'``; None when not one."""
    if isinstance(value, bool) or value is UNKNOWN or value is None:
        return None
    if isinstance(value, int | float):
        return int(value) if value >= 0 else None
    if not isinstance(value, str):
        return None
    found = _SPAN.match(value)
    if found is None:
        return None
    amount, unit = float(found.group(1)), found.group(2).lower()
    if not unit:
        return int(amount / 1000) if string_ms else int(amount)
    factor = _UNITS.get(unit)
    return int(amount * factor) if factor is not None else None


def _issue(
    sink: FactSink,
    module: Module,
    call: Call,
    library: str,
    payload: Node | None,
    lifetime: Node | None,
    key: Node | None,
    absent_key: str,
    registration: bool,
    *,
    jose: bool = False,
) -> None:
    value = module.value(lifetime) if lifetime is not None else UNKNOWN
    seconds = None if jose and isinstance(value, int | float) else lifetime_seconds(value)
    key_source, key_literal = _key(module, key, absent_key)
    source = _source_text(module, lifetime)
    names = [
        _claims_text(module, payload),
        source or "",
        module.text(key) if key is not None else "",
        call.assigned_to or "",
        (call.function or "").rpartition(".")[2],
    ]
    attrs = {
        "library": library,
        "token_type": _token_type(names),
        "lifetime_seconds": seconds,
        "lifetime_minutes": None if seconds is None else round(seconds / 60, 4),
        "lifetime_known": seconds is not None,
        "lifetime_source": source,
        "key_literal": key_literal,
        "key_source": key_source,
        "key_setting": _key_setting(key) if key_source in ("literal", "setting") else None,
        "function": call.function,
        "registration": registration,
    }
    scope = (call.function or "<module>").rpartition(".")[2]
    parent = sink.scope_of(call.function)
    sink.add(NodeKind.TOKEN_ISSUE, f"token/{scope}", call.node, attrs, parent=parent)


def _key(module: Module, key: Node | None, absent: str) -> tuple[str, bool]:
    if key is None:
        return absent, False
    text = module.text(key)
    if "process.env" in text or "import.meta.env" in text:
        return "env", False
    if isinstance(module.value(key), str):
        return "literal", True
    inner = unwrap(key)
    if inner is not None and inner.type == "call_expression" and _ENCODERS.search(text):
        args = _arg_nodes(inner)  # new TextEncoder().encode('secret'), Buffer.from('secret')
        if args and isinstance(module.value(args[0]), str):
            return "literal", True
    if _CONFIG_GET.search(text):
        return "config", False
    if inner is not None and inner.type in ("identifier", "member_expression"):
        return "setting", False
    return "unknown", False


def _key_setting(key: Node | None) -> str | None:
    """The constant or setting a key is read from (``JWT_SECRET``, ``config.jwtSecret``)."""
    inner = unwrap(key)
    if inner is not None and inner.type == "member_expression":
        inner = inner.child_by_field_name("property")
    if inner is None or inner.type not in ("identifier", "property_identifier"):
        return None
    return inner.text.decode("utf-8", "replace") if inner.text is not None else None


def _token_type(texts: list[str]) -> str | None:
    for text in texts:
        found = {str(m).lower() for m in _TYPE.findall(text)}
        if len(found) == 1:
            return found.pop()
    return None


def _claims_text(module: Module, payload: Node | None) -> str:
    """The claims that say what a token is: ``type`` / ``tokenType`` / ``typ`` values."""
    claims = object_arg(module, payload)
    parts = []
    for name in ("type", "tokenType", "typ", "token_type", "kind"):
        value = module.value(claims[name]) if name in claims else None
        if isinstance(value, str):
            parts.append(value)
    return " ".join(parts)


def _source_text(module: Module, node: Node | None) -> str | None:
    inner = unwrap(node)
    if inner is None or inner.type in ("string", "number", "template_string"):
        return None
    names = ("identifier", "member_expression")
    if (
        inner.type == "binary_expression"
        and module.value(inner) is not UNKNOWN
        and not any(c.type in names for c in inner.named_children)
    ):
        return None  # `60 * 15` is its own source
    return " ".join(module.text(inner).split())[:80]


def _exp_claim(module: Module, payload: Node | None) -> Node | None:
    """``exp: Math.floor(Date.now() / 1000) + 60 * 60``: the added span."""
    exp = unwrap(object_arg(module, payload).get("exp"))
    if exp is not None and exp.type == "binary_expression":
        return exp.child_by_field_name("right")
    return None


def _jose_chain(module: Module, new: Node) -> tuple[Node | None, Node | None]:
    """``setExpirationTime(x)`` and ``sign(key)`` of the builder chain a ``new SignJWT`` starts."""
    expires = key = None
    node = new
    while node.parent is not None and node.parent.type == "member_expression":
        member = node.parent
        call = member.parent
        prop = member.child_by_field_name("property")
        if call is None or call.type != "call_expression" or prop is None:
            break
        args = _arg_nodes(call)
        name = module.text(prop)
        if name == "setExpirationTime" and args:
            expires = args[0]
        elif name == "sign" and args:
            key = args[0]
        node = call
    return expires, key


def _returned(function: Node) -> Node | None:
    body = function.child_by_field_name("body")
    if body is None:
        return None
    if body.type != "statement_block":
        return body
    for statement in body.named_children:
        if statement.type == "return_statement" and statement.named_children:
            return statement.named_children[0]
    return None


def _arg_nodes(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    return list(args.named_children) if args is not None else []
