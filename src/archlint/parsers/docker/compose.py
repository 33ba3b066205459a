"""Docker compose files: projects, services, ports, images, environment, commands.

A project is what ``docker compose`` would load: the base file (``compose.yaml``,
``compose.yml``, ``docker-compose.yaml``, ``docker-compose.yml``) plus its ``.override`` file, or a
base plus a variant (``compose.prod.yaml``). Files are interpolated with the project's ``.env`` and
merged by the compose merge rules; each value keeps the file and line it was written at.

Facts (ids start with the project id ``compose:<file>+<file>``, never with a line number):

- ``compose_project``: name (top-level ``name:``, else the directory's name, ``"root"`` at the
  root), files (merged paths, in merge order), dir (``""`` for the root).
- ``compose_service``: name, project (project fact id), image (str|None), build_context
  (repo-relative, ``""`` is the root, None without ``build``), build_outside_root (bool),
  dockerfile (repo-relative|None), build_target (str|None), command and entrypoint (as written:
  str|list|None), profiles (list), env_files (repo-relative paths).
- ``port``: number, protocol (``tcp``/``udp``/``sctp``), scope (``container``|``published``), source
  (``compose-target``|``compose-published``|``compose-expose``), artifact (file of the entry),
  host_ip (str|None), service, project.
- ``image``: ref, name, registry (None for Docker Hub), tag and digest (None if absent).
- ``env_var``: name, value (str|None, interpolated), raw (the value as written, before
  interpolation: ``${DB_PASSWORD}``), source (``compose-environment``), service.
- ``command`` (+ ``port`` with scope ``listen``): from :func:`commands.command_facts`, origin
  ``compose-command`` / ``compose-entrypoint``, with attr service.

Relations: project -has-> service; service -has-> port, env_var, command (and the command's
listen ports); command -has-> its listen port; service -uses_image-> image; service -depends_on->
service.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import Any

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.limits import DEFAULT, Limits
from archlint.domain.location import Location
from archlint.domain.servers import ServerTable
from archlint.formats.yamlpos import YamlError, load
from archlint.parsers.base import ParseUnit, Selector, SourceFile
from archlint.parsers.common.commands import command_facts, with_image_entrypoint
from archlint.parsers.common.images import image_attrs
from archlint.parsers.common.interpolation import Node, parse_dotenv, to_nodes
from archlint.parsers.docker.compose_combos import combinations, script_inputs
from archlint.parsers.docker.compose_files import (
    BASES,
    PREFIXED,
    VARIANT,
    layered,
    project_files,
)
from archlint.parsers.docker.compose_merge import merge_top, normalize
from archlint.parsers.docker.compose_ports import parse_expose_entry, parse_port_entry

_VERSION = "3"


class ComposeParser:
    """A unit parser: one unit per compose file that heads a project (docs/parse-units.md).

    A unit's inputs are its project's files in merge order (a variant is listed after its base,
    and :func:`layered` decides from both texts whether it merges onto it) and, optionally, the
    ``.env`` of the project's folder.
    """

    name = "compose"
    selector = Selector(names=frozenset(BASES), patterns=(VARIANT.pattern, PREFIXED.pattern))

    def __init__(self, servers: ServerTable, limits: Limits = DEFAULT) -> None:
        self.servers, self.limits = servers, limits
        # the table decides which commands start servers: a changed table is a changed parse
        self.version = f"{_VERSION}+servers.{servers.digest}" + limits.tag(
            "max_nesting", "max_yaml_values"
        )

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        present = {p for p in paths if self.selector.matches(p)}
        found: list[ParseUnit] = []
        for path in sorted(present):
            files = project_files(path, present.__contains__)
            if files:
                env = posixpath.join(posixpath.dirname(files[0]), ".env")
                # what may combine this file with others: the .env beside it (COMPOSE_FILE),
                # scripts above it (`-f a -f b`), and the other compose files it may be merged
                # with or include (read only when a combination or an include names them)
                scripts = [s for s in script_inputs(path, paths) if s not in files]
                partners = sorted(present - {*files, path})
                own_env = posixpath.join(posixpath.dirname(path), ".env")
                envs = [env] + ([own_env] if own_env != env else [])
                optional = (*envs, *scripts, *partners)
                inputs = (*files, *optional)
                found.append(ParseUnit(self.name, path, path, inputs, optional=optional))
        return found

    def parse_unit(self, unit: ParseUnit, sources: Mapping[str, SourceFile]) -> ParseResult:
        files = [p for p in unit.inputs if p not in unit.optional]
        known = {p for p in unit.inputs if self.selector.matches(p) and p in sources}
        scripts = [p for p in unit.optional if not self.selector.matches(p)]
        combined = _combined(unit.anchor, combinations(sources, scripts, known))
        if combined:
            files = combined
        elif files[0] != unit.anchor and not layered(sources[unit.anchor], sources.get(files[0])):
            files = [unit.anchor]
        env = sources.get(posixpath.join(posixpath.dirname(files[0]), ".env"))
        builder = _Builder(sources[unit.anchor], sources, files, env, self.servers, self.limits)
        return builder.build()


def _combined(anchor: str, combos: list[list[str]]) -> list[str]:
    """The files merged up to ``anchor`` when a script or ``COMPOSE_FILE`` runs it after others
    (the first such combination, in the order scripts were read)."""
    for combo in combos:
        if anchor in combo[1:]:
            return combo[: combo.index(anchor) + 1]
    return []


class _Builder:
    def __init__(
        self,
        source: SourceFile,
        sources: Mapping[str, SourceFile],
        files: list[str],
        env: SourceFile | None,
        servers: ServerTable,
        limits: Limits,
    ) -> None:
        self.source, self.sources, self.files, self.env = source, sources, files, env
        self.servers, self.limits = servers, limits
        self.folder = posixpath.dirname(files[0])
        self.pid = "compose:" + "+".join(files)
        self.facts: dict[str, Fact] = {}
        self.relations: list[Relation] = []
        self.diagnostics: list[Diagnostic] = []
        self.broken: list[Diagnostic] = []  # files that could not be read as a mapping
        self.written: dict[str, Any] = {}  # each file's data before interpolation, by path

    def build(self) -> ParseResult:
        env = parse_dotenv(self.env.text) if self.env and self.env.text else {}
        model: Node | None = None
        for path in self.files:
            tree = self._load(path, env)
            if tree is None:
                continue
            # `include:` loads other files' services into the project before the file's own
            for included in self._includes(tree, env):
                model = included if model is None else merge_top(model, included)
            model = tree if model is None else merge_top(model, tree)
        if any(d.location.path == self.source.path for d in self.broken):
            return ParseResult(diagnostics=self._owned_diagnostics())  # nothing else to say
        self._project(model)
        return ParseResult(
            facts=tuple(sorted(self.facts.values(), key=Fact.sort_key)),
            relations=tuple(
                sorted(set(self.relations), key=lambda r: (r.source, r.target, r.kind))
            ),
            diagnostics=self._owned_diagnostics(),
        )

    def _owned_diagnostics(self) -> tuple[Diagnostic, ...]:
        """Problems in the files this parse speaks for: a variant's project leaves the base's
        problems to the base's own project, so nothing is reported twice."""
        owned = set(self.files) if self.source.path == self.files[0] else {self.source.path}
        return tuple(sorted({d for d in self.diagnostics if d.location.path in owned}))

    # -- loading ----------------------------------------------------------------------------------
    def _load(self, path: str, env: dict[str, str]) -> Node | None:
        found = self.sources.get(path)
        if found is None:
            return None
        text = found.text
        try:
            doc = load(
                text,
                max_values=self.limits.max_yaml_values,
                max_depth=self.limits.max_nesting,
            )
        except YamlError as exc:
            self._diag(Location(path, exc.line, exc.column), f"invalid YAML: {exc}")
            self.broken.append(self.diagnostics[-1])
            return None
        if doc.data is None:
            return None
        self.written[path] = doc.data
        errors: list[tuple[Node, str]] = []
        tree = to_nodes(doc, path, text, env, errors)
        for node, message in errors:
            self._diag(node.loc, f"{key_path(node)}: {message}")
        if not isinstance(tree.value, dict):
            self._diag(tree.loc, "the top level of a compose file must be a mapping")
            self.broken.append(self.diagnostics[-1])
            return None
        for problem in normalize(tree):
            self._diag(problem.loc, f"{key_path(problem)}: must be a mapping")
        return tree

    def _includes(self, tree: Node, env: dict[str, str]) -> list[Node]:
        """The files a compose file's ``include:`` names (a path, a list of paths, or entries
        with ``path``), relative to it; files that are not among the unit's inputs are left out
        (a file compose does not name like a compose file is not read)."""
        entry = tree.value.get("include")
        folder = posixpath.dirname(tree.loc.path)
        paths: list[str] = []
        for item in _list(entry):
            written = item.get("path") if isinstance(item, dict) else item
            for one in written if isinstance(written, list) else [written]:
                if isinstance(one, str):
                    paths.append(_join(folder, one))
        loaded = []
        for path in paths:
            if path not in self.files and path in self.sources:
                found = self._load(path, env)
                if found is not None:
                    loaded.append(found)
        return loaded

    # -- facts ------------------------------------------------------------------------------------
    def _project(self, model: Node | None) -> None:
        top: dict[str, Node] = model.value if model is not None else {}
        named = top.get("name")
        name = str(named.value) if named is not None and named.value else _dir_name(self.folder)
        attrs = {"name": name, "files": list(self.files), "dir": self.folder}
        self._add(Fact(self.pid, NodeKind.COMPOSE_PROJECT, Location(self.files[0]), attrs))
        services = top.get("services")
        table: dict[str, Node] = (
            services.value if services and isinstance(services.value, dict) else {}
        )
        for service_name in sorted(table):
            self._service(service_name, table[service_name], set(table))

    def _service(self, name: str, node: Node, known: set[str]) -> None:
        sid = f"{self.pid}/services/{name}"
        svc: dict[str, Node] = dict(node.value)
        for key, shape in _SHAPES.items():
            if key in svc and svc[key].value is not None and not isinstance(svc[key].value, shape):
                wanted = "a list" if shape is list else "a mapping or a list of KEY=VALUE"
                self._diag(svc[key].loc, f"{key_path(svc[key])}: expected {wanted}")
                del svc[key]  # read the rest of the service as if the key were absent
        attrs: dict[str, Any] = {"name": name, "project": self.pid, **self._build_attrs(svc)}
        image = _scalar(svc.get("image"))
        attrs["image"] = image
        for key in ("command", "entrypoint"):
            attrs[key] = svc[key].plain() if key in svc else None
        attrs["profiles"] = [str(p) for p in _list(svc.get("profiles"))]
        attrs["env_files"] = [self._path(f) for f in _env_files(svc.get("env_file"))]
        attrs["mounts"] = self._bind_mounts(svc.get("volumes"))
        self._add(Fact(sid, NodeKind.COMPOSE_SERVICE, node.loc, attrs))
        self._rel(self.pid, sid, EdgeKind.HAS)
        common = {"service": name, "project": self.pid, "profiles": attrs["profiles"]}
        for i, entry in enumerate(_items(svc.get("ports"))):
            self._ports(sid, f"ports[{i}]", entry, common, expose=False)
        for i, entry in enumerate(_items(svc.get("expose"))):
            self._ports(sid, f"expose[{i}]", entry, common, expose=True)
        if image is not None:
            self._add(Fact(f"{sid}/image", NodeKind.IMAGE, svc["image"].loc, image_attrs(image)))
            self._rel(sid, f"{sid}/image", EdgeKind.USES_IMAGE)
        environment = svc.get("environment")
        env: dict[str, str | None] = {}
        for key, value in sorted((environment.value or {}).items() if environment else []):
            text = None if value.value is None else _text(value.value)
            env[key] = text
            env_attrs = {
                "name": key,
                "value": text,
                "raw": self._as_written(value),
                "source": "compose-environment",
                "service": name,
            }
            self._add(Fact(f"{sid}/environment/{key}", NodeKind.ENV_VAR, value.loc, env_attrs))
            self._rel(sid, f"{sid}/environment/{key}", EdgeKind.HAS)
        for key in ("command", "entrypoint"):
            cmd = svc.get(key)
            if cmd is None or not isinstance(cmd.value, str | list) or not cmd.value:
                continue
            argv = cmd.plain()
            if key == "command" and svc.get("entrypoint") is None:
                argv = with_image_entrypoint(argv, image, self.servers)
            facts, rels = command_facts(
                argv,
                cmd.loc,
                f"{sid}/{key}",
                f"compose-{key}",
                {"service": name},
                env,
                table=self.servers,
            )
            for fact in facts:
                self._add(fact)
                self._rel(sid, fact.id, EdgeKind.HAS)
            self.relations.extend(rels)
        self._depends_on(sid, svc.get("depends_on"), known)

    def _ports(self, sid: str, key: str, entry: Node, common: dict[str, str], expose: bool) -> None:
        parsed = (parse_expose_entry if expose else parse_port_entry)(entry.plain())
        if parsed.error:
            self._diag(entry.loc, f"{key_path(entry)}: {parsed.error}")
        # A port that depends on a variable set only at deploy time (``${PORT}``, ``${PORT:?}``)
        # is not an input error: the number is unknown here, so no port fact claims one.
        order = self.files.index(entry.loc.path) if entry.loc.path in self.files else 0
        base = {**common, "artifact": entry.loc.path, "merge_order": order}
        for m in parsed.mappings:
            shared = {**base, "protocol": m.protocol, "host_ip": m.host_ip}
            source = "compose-expose" if expose else "compose-target"
            target = {**shared, "number": m.target, "scope": "container", "source": source}
            # "9000:9000": one number in one place; rules can report it once
            target["mirrors_published"] = m.published == m.target
            self._port(f"{sid}/{key}/container:{m.target}", entry.loc, target, sid)
            if m.published is not None:
                pub = {**shared, "number": m.published, "scope": "published"}
                pub["source"] = "compose-published"
                self._port(f"{sid}/{key}/published:{m.published}", entry.loc, pub, sid)

    def _port(self, fid: str, loc: Location, attrs: dict[str, Any], sid: str) -> None:
        self._add(Fact(fid, NodeKind.PORT, loc, attrs))
        self._rel(sid, fid, EdgeKind.HAS)

    def _depends_on(self, sid: str, deps: Node | None, known: set[str]) -> None:
        if deps is None or not isinstance(deps.value, dict):
            return
        for dep, node in sorted(deps.value.items()):
            if dep in known:
                self._rel(sid, f"{self.pid}/services/{dep}", EdgeKind.DEPENDS_ON)
                continue
            required = node.value.get("required") if isinstance(node.value, dict) else None
            if required is None or required.value not in (False, "false"):
                self._diag(node.loc, f"{key_path(node)}: depends on unknown service '{dep}'")

    def _build_attrs(self, svc: dict[str, Node]) -> dict[str, Any]:
        build = svc.get("build")
        attrs: dict[str, Any] = {"build_context": None, "dockerfile": None, "build_target": None}
        attrs["build_outside_root"] = False
        if build is None or not isinstance(build.value, dict):
            return attrs
        spec: dict[str, Node] = build.value
        raw = _scalar(spec.get("context")) or "."
        if re.match(r"(https?|git|ssh)://|git@", raw):
            attrs["build_context"] = raw
            return attrs
        context = self._path(raw)
        attrs["build_context"] = context
        attrs["build_outside_root"] = context == ".." or context.startswith(("../", "/"))
        attrs["build_target"] = _scalar(spec.get("target"))
        if "dockerfile_inline" not in spec:
            dockerfile = _scalar(spec.get("dockerfile")) or "Dockerfile"
            attrs["dockerfile"] = _join(context, dockerfile)
        return attrs

    def _bind_mounts(self, volumes: Node | None) -> list[str]:
        """Repository folders bind-mounted into the service (``../../server:/app/server``)."""
        found: list[str] = []
        for item in _items(volumes):
            value = item.plain()
            if isinstance(value, dict):
                source = value.get("source") if value.get("type") == "bind" else None
            else:
                source = str(value).split(":", 1)[0] if ":" in str(value) else None
            if isinstance(source, str) and source.startswith((".", "/", "~")):
                path = self._path(source)
                if not path.startswith(("..", "/", "~")):
                    found.append(path)
        return sorted(set(found))

    # -- helpers ----------------------------------------------------------------------------------
    def _as_written(self, node: Node) -> str | None:
        """A scalar's text before interpolation (``${DB_PASSWORD}``, not what ``.env`` set)."""
        data: Any = self.written.get(node.loc.path)
        try:
            for part in node.path:
                data = data[part]
        except (KeyError, IndexError, TypeError):  # pragma: no cover - every node is in its file
            return None
        if data is None or isinstance(data, dict | list):
            return None
        if node.path and isinstance(node.path[-1], int):  # list form ``- KEY=value``
            _, eq, text = str(data).partition("=")
            return text if eq else None
        return _text(data)

    def _path(self, relative: str) -> str:
        return _join(self.folder, relative)

    def _add(self, fact: Fact) -> None:
        self.facts.setdefault(fact.id, fact)

    def _rel(self, source: str, target: str, kind: EdgeKind) -> None:
        self.relations.append(Relation(source, target, kind))

    def _diag(self, loc: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(loc, message))


def key_path(node: Node) -> str:
    """``("services", "api", "ports", 1)`` -> ``services.api.ports[1]``."""
    out = ""
    for part in node.path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "<top>"


def _join(folder: str, relative: str) -> str:
    if relative.startswith("/"):
        return relative
    joined = posixpath.normpath(posixpath.join(folder, relative))
    return "" if joined == "." else joined


def _dir_name(folder: str) -> str:
    if not folder:
        return "root"
    return re.sub(r"[^a-z0-9_-]", "", posixpath.basename(folder).lower()) or "root"


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _scalar(node: Node | None) -> str | None:
    if node is None or node.value is None or isinstance(node.value, dict | list):
        return None
    return _text(node.value)


# service keys whose shape the facts depend on (environment lists are normalised to mappings)
_SHAPES: dict[str, type] = {"ports": list, "expose": list, "environment": dict, "profiles": list}


def _items(node: Node | None) -> list[Node]:
    return list(node.value) if node is not None and isinstance(node.value, list) else []


def _list(node: Node | None) -> list[Any]:
    return [item.plain() for item in _items(node)]


def _env_files(node: Node | None) -> list[str]:
    if node is not None and isinstance(node.value, str):
        return [node.value]
    entries = [e.get("path") if isinstance(e, dict) else e for e in _list(node)]
    return [str(e) for e in entries if e is not None]
