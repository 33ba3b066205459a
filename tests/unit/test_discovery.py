from __future__ import annotations

import os
from pathlib import Path

import pytest

from archlint.discovery import Discovery, RepoReader, decode, discover


def make(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def test_files_are_sorted_posix_and_relative(tmp_path: Path) -> None:
    make(tmp_path, {"b.py": "", "a/z.txt": "", "a/b/c.yaml": "", "A.md": ""})
    assert discover(tmp_path) == Discovery(files=("A.md", "a/b/c.yaml", "a/z.txt", "b.py"))


@pytest.mark.parametrize(
    "excluded",
    [
        ".git/config",
        "node_modules/x/index.js",
        ".venv/lib/site.py",
        "venv/bin/activate",
        "dist/app.js",
        "build/out.o",
        "pkg/__pycache__/m.pyc",
        "deep/vendor/lib.go",
        "infra/.terraform/modules.json",
        ".mypy_cache/x.json",
        ".pytest_cache/v",
        ".ruff_cache/x",
        ".tox/py/x",
    ],
)
def test_default_excludes_prune_directories_anywhere(tmp_path: Path, excluded: str) -> None:
    make(tmp_path, {"keep.py": "", excluded: ""})
    assert discover(tmp_path).files == ("keep.py",)


def test_default_excludes_are_directory_names_only(tmp_path: Path) -> None:
    make(tmp_path, {"build": "a file called build", "src/dist.py": ""})
    assert discover(tmp_path).files == ("build", "src/dist.py")


GITIGNORE_CASES = [
    ({".gitignore": "*.log\n"}, ["a.log", "x/b.log"], ["a.py"]),
    ({".gitignore": "*.log\n!keep.log\n"}, ["a.log"], ["keep.log", "sub/keep.log"]),
    ({".gitignore": "/top.txt\n"}, ["top.txt"], ["sub/top.txt"]),
    ({".gitignore": "gen/\n"}, ["gen/a.py", "sub/gen/b.py"], ["gen.py"]),
    # a nested .gitignore applies to its own subtree only, and its patterns are relative to it
    ({"sub/.gitignore": "*.tmp\n/only-here\n"}, ["sub/a.tmp", "sub/d/b.tmp", "sub/only-here"],
     ["a.tmp", "sub/d/only-here"]),
    # a deeper .gitignore re-includes what a shallower one ignores
    ({".gitignore": "*.json\n", "cfg/.gitignore": "!settings.json\n"}, ["a.json", "cfg/x.json"],
     ["cfg/settings.json"]),
    # and can ignore what the shallower one re-included
    ({".gitignore": "*.txt\n!notes.txt\n", "d/.gitignore": "notes.txt\n"}, ["d/notes.txt"],
     ["notes.txt"]),
]  # fmt: skip


@pytest.mark.parametrize(("ignores", "ignored", "kept"), GITIGNORE_CASES)
def test_gitignore(
    tmp_path: Path, ignores: dict[str, str], ignored: list[str], kept: list[str]
) -> None:
    make(tmp_path, {**ignores, **dict.fromkeys(ignored + kept, "")})
    files = set(discover(tmp_path).files)
    assert files == set(ignores) | set(kept)


def test_ignored_directories_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, {".gitignore": "big/\n", "big/a/b.txt": "", "ok.txt": ""})
    seen: list[str] = []
    real = os.scandir

    def spy(path: str | os.PathLike[str]) -> object:
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(os, "scandir", spy)
    assert discover(tmp_path).files == (".gitignore", "ok.txt")
    assert "big" not in seen


@pytest.mark.parametrize(
    ("exclude", "expected"),
    [
        (["legacy/"], ["app/legacy.py", "main.py", "web/x.gen.ts"]),
        (["*.gen.ts"], ["app/legacy.py", "legacy/old.py", "main.py"]),
        (["/main.py", "app/"], ["legacy/old.py", "web/x.gen.ts"]),
        (["**/*.py", "!main.py"], ["main.py", "web/x.gen.ts"]),
    ],
)
def test_exclude_globs(tmp_path: Path, exclude: list[str], expected: list[str]) -> None:
    make(tmp_path, dict.fromkeys(["main.py", "app/legacy.py", "legacy/old.py", "web/x.gen.ts"], ""))
    assert list(discover(tmp_path, exclude).files) == sorted(expected)


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    make(outside, {"secret.txt": "s", "dir/f.txt": ""})
    root = tmp_path / "repo"
    make(root, {"real.txt": "r", "sub/inner.txt": ""})
    (root / "in_link.txt").symlink_to(root / "real.txt")
    (root / "out_link.txt").symlink_to(outside / "secret.txt")
    (root / "out_dir").symlink_to(outside / "dir", target_is_directory=True)
    (root / "in_dir").symlink_to(root / "sub", target_is_directory=True)
    (root / "broken").symlink_to(root / "missing.txt")
    return root


def test_symlinks(linked: Path) -> None:
    result = discover(linked)
    assert result.files == ("in_link.txt", "real.txt", "sub/inner.txt")
    assert result.skipped == (
        ("broken", "broken symlink"),
        ("in_dir", "symlinked directory (not followed)"),
        ("out_dir", "symlinked directory (not followed)"),
        ("out_link.txt", "symlink points outside the root"),
    )


def test_unreadable_directory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, {"locked/a.txt": "", "b.txt": ""})
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = discover(tmp_path)
    assert result.files == ("b.txt",)
    assert result.skipped == (("locked", "unreadable directory: Permission denied"),)


def test_reader_reads_inside_the_root(linked: Path) -> None:
    reader = RepoReader(linked)
    assert reader.read_text("real.txt") == "r"
    assert reader.read_text("in_link.txt") == "r"
    assert reader.read_bytes("sub/inner.txt") == b""
    assert reader.exists("real.txt")
    assert not reader.exists("sub")  # a directory is not a file


@pytest.mark.parametrize(
    "path", ["../outside/secret.txt", "sub/../../outside/secret.txt", "out_link.txt",
             "out_dir/f.txt", "/etc/passwd", "missing.txt", "broken", ""],
)  # fmt: skip
def test_reader_refuses_escapes_and_missing_files(linked: Path, path: str) -> None:
    reader = RepoReader(linked)
    assert reader.read_text(path) is None
    assert not reader.exists(path)
    with pytest.raises(OSError):
        reader.read_bytes(path)


def test_reader_refusal_says_why(linked: Path) -> None:
    with pytest.raises(PermissionError, match="outside the scan root"):
        RepoReader(linked).read_bytes("out_link.txt")


def test_text_decoding(tmp_path: Path) -> None:
    make(tmp_path, {"bom.txt": b"\xef\xbb\xbfhello", "latin.txt": b"caf\xe9\n"})
    reader = RepoReader(tmp_path)
    assert reader.read_text("bom.txt") == "hello"
    assert reader.read_text("latin.txt") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"caf\xe9\n", r"^x\.txt: not UTF-8 text \(byte 0xe9 at offset 3\)$"),
        (b"\xef\xbb\xbfab\xff", r"\(byte 0xff at offset 5\)"),
        (b"\x80", r"\(byte 0x80 at offset 0\)"),
    ],
)
def test_decode_error_names_the_byte(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decode("x.txt", data)


def test_special_files_and_symlink_loops_are_skipped(tmp_path: Path) -> None:
    make(tmp_path, {"ok.txt": ""})
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "loop_a").symlink_to(tmp_path / "loop_b")
    (tmp_path / "loop_b").symlink_to(tmp_path / "loop_a")
    result = discover(tmp_path)
    assert result.files == ("ok.txt",)
    assert result.skipped == (
        ("loop_a", "symlink loop"),
        ("loop_b", "symlink loop"),
        ("pipe", "not a regular file"),
    )
    assert RepoReader(tmp_path).read_text("loop_a") is None


def test_symlinked_gitignore_is_not_honoured(tmp_path: Path) -> None:
    # like git (2.32+), which does not follow a symlinked .gitignore
    make(tmp_path, {"rules": "*.txt\n", "a.txt": ""})
    (tmp_path / ".gitignore").symlink_to(tmp_path / "rules")
    assert discover(tmp_path).files == (".gitignore", "a.txt", "rules")


def test_unreadable_gitignore_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, {"sub/.gitignore": "*\n", "sub/a.txt": ""})

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_text", read_text)
    result = discover(tmp_path)
    assert result.files == ("sub/.gitignore", "sub/a.txt")
    assert result.skipped == (("sub/.gitignore", "unreadable .gitignore: Permission denied"),)
