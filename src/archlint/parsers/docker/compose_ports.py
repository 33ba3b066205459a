"""Compose ``ports:`` entries, short and long syntax, as (published, target) pairs.

Short: ``"8000"``, ``"8000:80"``, ``"127.0.0.1:8000:80"``, ``"[::1]:8000:80"``, ``"8000/udp"``,
``"8000-8010:8000-8010"``, ``"9090-9091:8080-8081/tcp"`` and plain ints. Long:
``{target, published, host_ip, protocol, mode}``. Ranges expand pairwise, at most
:data:`MAX_RANGE` ports each. A part that still holds an unresolved ``${VAR}`` is never read as a
number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_RANGE = 1024
PROTOCOLS = frozenset({"tcp", "udp", "sctp"})


@dataclass(frozen=True, slots=True)
class PortMapping:
    target: int
    published: int | None
    host_ip: str | None
    protocol: str


@dataclass(frozen=True, slots=True)
class PortEntry:
    """What one entry says. ``error`` explains a spec that cannot be read; ``unresolved`` names the
    part (``published`` or ``target``) that still depends on an unset variable."""

    mappings: tuple[PortMapping, ...] = ()
    error: str | None = None
    unresolved: str | None = None


def parse_port_entry(value: Any) -> PortEntry:
    """One ``ports:`` item (already interpolated, without positions)."""
    if isinstance(value, bool):
        return PortEntry(error=f"cannot parse port {value!r}")
    if isinstance(value, int):
        return _pairs(str(value), None, None, "tcp")
    if isinstance(value, str):
        return _short(value.strip())
    if isinstance(value, dict):
        return _long(value)
    return PortEntry(error=f"cannot parse port {value!r}")


def parse_expose_entry(value: Any) -> PortEntry:
    """One ``expose:`` item: ``"3000"``, ``3000``, ``"3000-3005"`` or ``"3000/udp"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or ":" in value:
        return PortEntry(error=f"cannot parse exposed port {value!r}")
    text, protocol, error = _protocol(value.strip())
    if error:
        return PortEntry(error=error)
    return _pairs(text, None, None, protocol)


# -- private helpers ------------------------------------------------------------------------------
def _short(spec: str) -> PortEntry:
    text, protocol, error = _protocol(spec)
    if error:
        return PortEntry(error=error)
    host_ip: str | None = None
    if text.startswith("["):
        close = text.find("]")
        if close < 0 or text[close + 1 : close + 2] != ":":
            return PortEntry(error=f"cannot parse port {spec!r}")
        host_ip, text = text[1:close], text[close + 2 :]
    parts = _split_colons(text)
    if host_ip is None and len(parts) > 2:
        host_ip = ":".join(parts[:-2])
        parts = parts[-2:]
    if len(parts) > 2 or not parts[-1]:
        return PortEntry(error=f"cannot parse port {spec!r}")
    published = parts[0] if len(parts) == 2 else None
    return _pairs(parts[-1], published or None, host_ip or None, protocol)


def _long(spec: dict[Any, Any]) -> PortEntry:
    target = spec.get("target")
    if target is None or isinstance(target, bool):
        return PortEntry(error=f"port mapping {spec!r} has no target")
    published = spec.get("published")
    protocol = str(spec.get("protocol") or "tcp").lower()
    if protocol not in PROTOCOLS:
        return PortEntry(error=f"unknown protocol {protocol!r} in port {spec!r}")
    host_ip = spec.get("host_ip")
    return _pairs(
        str(target),
        None if published in (None, "") else str(published),
        None if host_ip in (None, "") else str(host_ip),
        protocol,
    )


def _protocol(spec: str) -> tuple[str, str, str | None]:
    if "/" not in spec:
        return spec, "tcp", None
    text, _, protocol = spec.rpartition("/")
    protocol = protocol.lower()
    if protocol not in PROTOCOLS:
        return text, protocol, f"unknown protocol {protocol!r} in port {spec!r}"
    return text, protocol, None


def _split_colons(text: str) -> list[str]:
    """Split on ``:`` outside ``${...}`` (an unresolved ``${VAR:-x}`` holds a colon)."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == ":" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _pairs(target: str, published: str | None, host_ip: str | None, protocol: str) -> PortEntry:
    if "$" in target:
        return PortEntry(unresolved="target")
    targets = _range(target)
    if isinstance(targets, str):
        return PortEntry(error=targets)
    if published is not None and "$" in published:
        mappings = tuple(PortMapping(t, None, host_ip, protocol) for t in targets)
        return PortEntry(mappings, unresolved="published")
    if published is None:
        return PortEntry(tuple(PortMapping(t, None, host_ip, protocol) for t in targets))
    pubs = _range(published)
    if isinstance(pubs, str):
        return PortEntry(error=pubs)
    if len(targets) == 1:
        return PortEntry(tuple(PortMapping(targets[0], p, host_ip, protocol) for p in pubs))
    if len(pubs) != len(targets):
        return PortEntry(error=f"port ranges {published!r} and {target!r} differ in size")
    pairs = zip(targets, pubs, strict=True)
    return PortEntry(tuple(PortMapping(t, p, host_ip, protocol) for t, p in pairs))


def _range(text: str) -> list[int] | str:
    """``"8000"`` -> [8000]; ``"8000-8002"`` -> [8000, 8001, 8002]; a message when invalid."""
    low, dash, high = text.strip().partition("-")
    # ASCII digits only: "²".isdigit() is true, and int() refuses it
    if not _digits(low) or (dash and not _digits(high)):
        return f"cannot parse port {text!r}"
    first, last = int(low), int(high) if dash else int(low)
    if not (0 < first <= last < 65536):
        return f"port {text!r} is out of range"
    if last - first + 1 > MAX_RANGE:
        return f"port range {text!r} has more than {MAX_RANGE} ports"
    return list(range(first, last + 1))


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
