"""The run cache: a whole ``archlint check`` answered from its last identical run.

An entry is found by a key over what decides the output besides the repository: archlint's own
code (the stat of every file of the package and of a source checkout's rule pack), the Python,
the command line, the current directory and the environment that colours output. It holds the
run's stdout, stderr and exit code, and every input the run depended on: each discovered file,
each directory walked (its mtime changes when a file is added or removed), each config, baseline
and rule file, each ``.gitignore`` that could exist, by (size, mtime_ns), an absent one as
absent. The entry answers only while every one of them stats the same. A run whose inputs
changed during the run (an mtime within :data:`RACY_NS` of its start) records nothing: a later
change in the same clock tick would otherwise look unchanged.

Standard library only: this runs before click, networkx or any parser is imported.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archlint import __version__
from archlint.cache.args import CheckArgs, cacheable
from archlint.cache.store import Store, cache_dir, load_key

SECTION = "runs"
RACY_NS = 200_000_000  # file system clocks are coarse: a tick is at most a few ms
_ENV = ("NO_COLOR", "FORCE_COLOR", "ARCHLINT_CACHE_DIR", "XDG_CACHE_HOME", "GITHUB_ACTIONS")
_PACKAGE = Path(__file__).resolve().parents[1]

# (size, mtime_ns, content digest) a file; (-1, -1, "") absent; (-2, mtime_ns, digest of its
# names) a directory
Stat = tuple[int, int, str]
_DIR = -2
_ALWAYS_LIST = -3  # a directory that changed during the recorded run: compare its names


@dataclass
class Recorder:
    """One cacheable run being recorded: its key, its start, the inputs the check reports."""

    store: Store
    key: str
    started_ns: int
    inputs: list[str] = field(default_factory=list)
    noted: bool = False

    def note(self, paths: Iterable[str]) -> None:
        """Absolute paths of inputs (files, walked directories, possibly absent files)."""
        self.inputs.extend(paths)
        self.noted = True

    def finish(self, out: str, err: str, code: int) -> bool:
        """Store the entry; False when the run noted nothing or a file changed during it."""
        if not self.noted:
            return False
        stats = []
        for path in sorted(set(self.inputs)):
            found = _stat(path)
            if found[1] >= self.started_ns - RACY_NS:
                if found[0] != _DIR:
                    return False  # a file that changed during the run: not recorded
                found = (_DIR, _ALWAYS_LIST, found[2])  # (our own cache folder made it change)
            stats.append((path, found))
        payload = marshal.dumps((tuple(stats), out, err, code))
        return self.store.put(SECTION, self.key, payload)


_CURRENT: list[Recorder] = []


def current() -> Recorder | None:
    """The recorder of this process's run, when the command line is cacheable."""
    return _CURRENT[0] if _CURRENT else None


def forget() -> None:
    _CURRENT.clear()


def replay(argv: list[str]) -> tuple[str, str, int] | None:
    """(stdout, stderr, exit code) of the stored identical run, or None; on None a recorder is
    set up for this run when the command line is cacheable."""
    _CURRENT.clear()
    started = time.time_ns()
    args = cacheable(argv)
    if args is None:
        return None
    root = args.path.resolve()
    key = load_key(create=True)
    if key is None or not root.is_dir():
        return None
    store = Store(cache_dir(root, args.cache_dir), key)
    name = run_key(argv, args)
    payload = store.get(SECTION, name)
    if payload is not None:
        try:
            stats, out, err, code = marshal.loads(payload)
            if all(_same(path, tuple(stat)) for path, stat in stats):
                return str(out), str(err), int(code)
        except (ValueError, TypeError, EOFError):
            pass  # an entry of another shape: record a new one
    _CURRENT.append(Recorder(store, name, started))
    return None


def run_key(argv: list[str], args: CheckArgs) -> str:
    parts = [
        __version__,
        code_digest(),
        sys.version,
        sys.executable,
        os.getcwd(),
        repr(argv),
        repr([os.environ.get(name) for name in _ENV]),
        repr((_isatty(sys.stdout), _isatty(sys.stderr))),
        repr(args),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def code_digest() -> str:
    """A digest of the stat of archlint's own files (and of the import path's folders, which
    change when a plugin is installed): a changed archlint never answers with an old report."""
    digest = hashlib.sha256()
    roots = [_PACKAGE, _PACKAGE.parents[1] / "rules"]
    for folder in roots:
        for path, found in _walk(folder):  # (size, mtime_ns) of each file
            digest.update(f"{path}\0{found}\n".encode())
    cwd = os.getcwd()
    for entry in sys.path:
        if entry and entry != cwd:  # ``python -m`` puts the current folder first: it is not code
            digest.update(f"{entry}\0{_stat(entry, names=False)}\n".encode())
    return digest.hexdigest()


def _walk(folder: Path) -> list[tuple[str, tuple[int, int]]]:
    found: list[tuple[str, tuple[int, int]]] = []
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        if entry.is_dir(follow_symlinks=False):
            found.extend(_walk(Path(entry.path)))
        else:
            st = entry.stat()
            found.append((entry.path, (st.st_size, st.st_mtime_ns)))
    return found


def _stat(path: str, names: bool = True) -> Stat:
    """The state of ``path``; with ``names``, a file's content digest and a directory's names
    digest too (recording); without, only what a stat says (checking)."""
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1, "")
    if not stat.S_ISDIR(st.st_mode):
        return (st.st_size, st.st_mtime_ns, _content(path) if names else "")
    return (_DIR, st.st_mtime_ns, _names(path) if names else "")


def _same(path: str, recorded: tuple[object, ...]) -> bool:
    """Whether ``path`` is as recorded. When its stat moved, the content decides: a directory
    holding the same names, a file of the same size and bytes (a checkout that rewrote it, a
    ``touch``) is the same."""
    now = _stat(path, names=False)
    if now[:2] == recorded[:2]:
        return True
    if now[0] == -1 or (now[0] == _DIR) != (recorded[0] == _DIR):
        return False
    if now[0] == _DIR:
        return _names(path) == recorded[2]
    return now[0] == recorded[0] and bool(recorded[2]) and _content(path) == recorded[2]


def _content(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "blake2b").hexdigest()
    except OSError:
        return ""


def _names(path: str) -> str:
    try:
        listed = sorted(os.listdir(path))
    except OSError:
        return ""
    return hashlib.sha256("\0".join(listed).encode("utf-8", "surrogateescape")).hexdigest()


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
