"""The bundled pack as it ships: its folder, its pre-validated data (``compiled.jsonl``, written
by :mod:`archlint.engine.pack`) and the metadata of its rules, read without YAML, jsonschema or
the rule compiler. ``archlint rules`` lists the pack from here when the configuration changes
nothing in it (docs/benchmarks.md, "Decisions")."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from archlint.domain.findings import Severity
from archlint.domain.rules import RuleDocs, RuleMeta, bundled_help_uri

COMPILED = "compiled.jsonl"


def pack_folder() -> Path:
    """The wheel's ``archlint/rules/``, or ``rules/`` of a source checkout."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "rules"
    return packaged if packaged.is_dir() else here.parents[3] / "rules"


def compiled_path() -> Path:
    return pack_folder() / COMPILED


@cache
def compiled_entries() -> dict[tuple[str, str], str]:
    """``(rule|concept, SHA-256 of the file's text) -> its data as JSON``; empty when the file
    was not generated (a trimmed install: every file is then validated)."""
    try:
        text = compiled_path().read_text("utf-8")
    except OSError:
        return {}
    entries = {}
    for line in text.splitlines():
        kind, digest, _name, data = line.split("\t", 3)
        entries[(kind, digest)] = data
    return entries


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rule_meta(
    data: Mapping[str, Any],
    source: str,
    severity: Severity | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> RuleMeta:
    """A valid rule file's metadata (``severity`` and ``parameters``: as configured, when the
    configuration sets them; the file's own otherwise)."""
    docs = data["docs"]
    raw = data.get("parameters")
    help_uri = data.get("help_uri")
    if not help_uri and source.startswith("bundled:"):
        help_uri = bundled_help_uri(data["id"], data["name"])
    return RuleMeta(
        id=data["id"],
        name=data["name"],
        severity=severity if severity is not None else Severity(data["severity"]),
        message=data["message"],
        docs=RuleDocs(
            docs["summary"].strip(),
            docs["why"].strip(),
            docs["fix"].strip(),
            docs.get("example", ""),
        ),
        tags=tuple(data.get("tags") or ()),
        parameters=dict(parameters) if parameters is not None else _params(raw),
        source=source,
        help_uri=help_uri or None,
        security_severity=data.get("security_severity"),
    )


def bundled_metas() -> list[RuleMeta] | None:
    """Every bundled rule's metadata, sorted by id, when every rule and concept file of the pack
    is the text that was compiled (None otherwise: an edited file takes the full load, which
    reports its problems)."""
    entries = compiled_entries()
    folder = pack_folder()
    for path in _yaml_files(folder / "concepts"):
        if ("concept", digest(path.read_text("utf-8"))) not in entries:
            return None
    metas: dict[str, RuleMeta] = {}
    for path in _yaml_files(folder):
        data = entries.get(("rule", digest(path.read_text("utf-8"))))
        if data is None:
            return None
        meta = rule_meta(json.loads(data), f"bundled:{path.name}")
        if meta.id in metas:  # a duplicate id is a problem the full load reports
            return None
        metas[meta.id] = meta
    return [metas[i] for i in sorted(metas)]


def _params(raw: Any) -> dict[str, Any]:
    return dict(raw) if isinstance(raw, dict) else {}


def _yaml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
