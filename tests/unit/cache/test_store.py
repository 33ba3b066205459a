"""The cache folder: markers, the HMAC key, authentication, atomic writes, pruning."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from archlint.cache import store
from archlint.cache.store import Store, cache_dir, key_path, load_key


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(store.ENV, raising=False)


def test_the_folder_is_the_option_else_the_environment_else_under_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cache_dir(tmp_path) == tmp_path / ".archlint_cache"
    monkeypatch.setenv(store.ENV, str(tmp_path / "env"))
    assert cache_dir(tmp_path) == tmp_path / "env"
    assert cache_dir(tmp_path, tmp_path / "opt") == tmp_path / "opt"


def test_the_key_is_created_once_private_and_kept(tmp_path: Path) -> None:
    assert load_key(create=False) is None
    key = load_key(create=True)
    assert key is not None and len(key) == 32
    assert key_path() == tmp_path / "xdg" / "archlint" / "key"
    assert stat.S_IMODE(key_path().stat().st_mode) == 0o600
    assert load_key(create=True) == key == load_key(create=False)


def test_a_key_of_the_wrong_length_is_not_used(tmp_path: Path) -> None:
    key_path().parent.mkdir(parents=True)
    key_path().write_bytes(b"short")
    assert load_key(create=False) is None


def test_no_key_when_the_user_cache_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "xdg").write_text("a file, not a folder")
    assert load_key(create=True) is None


def test_an_entry_reads_back_and_the_folder_is_tagged(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    s = Store(folder, b"k" * 32)
    assert s.get("facts", "ab12") is None
    assert s.put("facts", "ab12", b"payload")
    assert s.get("facts", "ab12") == b"payload"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (folder / ".gitignore").read_text() == "*\n"
    assert not [p for p in folder.rglob("*.tmp")]


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda d: d[:-1], id="truncated"),
        pytest.param(lambda d: d[:10], id="cut-in-the-tag"),
        pytest.param(lambda d: d[:-1] + bytes([d[-1] ^ 1]), id="payload-changed"),
        pytest.param(lambda d: b"XXXX" + d[4:], id="other-magic"),
        pytest.param(lambda d: b"", id="empty"),
    ],
)
def test_a_damaged_entry_is_a_miss(tmp_path: Path, mangle: object) -> None:
    s = Store(tmp_path / "c", b"k" * 32)
    s.put("facts", "ab12", b"payload")
    entry = tmp_path / "c" / "facts" / "ab" / "ab12"
    entry.write_bytes(mangle(entry.read_bytes()))  # type: ignore[operator]
    assert s.get("facts", "ab12") is None


def test_an_entry_written_with_another_key_is_a_miss(tmp_path: Path) -> None:
    Store(tmp_path / "c", b"a" * 32).put("facts", "ab12", b"payload")
    assert Store(tmp_path / "c", b"b" * 32).get("facts", "ab12") is None


def test_an_unwritable_folder_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "c").write_text("a file where the folder would be")
    assert not Store(tmp_path / "c", b"k" * 32).put("facts", "ab12", b"payload")


def test_prune_deletes_entries_unused_for_long_once_a_day(tmp_path: Path) -> None:
    s = Store(tmp_path / "c", b"k" * 32)
    s.put("facts", "aa01", b"old")
    s.put("facts", "bb02", b"new")
    old = tmp_path / "c" / "facts" / "aa" / "aa01"
    long_ago = time.time() - 40 * 86_400
    os.utime(old, (long_ago, long_ago))
    assert s.prune() == 1
    assert not old.exists() and s.get("facts", "bb02") == b"new"
    s.put("facts", "aa01", b"old")
    os.utime(old, (long_ago, long_ago))
    assert s.prune() == 0  # pruned less than a day ago
    assert s.prune(force=True) == 1


def test_a_hit_on_an_entry_older_than_a_day_records_its_use(tmp_path: Path) -> None:
    s = Store(tmp_path / "c", b"k" * 32)
    s.put("facts", "aa01", b"x")
    entry = tmp_path / "c" / "facts" / "aa" / "aa01"
    two_days = time.time() - 2 * 86_400
    os.utime(entry, (two_days, two_days))
    assert s.get("facts", "aa01") == b"x"
    assert entry.stat().st_mtime > time.time() - 60
