"""Opening the fact cache for a run: the folder, the user's key, the settings digest."""

from __future__ import annotations

from pathlib import Path

from archlint.cache.facts import FactCache
from archlint.cache.store import Store, load_key


def open_fact_cache(folder: Path | None, settings: str) -> FactCache | None:
    """The fact cache in ``folder`` (None: caching is off); None too when no key can be kept
    (an unwritable home): the run goes on uncached rather than trusting unauthenticated data."""
    if folder is None:
        return None
    key = load_key(create=True)
    if key is None:
        return None
    store = Store(folder, key)
    store.prune()
    return FactCache(store, settings)
