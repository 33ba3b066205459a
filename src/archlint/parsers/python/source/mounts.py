"""Router prefixes across modules: ``APIRouter(prefix="/items")`` mounted with
``api_router.include_router(items.router)`` on a router mounted with
``app.include_router(api_router, prefix=settings.API_V1_STR)`` serves ``/api/v1/items/...``.

``app.mount("/api/v1", app=api)`` mounts a sub-application. Flask's
``app.register_blueprint(bp, url_prefix="/x")`` replaces the blueprint's own ``url_prefix``, as
Flask does. A prefix that cannot be resolved statically is left out of the
path (the route keeps the parts that are known); a router mounted in several places has one
prefix for each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archlint.parsers.python.source.emit import Emitter
from archlint.parsers.python.source.summary import ModuleSummary
from archlint.parsers.python.source.values import Sym

_MAX_DEPTH = 8  # routers nested deeper than this are not followed further


class Mounts:
    def __init__(
        self,
        em: Emitter,
        summaries: Sequence[ModuleSummary],
        binding_kwargs: Mapping[str, Mapping[str, Sym]],
    ) -> None:
        self._em = em
        self._binding_kwargs = binding_kwargs
        # router -> (the router or app it is mounted on, the mount's prefix, replaces its own)
        self._parents: dict[str, list[tuple[str, str, bool]]] = {}
        for s in summaries:
            for call in s.calls:
                if call.mount is None:
                    continue
                parent, child = (em.table.canonical(n) for n in call.mount)
                kwargs = dict(call.kwargs)
                replaces = "url_prefix" in kwargs
                path = call.args[0] if call.name.endswith(".mount") and call.args else None
                prefix = _text(em, kwargs.get("url_prefix") or kwargs.get("prefix") or path)
                self._parents.setdefault(child, []).append((parent, prefix, replaces))

    def prefixes(self, router: str) -> list[str]:
        """Every full prefix of the routes of ``router`` (``[""]`` when it has none)."""
        return sorted(set(self._full(router, frozenset())))

    def _full(self, router: str, seen: frozenset[str]) -> list[str]:
        made = self._binding_kwargs.get(router, {})
        own = _text(self._em, made.get("prefix") or made.get("url_prefix"))
        mounts = self._parents.get(router, [])
        if not mounts or len(seen) >= _MAX_DEPTH:
            return [own]
        out: list[str] = []
        for parent, prefix, replaces in mounts:
            if parent in seen or parent == router:
                continue
            for outer in self._full(parent, seen | {router}):
                out.append(join(outer, prefix if replaces else join(prefix, own)))
        return out or [own]


def join(prefix: str, path: str) -> str:
    """``/api`` + ``/items/`` is ``/api/items/``; an empty side is the other side."""
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix.rstrip("/") + "/" + path.lstrip("/")


def _text(em: Emitter, sym: Sym | None) -> str:
    if sym is None:
        return ""
    value = em.value(sym).value
    return value if isinstance(value, str) else ""
