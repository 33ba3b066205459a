"""Summaries of one unit -> facts: modules, imports, functions, calls, settings, connection
URLs, ports; routes and token issues come from :mod:`.web` and :mod:`.tokens`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.location import Location
from archlint.parsers.common.echo import echoes_name, name_words_in_value
from archlint.parsers.python.source.classes import classify, inherited_fields
from archlint.parsers.python.source.summary import CallSite, ModuleSummary, Pos
from archlint.parsers.python.source.table import UnitTable
from archlint.parsers.python.source.urls import url_attrs
from archlint.parsers.python.source.values import (
    UNKNOWN,
    Duration,
    Ref,
    Resolved,
    Sym,
    known,
    plain,
    resolve,
)

PY = "python"
_NOT_FIELDS = frozenset({"model_config", "Config"})  # pydantic's own configuration
_CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
# a number named for its unit is a duration: ACCESS_TOKEN_EXPIRE_MINUTES = 15
_UNIT_SUFFIX = (
    (re.compile(r"(?i)(_|^)(seconds|secs?)$"), 1),
    (re.compile(r"(?i)(_|^)(minutes|mins?)$"), 60),
    (re.compile(r"(?i)(_|^)(hours|hrs?)$"), 3600),
    (re.compile(r"(?i)(_|^)days?$"), 86400),
    (re.compile(r"(?i)(_|^)weeks?$"), 604800),
)


class Emitter:
    """Collects the facts and relations of one unit; ids are unique within it."""

    def __init__(self, summaries: Sequence[ModuleSummary], table: UnitTable) -> None:
        self.summaries = summaries
        self.table = table
        self.facts: list[Fact] = []
        self.relations: list[Relation] = []
        self._ids: dict[str, int] = {}
        self.function_ids: dict[str, str] = {}  # qualname -> fact id
        self.setting_ids: dict[str, str] = {}  # qualified name (``app.config.Settings.X``) -> id

    def result(self) -> ParseResult:
        return ParseResult(tuple(self.facts), tuple(self.relations))

    # -- plumbing -----------------------------------------------------------------------------
    def add(
        self,
        fid: str,
        kind: NodeKind,
        path: str,
        pos: Pos,
        attrs: dict[str, Any],
        parent: str | None,
    ) -> str:
        n = self._ids.get(fid, 0)
        self._ids[fid] = n + 1
        unique = fid if n == 0 else f"{fid}[{n}]"
        self.facts.append(Fact(unique, kind, Location(path, pos.line, pos.column), attrs))
        if parent is not None:
            self.relations.append(Relation(parent, unique, EdgeKind.HAS))
        return unique

    def value(self, sym: Sym) -> Resolved:
        return resolve(sym, self.table.lookup)

    def setting_read(self, via: str) -> str | None:
        """The setting fact a value was read through (``settings.X`` is ``Settings.X``, the
        field whose default it is), or None."""
        qualname, seen = via, set()
        while qualname not in seen:
            seen.add(qualname)
            bound = self.table.lookup(qualname)
            if not isinstance(bound, Ref):
                break
            qualname = bound.qualname
        return self.setting_ids.get(qualname)

    def parent_of(self, s: ModuleSummary, function: str | None) -> str:
        return self.function_ids.get(function or "", f"{s.path}#module")

    # -- facts --------------------------------------------------------------------------------
    def module(self, s: ModuleSummary) -> None:
        mid = f"{s.path}#module"
        attrs = {
            "module": s.module,
            "language": PY,
            "lines": s.lines,
            "entrypoint": s.entrypoint,
            "migration": s.migration,
            "http_headers": list(s.headers),
        }
        self.add(mid, NodeKind.SOURCE_MODULE, s.path, Pos(1, 1), attrs, None)
        for imp in s.imports:
            attrs = {
                "module": imp.module,
                "names": list(imp.names),
                "alias": imp.alias,
                "language": PY,
            }
            self.add(f"{s.path}#import/{imp.module}", NodeKind.IMPORT, s.path, imp.pos, attrs, mid)
        for fn in s.functions:
            attrs = {
                "name": fn.name,
                "qualname": fn.qualname,
                "decorators": [d.qualname for d in fn.decorators],
                "is_async": fn.is_async,
                "class_name": fn.class_name,
                "callees": list(fn.callees),
                "language": PY,
            }
            fid = f"{s.path}#def/{fn.qualname}"
            self.function_ids.setdefault(
                fn.qualname, self.add(fid, NodeKind.FUNCTION, s.path, fn.pos, attrs, mid)
            )

    def calls(self, s: ModuleSummary) -> None:
        for call in s.calls:
            args = [self.value(a) for a in call.args]
            kwargs = {k: self.value(v) for k, v in call.kwargs}
            attrs = {
                "qualname": call.qualname,
                "name": call.name,
                "function": call.function,
                "args": [plain(a.value) for a in args],
                "kwargs": {k: plain(v.value) for k, v in sorted(kwargs.items())},
                "keywords": sorted(kwargs),
                "strings": sorted(set(_strings([*args, *kwargs.values()]))),
                "arg_calls": list(call.arg_calls),
                "arg_refs": [r or None for r in call.arg_refs],
                "kwarg_refs": dict(sorted(call.kwarg_refs)),
                "awaited": call.awaited,
                "main_guard": call.main_guard,
                "language": PY,
            }
            fid = f"{s.path}#call/{call.function or ''}/{call.qualname}"
            cid = self.add(
                fid, NodeKind.CALL, s.path, call.pos, attrs, self.parent_of(s, call.function)
            )
            # the settings its arguments are read from (``timedelta(minutes=settings.X)``)
            read = {self.setting_read(r.via) for r in (*args, *kwargs.values()) if r.via}
            for setting in sorted(x for x in read if x is not None):
                self.relations.append(Relation(cid, setting, EdgeKind.READS))
            if call.qualname == "uvicorn.run":
                self._port(s, call, kwargs.get("port"))
            self._built_url(s, call, kwargs)

    def settings(self, s: ModuleSummary) -> None:
        mid = f"{s.path}#module"
        for b in s.bindings:
            if _CONSTANT.match(b.name):
                self.setting(s, b.name, b.value, b.annotation, "constant", None, b.pos, mid)
        for c in s.classes:
            kind = classify(c, self.table)
            if not (kind.settings or kind.config_object):
                continue
            origin = "settings-field" if kind.settings else "config-object"
            for f in c.fields:
                if f.name in _NOT_FIELDS or (
                    origin == "config-object" and not _CONSTANT.match(f.name)
                ):
                    continue
                self.setting(s, f.name, f.default, f.annotation, origin, c.name, f.pos, mid)

    def models(self, s: ModuleSummary) -> None:
        mid = f"{s.path}#module"
        for c in s.classes:
            orm = classify(c, self.table).orm
            if orm is None:
                continue
            attrs = {
                "name": c.name,
                "orm": orm,
                "table": c.tablename,
                "fields": inherited_fields(c, self.table),
                "language": PY,
            }
            self.add(f"{s.path}#model/{c.qualname}", NodeKind.MODEL, s.path, c.pos, attrs, mid)

    def urls(self, s: ModuleSummary, settings_at: dict[tuple[str, int], str]) -> None:
        mid = f"{s.path}#module"
        for url in s.urls:
            setting = settings_at.get((s.path, url.pos.line))
            attrs = url_attrs(url.text, url.complete)
            if attrs is None:
                continue
            attrs.update(
                {"origin": "setting" if setting else "literal", "setting": setting, "language": PY}
            )
            self.add(
                f"{s.path}#url/{setting or ''}",
                NodeKind.CONNECTION_URL,
                s.path,
                url.pos,
                attrs,
                mid,
            )

    # -- private ------------------------------------------------------------------------------
    def setting(
        self,
        s: ModuleSummary,
        name: str,
        default: Sym | None,
        annotation: str | None,
        origin: str,
        owner: str | None,
        pos: Pos,
        parent: str,
        env: str | None = None,
    ) -> None:
        """A ``setting`` fact; ``env``: the value is read from that variable, ``default`` is
        the fallback written in code (``os.environ.get("BROKER_URL", "redis://...")``)."""
        resolved = self.value(default) if default is not None else Resolved(UNKNOWN, False)
        is_known = known(resolved.value) and default is not None
        value = plain(resolved.value) if is_known else None
        if isinstance(value, list | dict):
            value = None  # a setting's value is a scalar; a list says nothing a rule reads
        attrs = {
            "name": name,
            "value": value,
            "value_known": is_known and (value is not None or resolved.value is None),
            "literal": is_known and resolved.literal,
            "origin": origin,
            "owner": owner,
            "annotation": annotation,
            "duration_minutes": _minutes(name, resolved.value) if is_known else None,
            "echoes_name": echoes_name(name, value),
            "name_words_in_value": name_words_in_value(name, value),
            "language": PY,
        }
        if env is not None:
            attrs.update({"env": env, "literal": False})
        key = f"{owner}.{name}" if owner else name
        fid = self.add(f"{s.path}#setting/{key}", NodeKind.SETTING, s.path, pos, attrs, parent)
        self.setting_ids.setdefault(f"{s.module}.{key}", fid)

    def _port(self, s: ModuleSummary, call: CallSite, port: Resolved | None) -> None:
        if port is None or isinstance(port.value, bool) or not isinstance(port.value, int):
            return
        attrs = {
            "number": port.value,
            "protocol": "tcp",
            "scope": "listen",
            "source": "uvicorn-run",
            "artifact": s.path,
            "server": "uvicorn",
            "server_kind": "python-http",
            "implicit": False,
        }
        parent = self.parent_of(s, call.function)
        self.add(f"{s.path}#port/uvicorn-run", NodeKind.PORT, s.path, call.pos, attrs, parent)

    def _built_url(self, s: ModuleSummary, call: CallSite, kwargs: dict[str, Resolved]) -> None:
        """``PostgresDsn.build(scheme=...)``, ``URL.create(drivername=...)``: a URL made from
        parts, of which the scheme is what rules read."""
        if not call.qualname.endswith((".build", "URL.create")):
            return
        scheme = kwargs.get("scheme") or kwargs.get("drivername")
        if scheme is None or not isinstance(scheme.value, str):
            return
        attrs = url_attrs(f"{scheme.value}://", False)
        if attrs is None:
            return
        attrs.update({"origin": "literal", "setting": None, "language": PY})
        parent = self.parent_of(s, call.function)
        self.add(f"{s.path}#url/built", NodeKind.CONNECTION_URL, s.path, call.pos, attrs, parent)


def _strings(value: Any) -> list[str]:
    if isinstance(value, Resolved):
        value = value.value
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _minutes(name: str, value: Any) -> float | None:
    if isinstance(value, Duration):
        return _round(value.seconds / 60)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    for pattern, factor in _UNIT_SUFFIX:
        if pattern.search(name):
            return _round(value * factor / 60)
    return None


def _round(minutes: float) -> float:
    return round(minutes, 4)
