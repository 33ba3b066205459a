"""Which files of the repository are scanned, in sorted order, and the one place that reads them.

:func:`discover` walks the root with :func:`os.scandir`, honouring the default excludes, every
``.gitignore`` (each applies to its own subtree, deeper files win, ``!`` re-includes) and the
``exclude`` globs of the config. It never follows a symlinked directory, and it keeps a symlinked
file only when its target is inside the root; whatever it leaves out for a reason other than an
ignore pattern is listed in :attr:`Discovery.skipped`.

:class:`RepoReader` reads files of the scanned repository; it refuses any path that would leave the
root (``..``, absolute paths, symlinks pointing out).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pathspec import GitIgnoreSpec

#: Directory names skipped wherever they appear: VCS data, dependencies, build output, caches.
DEFAULT_EXCLUDES = frozenset(
    {
        ".git",
        ".archlint_cache",  # archlint's own cache (docs/cache.md)
        "node_modules",
        ".venv",
        "venv",
        "dist",
        "build",
        "__pycache__",
        "vendor",
        ".terraform",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
    }
)

# UTF-32 first: its little-endian BOM starts with UTF-16's
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Discovery:
    """The files to scan (POSIX, relative to the root, sorted) and what was skipped, with why."""

    files: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    # every directory walked ("" the root), for the run cache; not part of what was found
    directories: tuple[str, ...] = field(default=(), compare=False)


def discover(root: Path, exclude: Sequence[str] = ()) -> Discovery:
    """Every file under ``root`` that is neither excluded nor ignored, sorted."""
    walker = _Walker(root.resolve(), GitIgnoreSpec.from_lines(exclude))
    walker.walk(walker.root, "", ())
    return Discovery(
        files=tuple(sorted(walker.files)),
        skipped=tuple(sorted(walker.skipped)),
        directories=tuple(sorted(walker.directories)),
    )


# git's buffer_is_binary() looks for a NUL in this many leading bytes
_BINARY_PROBE = 8000


def decode(path: str, data: bytes) -> str:
    """UTF-8 text with a leading BOM removed (UTF-16/32 with a BOM decoded as such); ValueError
    naming the first bad byte, or the first NUL of binary content (one in the first 8,000
    bytes, as git decides), otherwise."""
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ValueError(f"{path}: not {codec} text despite its byte-order mark") from exc
    body = data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data
    # binary as git decides it: a NUL in the first 8,000 bytes (a binary file, or one saved as
    # UTF-16 without BOM); a NUL further on is a character of a text file (a separator in a
    # TS string literal, "\x00RESULT\x00" written raw) and is read as text
    nul = body.find(b"\0", 0, _BINARY_PROBE)
    if nul != -1:
        offset = nul + len(data) - len(body)
        raise ValueError(f"{path}: binary content, not text (NUL byte at offset {offset})")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(body))
        raise ValueError(
            f"{path}: not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
        ) from exc


class TooLarge(ValueError):
    """A file over the size limit: reported, not read."""


class RepoReader:
    """Reads files of the scanned repository, never outside it: the only reader of its files."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._folders: dict[PurePosixPath, Path] = {}  # a folder as written -> resolved

    def read_bytes(self, path: str, limit: int | None = None) -> bytes:
        """The file's bytes; OSError if unreadable, PermissionError if outside the root,
        :class:`TooLarge` past ``limit`` bytes (known from its size, before reading it)."""
        full = self._inside(path)
        if full is None:
            raise PermissionError(f"{path}: refusing to read outside the scan root")
        if limit is not None:
            size = full.stat().st_size
            if size > limit:
                raise TooLarge(
                    f"{path}: not read: {size:,} bytes is over the {limit:,}-byte limit for one "
                    "file (exclude it if it is generated, or raise [limits] max-file-bytes)"
                )
        return full.read_bytes()

    def read_text(self, path: str) -> str | None:
        """The file's text; None if missing, outside the root, unreadable or not UTF-8."""
        try:
            return decode(path, self.read_bytes(path))
        except (OSError, ValueError):
            return None

    def exists(self, path: str) -> bool:
        full = self._inside(path)
        return full is not None and full.is_file()

    def _inside(self, path: str) -> Path | None:
        pure = PurePosixPath(path)
        if not path or pure.is_absolute() or ".." in pure.parts or "\\" in path:
            return None
        try:  # non-strict: a missing file is reported by the read, not refused here
            resolved = self._resolved(pure)
        except (OSError, RuntimeError):  # a symlink loop
            return None
        return resolved if resolved.is_relative_to(self.root) else None

    def _resolved(self, pure: PurePosixPath) -> Path:
        """``(root / pure).resolve()``, with each folder resolved once: resolving a path costs a
        system call per component, and a scan reads thousands of files from a few folders."""
        folder = self._folders.get(pure.parent)
        if folder is None:
            folder = self._folders[pure.parent] = (self.root / pure.parent).resolve()
        candidate = folder / pure.name
        try:
            linked = stat.S_ISLNK(os.lstat(candidate).st_mode)
        except OSError:  # missing: resolve() of a missing name is the name itself
            linked = False
        return candidate.resolve() if linked else candidate


# -- private --------------------------------------------------------------------------------------

# A .gitignore in effect: the directory it lives in (relative to the root, "" for the root) and its
# compiled patterns. The walk carries them outermost first.
_Layer = tuple[str, GitIgnoreSpec]


class _Walker:
    def __init__(self, root: Path, exclude: GitIgnoreSpec) -> None:
        self.root = root
        self.exclude = exclude
        self.files: list[str] = []
        self.skipped: list[tuple[str, str]] = []
        self.directories: list[str] = []

    def walk(self, directory: Path, rel: str, layers: tuple[_Layer, ...]) -> None:
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.skipped.append((rel or ".", f"unreadable directory: {exc.strerror or exc}"))
            return
        self.directories.append(rel)
        layers = self._with_gitignore(directory, rel, layers)
        for entry in entries:
            path = f"{rel}/{entry.name}" if rel else entry.name
            self._visit(entry, path, layers)

    def _visit(self, entry: os.DirEntry[str], path: str, layers: tuple[_Layer, ...]) -> None:
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError as exc:
            self.skipped.append((path, f"cannot stat: {exc.strerror or exc}"))
            return
        if is_dir:
            if entry.name not in DEFAULT_EXCLUDES and not self._ignored(path, True, layers):
                self.walk(Path(entry.path), path, layers)
            return
        if self._ignored(path, False, layers):
            return
        if is_link:
            reason = self._symlink_problem(Path(entry.path))
            if reason:
                self.skipped.append((path, reason))
                return
        elif not entry.is_file(follow_symlinks=False):
            self.skipped.append((path, "not a regular file"))
            return
        self.files.append(path)

    def _symlink_problem(self, link: Path) -> str | None:
        try:
            target = link.resolve(strict=True)
        except RuntimeError:  # Python < 3.13 on a loop
            return "symlink loop"
        except OSError as exc:
            return "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
        if target.is_dir():
            return "symlinked directory (not followed)"
        if not target.is_relative_to(self.root):
            return "symlink points outside the root"
        return None if target.is_file() else "symlink to a non-regular file"

    def _ignored(self, path: str, is_dir: bool, layers: tuple[_Layer, ...]) -> bool:
        suffix = "/" if is_dir else ""
        if self.exclude.match_file(path + suffix):
            return True
        # The deepest .gitignore with a matching pattern decides; within it, the last match wins.
        for base, spec in reversed(layers):
            sub = path[len(base) + 1 :] if base else path
            decision = spec.check_file(sub + suffix).include
            if decision is not None:
                return decision
        return False

    def _with_gitignore(
        self, directory: Path, rel: str, layers: tuple[_Layer, ...]
    ) -> tuple[_Layer, ...]:
        gitignore = directory / ".gitignore"
        if not gitignore.is_file() or gitignore.is_symlink():
            return layers
        try:
            lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            where = f"{rel}/.gitignore" if rel else ".gitignore"
            self.skipped.append((where, f"unreadable .gitignore: {exc.strerror or exc}"))
            return layers
        return (*layers, (rel, GitIgnoreSpec.from_lines(lines)))
