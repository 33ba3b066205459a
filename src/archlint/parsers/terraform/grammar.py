"""The HCL2 grammar, built once and kept in archlint's own cache folder.

python-hcl2 compiles its Lark grammar on first use (about 3 s here) and caches the result next
to its own sources, in site-packages: on a read-only install (a system package, a container
image, a shared venv) that write fails silently and every run pays the compile again. archlint
builds the same LALR parser itself and serializes it to ``<cache>/hcl2-<hcl2 version>-lark-<lark
version>.bin``; a later run loads it in about 0.1 s. Lark checks a digest of the grammar and its
options before it uses a cache file, so a stale or foreign file is rebuilt, never trusted.

The cache folder is ``$ARCHLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/archlint``, else
``~/.cache/archlint``. When none can be written the parser is built in memory (the cost is paid,
nothing fails). hcl2 and lark are imported here only, on the first Terraform file of a run.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

CACHE_ENV = "ARCHLINT_CACHE_DIR"


@cache
def hcl_parser() -> Any:
    """The Lark parser of python-hcl2's grammar, with positions (one per process)."""
    return build_parser(cache_dir())


def build_parser(folder: Path | None) -> Any:
    """Load the parser from ``folder``'s cache file, or build it and write that file."""
    from importlib.metadata import version

    import hcl2
    from hcl2.postlexer import PostLexer
    from lark import Lark

    grammar = Path(str(hcl2.__file__)).with_name("hcl2.lark")
    options: dict[str, Any] = {
        "parser": "lalr",
        "propagate_positions": True,
        "postlex": PostLexer(),
    }
    if folder is None:
        return Lark(grammar.read_text("utf-8"), **options)
    target = folder / f"hcl2-{version('python-hcl2')}-lark-{version('lark')}.bin"
    if target.is_file():
        return Lark(grammar.read_text("utf-8"), cache=str(target), **options)
    # build into a private file, then move it in whole: a concurrent run never reads half a file
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    parser = Lark(grammar.read_text("utf-8"), cache=str(partial), **options)
    if partial.is_file():  # Lark does not raise when it cannot write the cache
        try:
            os.replace(partial, target)
        except OSError:
            partial.unlink(missing_ok=True)
    return parser


def cache_dir() -> Path | None:
    """The folder the grammar is cached in, created when missing; None when it cannot be."""
    explicit = os.environ.get(CACHE_ENV)
    xdg = os.environ.get("XDG_CACHE_HOME")
    folder = Path(explicit) if explicit else (Path(xdg) if xdg else Path.home() / ".cache")
    if not explicit:
        folder = folder / "archlint"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
