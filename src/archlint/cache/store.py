"""The cache folder: where it is, its marker files, the HMAC key, authenticated entries, pruning.

An entry is ``MAGIC + hmac-sha256(key, payload) + payload``; a payload whose tag does not verify
(forged, truncated, written with another key) reads as a miss. Writes go to a temp file in the
same folder and are moved in with :func:`os.replace`, so a reader sees a whole old entry, a whole
new one, or none. A hit refreshes the entry's mtime at most once a day; :meth:`Store.prune`
(at most once a day, from a marker file's mtime) deletes entries unused for ``max_age_days``.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

FOLDER = ".archlint_cache"
ENV = "ARCHLINT_CACHE_DIR"
MAGIC = b"ALC1"
MAX_AGE_DAYS = 30
_DAY = 86_400
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by archlint.\n"
    "# For information see https://bford.info/cachedir/\n"
)


def cache_dir(root: Path, explicit: Path | None = None) -> Path:
    """``--cache-dir``, else ``$ARCHLINT_CACHE_DIR``, else ``root/.archlint_cache``."""
    if explicit is not None:
        return explicit
    env = os.environ.get(ENV)
    return Path(env) if env else root / FOLDER


def key_path() -> Path:
    """Where the HMAC key lives: the user's cache directory, never the scanned repository."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "archlint" / "key"


def load_key(create: bool) -> bytes | None:
    """The 32-byte HMAC key; created (mode 0600) when missing and ``create``; None if unusable."""
    path = key_path()
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    if not create:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = secrets.token_bytes(32)
        _write_private(path, fresh)
        data = path.read_bytes()  # another process may have won the race: use its key
    except OSError:
        return None
    return data if len(data) == 32 else None


class Store:
    """Authenticated entries under one cache folder, by ``section`` and hex ``name``."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self.key = key
        self._ready = False

    def get(self, section: str, name: str) -> bytes | None:
        """The payload of an entry, or None when missing, unreadable or not authentic."""
        path = self._path(section, name)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
                mtime = os.fstat(handle.fileno()).st_mtime
        except OSError:
            return None
        payload = self.verify(data)
        if payload is not None and time.time() - mtime > _DAY:
            with contextlib.suppress(OSError):  # the last use, for pruning; once a day is enough
                os.utime(path)
        return payload

    def put(self, section: str, name: str, payload: bytes) -> bool:
        """Write an entry atomically; False when the folder cannot be written (a read-only
        checkout: the run goes on uncached)."""
        path = self._path(section, name)
        try:
            self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, MAGIC + self.sign(payload) + payload)
        except OSError:
            return False
        return True

    def sign(self, payload: bytes) -> bytes:
        return hmac.new(self.key, payload, hashlib.sha256).digest()

    def verify(self, data: bytes) -> bytes | None:
        head = len(MAGIC) + 32
        if len(data) < head or not data.startswith(MAGIC):
            return None
        tag, payload = data[len(MAGIC) : head], data[head:]
        return payload if hmac.compare_digest(tag, self.sign(payload)) else None

    def prune(self, max_age_days: int = MAX_AGE_DAYS, *, force: bool = False) -> int:
        """Delete entries not used for ``max_age_days``; runs at most once a day unless
        ``force``. The number of entries deleted."""
        marker = self.folder / "last-prune"
        now = time.time()
        try:
            if not force and now - marker.stat().st_mtime < _DAY:
                return 0
        except OSError:
            pass
        try:
            self._prepare()
            marker.touch()
        except OSError:
            return 0
        cutoff = now - max_age_days * _DAY
        removed = 0
        for entry in sorted(self.folder.glob("*/*/*")):
            try:
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()
                    removed += 1
            except OSError:
                continue  # another run removed or replaced it
        return removed

    def _path(self, section: str, name: str) -> Path:
        return self.folder / section / name[:2] / name

    def _prepare(self) -> None:
        """The folder with CACHEDIR.TAG and a ``.gitignore`` of ``*`` (once per store)."""
        if self._ready:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "*\n")):
            marker = self.folder / name
            if not marker.is_file():
                _write_atomic(marker, text.encode())
        self._ready = True


def _write_atomic(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _write_private(path: Path, data: bytes) -> None:
    """Create ``path`` 0600 with ``data`` unless it already exists (first writer wins)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    try:
        os.link(temp, path)  # fails when a key already exists: never replace a key in use
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not path.exists():
            os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
