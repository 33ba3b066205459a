"""Parse results through the fact cache: the same facts back, or a miss."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from archlint.cache.facts import FactCache, decode, encode
from archlint.cache.store import Store
from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.location import Location

RESULT = ParseResult(
    facts=(
        Fact(
            "svc:api",
            NodeKind.FILE,
            Location("a/b.py", 3, 7),
            {"path": "a/b.py", "ports": (80, 443), "env": {"A": None}, "on": True, "r": 1.5},
            trace=(Location("x.yml", 2, 1),),
        ),
    ),
    relations=(Relation("svc:api", "file:a", EdgeKind.HAS),),
    diagnostics=(Diagnostic(Location("a/b.py", 9, 2), "bad"),),
)


def test_a_result_round_trips_exactly() -> None:
    payload = encode(RESULT)
    assert payload is not None
    back = decode(payload)
    assert back == RESULT
    assert back is not None and back.facts[0].kind is NodeKind.FILE
    assert type(back.facts[0].attrs["ports"]) is tuple


class _Colour(Enum):
    RED = "red"


def test_a_result_with_an_object_attribute_is_not_stored(tmp_path: Path) -> None:
    odd = ParseResult(facts=(Fact("x", NodeKind.FILE, Location("x"), {"c": _Colour.RED}),))
    assert encode(odd) is None
    cache = FactCache(Store(tmp_path, b"k" * 32), "s")
    cache.put(cache.key("u"), odd)
    assert cache.unstorable == [cache.key("u")]
    assert cache.get(cache.key("u")) is None


def test_a_payload_of_another_shape_is_a_miss() -> None:
    import marshal

    assert decode(marshal.dumps((1, 2))) is None
    assert decode(marshal.dumps(((("x", "no-such-kind", ("p", 1, 1), {}, ()),), (), ()))) is None
    assert decode(marshal.dumps(((("x", "file", ("p", 1, 1), [], ()),), (), ()))) is None
    assert decode(b"\xff") is None


def test_hits_and_misses_are_counted_and_settings_change_the_key(tmp_path: Path) -> None:
    cache = FactCache(Store(tmp_path, b"k" * 32), "servers-1")
    assert cache.get(cache.key("u")) is None
    cache.put(cache.key("u"), RESULT)
    assert cache.get(cache.key("u")) == RESULT
    assert (cache.hits, cache.misses) == (1, 1)
    other = FactCache(Store(tmp_path, b"k" * 32), "servers-2")
    assert other.key("u") != cache.key("u")
    assert other.get(other.key("u")) is None
