"""The configuration: ``archlint.toml`` or ``[tool.archlint]`` in ``pyproject.toml``, resolved once.

Where it comes from (:func:`load_config`): an explicit file if given, else ``<root>/archlint.toml``,
else ``<root>/pyproject.toml`` when it has a ``[tool.archlint]`` table, else the defaults.
In ``archlint.toml`` the keys are top-level (no ``[tool.archlint]`` header); in any other file they
live under ``[tool.archlint]``. Keys (kebab-case)::

    select = ["PRT", "DOCK001"]       # rule ids or prefixes; "ALL"; empty = every rule
    ignore = ["PRT002"]               # the longest matching prefix wins between select and ignore
    severity = { PRT001 = "warning" } # error | warning | note
    rule-dirs = ["archrules"]         # relative to the config file's directory
    exclude = ["legacy/", "*.gen.ts"] # gitignore-style, relative to the root
    fail-on = "error"                 # error | warning | note | never
    bundled-rules = true
    baseline = "archlint-baseline.json" # findings accepted for now (archlint check --help)
    [tool.archlint.per-path-ignores]
    "tests/**" = ["PRT"]
    [tool.archlint.rules.PRT002]      # a rule's parameters, checked by the engine
    min = 4000
    [tool.archlint.roles.worker]      # what makes a role (rules/data/roles.yaml, docs/roles.md):
    pypi = ["procrastinate"]          # pypi | npm | servers | images add, remove-<that> removes

Every problem is collected and raised at once as a :class:`ConfigError`, each naming the file, the
line and the dotted key path.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from archlint.domain.findings import Severity
from archlint.domain.limits import Limits as Limits
from archlint.domain.servers import ServerSpec
from archlint.errors import ConfigError, Problem, ProblemCollector
from archlint.knowledge import MARKER_KEYS, Markers, RoleChange, load_knowledge, server_specs

FAIL_ON = ("error", "warning", "note", "never")
KEYS = (
    "select",
    "ignore",
    "severity",
    "rules",
    "roles",
    "rule-dirs",
    "exclude",
    "per-path-ignores",
    "fail-on",
    "bundled-rules",
    "concepts",
    "servers",
    "limits",
    "baseline",
)
_SEVERITIES = tuple(s.value for s in Severity)[::-1]  # error, warning, note
_ROLE_KEYS = MARKER_KEYS + tuple(f"remove-{k}" for k in MARKER_KEYS)


@dataclass(frozen=True)
class Config:
    """The resolved configuration. Mappings are read-only views."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))
    parameters: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    roles: Mapping[str, RoleChange] = field(default_factory=lambda: MappingProxyType({}))
    rule_dirs: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: str = "error"
    bundled_rules: bool = True
    # [concepts.NAME]: parameter overrides (or a whole `where` condition) of a concept
    concepts: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    limits: Limits = field(default_factory=lambda: Limits())
    # [servers.PROGRAM]: server programs added to (or replacing) rules/data/servers.yaml
    servers: Mapping[str, ServerSpec] = field(default_factory=lambda: MappingProxyType({}))
    # baseline = "FILE", relative to the config file's directory
    baseline: Path | None = None
    source: str | None = None
    # the config file's text and the table's key prefix, to tell a later check the line of a key
    text: str = field(default="", repr=False, compare=False)
    base: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def line(self, *key: str) -> int | None:
        """The line of ``key`` (e.g. ``("rules", "PRT002", "min")``) in the config file."""
        return _find_line(self.text, self.base + key) if self.text else None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """Find, read and validate the configuration of the repository at ``root``."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(_problem(explicit.as_posix(), "config file not found"))
        return _load_file(root, explicit, required=True)
    if (root / "archlint.toml").is_file():
        return _load_file(root, root / "archlint.toml", required=True)
    if (root / "pyproject.toml").is_file():
        return _load_file(root, root / "pyproject.toml", required=False)
    return Config()


def rule_selected(rule_id: str, config: Config) -> bool:
    """Whether ``rule_id`` runs: the longest matching prefix decides; on a tie, ignore wins."""
    selected = _longest_match(rule_id, config.select) if config.select else 0
    return selected >= 0 and selected > _longest_match(rule_id, config.ignore)


def ignored_for_path(rule_id: str, path: str, config: Config) -> bool:
    """Whether a per-path ignore turns ``rule_id`` off for ``path`` (POSIX, relative to root)."""
    return any(
        _longest_match(rule_id, ids) >= 0 and _glob(glob).match_file(path)
        for glob, ids in config.per_path_ignores
    )


def with_overrides(
    config: Config,
    *,
    select: tuple[str, ...] | None = None,
    ignore: tuple[str, ...] | None = None,
    fail_on: str | None = None,
) -> Config:
    """The config with CLI options applied; each given option replaces the config's value."""
    if fail_on is not None and fail_on not in FAIL_ON:
        message = f"expected one of {', '.join(FAIL_ON)}, got {fail_on!r}"
        raise ConfigError(Problem(path="command line", message=message, key="--fail-on"))
    return replace(
        config,
        select=config.select if select is None else tuple(select),
        ignore=config.ignore if ignore is None else tuple(ignore),
        fail_on=config.fail_on if fail_on is None else fail_on,
    )


# -- private --------------------------------------------------------------------------------------


def _longest_match(rule_id: str, prefixes: tuple[str, ...]) -> int:
    """Length of the longest prefix of ``rule_id`` in ``prefixes`` ("ALL" counts 0); -1 if none."""
    best = -1
    for prefix in prefixes:
        if prefix == "ALL":
            best = max(best, 0)
        elif rule_id.startswith(prefix):
            best = max(best, len(prefix))
    return best


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> Any:
    from pathspec import GitIgnoreSpec  # imported when a per-path pattern is matched

    return GitIgnoreSpec.from_lines([pattern])


def _load_file(root: Path, file: Path, *, required: bool) -> Config:
    shown = _shown_path(root, file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        if not required:  # a pyproject.toml archlint cannot read: PARSE001 reports it
            return Config()
        raise ConfigError(_problem(shown, f"cannot read: {exc}")) from exc
    # imported here: most runs have no config file (tomlkit costs ~20 ms to import)
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        document: dict[str, Any] = tomlkit.parse(text).unwrap()
    except ParseError as exc:
        # a broken pyproject.toml is a broken manifest like any other (PARSE001, the rest of the
        # repository still checked); only one that holds archlint's own table is a config error
        if not required and not _ARCHLINT_TABLE.search(text):
            return Config()
        raise ConfigError(_problem(shown, f"invalid TOML: {exc}", exc.line)) from exc
    base: tuple[str, ...] = () if file.name == "archlint.toml" else ("tool", "archlint")
    table: Any = document
    for part in base:
        table = table.get(part) if isinstance(table, dict) else None
    if table is None:
        if required:
            raise ConfigError(_problem(shown, "no [tool.archlint] table"))
        return Config()
    return _Validator(shown, text, base, file.parent.resolve()).build(table)


def _shown_path(root: Path, file: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def _problem(path: str, message: str, line: int | None = None) -> Problem:
    return Problem(path=path, message=message, line=line)


class _Validator:
    """Checks one [tool.archlint] table, collecting every problem before raising."""

    def __init__(self, path: str, text: str, base: tuple[str, ...], config_dir: Path) -> None:
        self.path, self.text, self.base, self.config_dir = path, text, base, config_dir
        self.problems = ProblemCollector()

    def build(self, table: Any) -> Config:
        if not isinstance(table, dict):
            self._add((), "expected a table")
            self.problems.raise_if_any(ConfigError)
        for key in sorted(set(table) - set(KEYS)):
            where = "[" + ".".join(self.base) + "]" if self.base else "the top level"
            hint = difflib.get_close_matches(key, KEYS, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            if key == "tool" and not self.base:
                suggestion = (
                    "; archlint.toml takes its keys at the top level, without [tool.archlint]"
                )
            self._add((key,), f"unknown key {key!r} in {where}{suggestion}")
        config = Config(
            select=self._ids(table, "select"),
            ignore=self._ids(table, "ignore"),
            severity=MappingProxyType(self._severity(table.get("severity", {}))),
            parameters=MappingProxyType(self._parameters(table.get("rules", {}))),
            roles=MappingProxyType(self._roles(table.get("roles", {}))),
            rule_dirs=tuple(
                p for p in map(self._rule_dir, self._strings(table, "rule-dirs")) if p is not None
            ),
            exclude=self._strings(table, "exclude"),
            per_path_ignores=self._per_path(table.get("per-path-ignores", {})),
            fail_on=self._choice(table, "fail-on", FAIL_ON, "error"),
            bundled_rules=self._bool(table, "bundled-rules", True),
            concepts=MappingProxyType(self._concepts(table.get("concepts", {}))),
            servers=MappingProxyType(self._servers(table.get("servers", {}))),
            limits=self._limits(table.get("limits", {})),
            baseline=self._baseline(table),
            source=self.path,
            text=self.text,
            base=self.base,
        )
        if self.problems.problems:
            # the rest of the run still checks what this config names (rule ids, parameters),
            # so that every problem is reported at once: the caller gets the config as read
            error = ConfigError(sorted(self.problems.problems, key=_order))
            error.partial = config
            raise error
        return config

    def _add(self, key: tuple[str, ...], message: str) -> None:
        full = self.base + key
        self.problems.add(
            self.path, message, line=_find_line(self.text, full), key=_format_key(full) or None
        )

    def _strings(self, table: dict[str, Any], key: str, *path: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self._add((*path, key), f"expected a list of non-empty strings, got {_show(value)}")
            return ()
        return tuple(value)

    def _ids(self, table: dict[str, Any], key: str, *path: str) -> tuple[str, ...]:
        ids = self._strings(table, key, *path)
        for rule_id in ids:
            if any(c.isspace() or c in ",[]" for c in rule_id):
                self._add((*path, key), f"not a rule id or prefix: {rule_id!r}")
        return ids

    def _choice(
        self, table: dict[str, Any], key: str, choices: tuple[str, ...], default: str
    ) -> str:
        value = table.get(key, default)
        if value not in choices:
            self._add((key,), f"expected one of {', '.join(choices)}, got {_show(value)}")
            return default
        return str(value)

    def _bool(self, table: dict[str, Any], key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self._add((key,), f"expected true or false, got {_show(value)}")
            return default
        return value

    def _table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self._add((key,), f"expected a table, got {_show(value)}")
            return {}
        return value

    def _severity(self, value: Any) -> dict[str, Severity]:
        result: dict[str, Severity] = {}
        for rule_id, level in sorted(self._table(value, "severity").items()):
            if level in _SEVERITIES:
                result[rule_id] = Severity(level)
            else:
                message = f"expected one of {', '.join(_SEVERITIES)}, got {_show(level)}"
                self._add(("severity", rule_id), message)
        return result

    def _parameters(self, value: Any) -> dict[str, Mapping[str, Any]]:
        result: dict[str, Mapping[str, Any]] = {}
        for rule_id, params in sorted(self._table(value, "rules").items()):
            if isinstance(params, dict):
                result[rule_id] = MappingProxyType(params)
            else:
                self._add(
                    ("rules", rule_id), f"expected a table of parameters, got {_show(params)}"
                )
        return result

    def _limits(self, value: Any) -> Limits:
        table = self._table(value, "limits")
        known = {f.name.replace("_", "-"): f.name for f in fields(Limits)}
        values: dict[str, int] = {}
        for key, number in sorted(table.items()):
            if key not in known:
                hint = difflib.get_close_matches(key, known, n=1)
                tip = f"; did you mean {hint[0]!r}?" if hint else f" (limits: {', '.join(known)})"
                self._add(("limits", key), f"unknown limit {key!r}{tip}")
            elif not isinstance(number, int) or isinstance(number, bool) or number < 1:
                self._add(("limits", key), f"expected a positive whole number, got {_show(number)}")
            else:
                values[known[key]] = number
        return Limits(**values)

    def _servers(self, value: Any) -> dict[str, ServerSpec]:
        raw = _plain(self._table(value, "servers"))
        return server_specs(
            raw, ("servers",), lambda path, message: self._add(tuple(map(str, path)), message)
        )

    def _concepts(self, value: Any) -> dict[str, Mapping[str, Any]]:
        result: dict[str, Mapping[str, Any]] = {}
        for name, overrides in sorted(self._table(value, "concepts").items()):
            if isinstance(overrides, dict):
                result[name] = MappingProxyType(_plain(overrides))
            else:
                message = f"expected a table of concept parameters, got {_show(overrides)}"
                self._add(("concepts", name), message)
        return result

    def _roles(self, value: Any) -> dict[str, RoleChange]:
        known = load_knowledge().role_names
        result: dict[str, RoleChange] = {}
        for role, body in sorted(self._table(value, "roles").items()):
            if role not in known:
                hint = difflib.get_close_matches(role, known, n=1)
                tip = f"; did you mean {hint[0]!r}?" if hint else f" (roles: {', '.join(known)})"
                self._add(("roles", role), f"unknown role {role!r}{tip}")
            elif not isinstance(body, dict):
                self._add(("roles", role), f"expected a table of packages, got {_show(body)}")
            else:
                for key in sorted(set(body) - set(_ROLE_KEYS)):
                    hint = difflib.get_close_matches(key, _ROLE_KEYS, n=1)
                    tip = f"; did you mean {hint[0]!r}?" if hint else f" ({', '.join(_ROLE_KEYS)})"
                    self._add(("roles", role, key), f"unknown key {key!r}{tip}")
                add = self._role_markers(body, role, "")
                result[role] = RoleChange(add, self._role_markers(body, role, "remove-"))
        return result

    def _role_markers(self, body: dict[str, Any], role: str, prefix: str) -> Markers:
        found = {
            k.replace("-", "_"): frozenset(self._strings(body, prefix + k, "roles", role))
            for k in MARKER_KEYS
        }
        return Markers(**found)

    def _per_path(self, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
        table = self._table(value, "per-path-ignores")
        return tuple((glob, self._ids(table, glob, "per-path-ignores")) for glob in sorted(table))

    def _baseline(self, table: dict[str, Any]) -> Path | None:
        value = table.get("baseline")
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            self._add(("baseline",), f"expected a file name, got {_show(value)}")
            return None
        return self.config_dir / value

    def _rule_dir(self, raw: str) -> Path | None:
        path = (self.config_dir / raw).resolve()
        if not path.is_dir():
            self._add(("rule-dirs",), f"rule directory not found: {raw!r} (resolved to {path})")
            return None
        return path


def _plain(value: Any) -> Any:
    """tomlkit's containers as plain dicts, lists and scalars (a concept's `where` is compiled
    like a rule condition)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.unwrap() if hasattr(value, "unwrap") else value


def _order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.key or "")


def _show(value: Any) -> str:
    kinds = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array"}
    kind = kinds.get(type(value), "table" if isinstance(value, dict) else type(value).__name__)
    return f"{value!r}" if isinstance(value, str) else f"{kind} {value!r}"


# -- key paths and their lines ---------------------------------------------------------------
# tomlkit keeps no line numbers, so a problem's line is found by scanning the text: track the
# current [table] header and match each `key = ...` line against the key path. Approximate (a
# multi-line string that looks like a key can fool it) but right for ordinary config files.

# a [tool.archlint] (or [tool.archlint.x]) table header, or a dotted `tool.archlint.` key
_ARCHLINT_TABLE = re.compile(r"(?m)^\s*\[\s*tool\s*\.\s*archlint\b|^\s*tool\s*\.\s*archlint\s*\.")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+$")
_KEY_PART = re.compile(r"""\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*""")


def _format_key(parts: tuple[str, ...]) -> str:
    return ".".join(p if _BARE_KEY.match(p) else '"' + p.replace('"', '\\"') + '"' for p in parts)


def _find_line(text: str, key: tuple[str, ...]) -> int | None:
    """The 1-based line defining ``key`` (or the deepest enclosing key found), or None."""
    table: tuple[str, ...] = ()
    best: tuple[int, int] | None = None  # (depth matched, line)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            header = line.strip("[").split("]", 1)[0]
            parsed = _split_key(header)
            if parsed is not None:
                table = parsed
                defined = table
            else:
                continue
        else:
            lhs, sep, _ = line.partition("=")
            parsed = _split_key(lhs) if sep and not line.startswith("#") else None
            if parsed is None:
                continue
            defined = table + parsed
        if defined[: len(key)] == key:  # the key itself, or a table nested in it
            return number
        if key[: len(defined)] == defined and (best is None or len(defined) > best[0]):
            best = (len(defined), number)
    return best[1] if best else None


def _split_key(text: str) -> tuple[str, ...] | None:
    """``a."b.c".d`` -> ("a", "b.c", "d"); None when ``text`` is not a TOML key."""
    parts: list[str] = []
    pos = 0
    while True:
        match = _KEY_PART.match(text, pos)
        if match is None:
            return None
        parts.append(next(g for g in match.groups() if g is not None))
        pos = match.end()
        if pos == len(text):
            return tuple(parts)
        if text[pos] != ".":
            return None
        pos += 1
