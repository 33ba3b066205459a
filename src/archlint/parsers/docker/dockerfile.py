"""Dockerfile / Containerfile parser: a small line-oriented reader that keeps exact line numbers.

Facts emitted (ids are built from the path and stage index, never from a line number):

- ``dockerfile`` ``{path}#dockerfile``: path, dir ("" at the root), stage_count,
  final_stage (alias or index, None without FROM), directives (parser directives, e.g. syntax).
- ``docker_stage`` ``{path}#stage[i]``: index, name (alias or None), base_image (as written,
  ARG-resolved), is_final, copies_from (``--from`` values), copy_sources (what COPY/ADD take
  from the build context), user (last USER or None), workdir.
- ``image`` ``{path}#stage[i]/image``: ref, name, registry (None for Docker Hub), tag, digest;
  when FROM names an earlier stage there is no image fact and the stage gets ``stage_ref: True``.
  ``COPY --from=<image>`` adds ``{path}#stage[i]/copy-image[k]`` with the same attrs.
- ``port`` ``{path}#stage[i]/expose/{number}/{protocol}``: number, protocol, scope "container",
  source "dockerfile-expose", artifact, stage.
- ``env_var`` ``{path}#stage[i]/env/{name}``, ``.../arg/{name}``, ``{path}#global/arg/{name}``:
  name, value (None for an ARG without default), raw (the value as written, before ``$VAR``
  substitution; None without ``=``), source "dockerfile-env" | "dockerfile-arg",
  stage (None for global ARGs), artifact. The last definition of a name wins.
- ``command`` ``{path}#stage[i]/cmd`` | ``/entrypoint`` | ``/effective`` (see
  :func:`archlint.parsers.common.commands.command_facts`), origin "dockerfile-cmd" |
  "dockerfile-entrypoint" | "dockerfile-effective", plus form, stage, final, superseded; with
  their ``port`` facts (scope "listen"). "effective" is ENTRYPOINT + CMD when both are exec form;
  then the parts are ``superseded`` and lose their port facts if the combination names a server.

Relations: dockerfile -has-> docker_stage and global env_var; docker_stage -has-> port, env_var,
command; docker_stage -uses_image-> image; docker_stage -copies_from-> earlier docker_stage.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.location import Location
from archlint.domain.servers import ServerTable
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common import commands
from archlint.parsers.common.images import parse_image_ref
from archlint.parsers.docker.dockerfile_lexer import (
    Instruction,
    command_form,
    split_flags,
    tokenize,
)

_KNOWN = {
    "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
    "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
}  # fmt: skip
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")
_EXPOSE = re.compile(r"(\d+)(?:-(\d+))?(?:/([A-Za-z]+))?")
_MAX_RANGE = 1024


_VERSION = "4"


class DockerfileParser:
    name = "dockerfile"

    # Dockerfile, Containerfile, api.Dockerfile, Dockerfile.dev - not Dockerfile.dockerignore
    selector = Selector(
        names=frozenset({"Dockerfile", "Containerfile"}),
        suffixes=(".Dockerfile", ".dockerfile"),
        patterns=(r"(?s)(?!.*\.dockerignore\Z)(?:Dockerfile|Containerfile)\..*",),
    )

    def __init__(self, servers: ServerTable) -> None:
        self.servers = servers
        # the table decides which commands start servers: a changed table is a changed parse
        self.version = f"{_VERSION}+servers.{servers.digest}"

    def parse(self, source: SourceFile) -> ParseResult:
        directives, instructions, problems = tokenize(source.text)
        builder = _Builder(source, directives, self.servers)
        for line, message in problems:
            builder.diag(line, message)
        for ins in instructions:
            builder.feed(ins)
        return builder.result()


def expand(text: str, variables: dict[str, str | None]) -> str:
    """Substitute ``$V``, ``${V}``, ``${V:-d}``, ``${V:+a}``; unknown variables stay as written."""

    def repl(m: re.Match[str]) -> str:
        value = variables.get(m.group(1) or m.group(4))
        op, word = m.group(2), m.group(3) or ""
        is_set = bool(value) if op and op.startswith(":") else value is not None
        if op is None:
            return m.group(0) if value is None else value
        if op.endswith("+"):
            return word if is_set else ""
        return value if is_set and value is not None else word

    return _VAR.sub(repl, text)


def workspace_targets(command: str) -> list[str]:
    """The workspace packages a RUN line prunes the repository to (``turbo prune --scope=webapp``,
    ``turbo prune web --docker``): the image holds that package only. (A ``pnpm --filter X``
    build names one package of an image that may hold several: a multi-target Dockerfile.)"""
    return [m.group(1) for m in _PRUNE.finditer(command)]


_PRUNE = re.compile(r"\bturbo(?:@\S+)?\s+prune\s+(?:--scope[= ])?([@\w][\w./@-]*)")
# a RUN line that builds a JavaScript bundle: a package manager's build script, or a bundler
_JS_BUILD = re.compile(
    r"\b((npm|pnpm|yarn|bun)\b[^&|;]*\b(run\s+)?build(:[\w-]+)?\b|(vite|next|ng|nuxt|astro)\s+build\b"
    r"|react-scripts\s+build\b|webpack\b)"
)
# a RUN line that builds a program or a bundle of any stack, in the current WORKDIR
_ANY_BUILD = re.compile(
    r"\bgo\s+build\b|\bcargo\s+build\b|\b(mvnw?|\./mvnw)\b[^&|;]*\b(package|install)\b"
    r"|\bgradlew?\b[^&|;]*\b(build|bootJar|assemble|installDist)\b|\bdotnet\s+(publish|build)\b"
)


# -- private helpers ------------------------------------------------------------------------------
@dataclass
class _Stage:
    index: int
    line: int
    base: str
    name: str | None
    variables: dict[str, str | None]
    stage_ref: int | None = None
    copies_from: list[str] = field(default_factory=list)
    copy_sources: list[str] = field(default_factory=list)
    user: str | None = None
    workdir: str | None = None
    cmd: tuple[Instruction, str | list[str]] | None = None
    entrypoint: tuple[Instruction, str | list[str]] | None = None
    inherited: set[str] = field(default_factory=set)
    prunes_to: list[str] = field(default_factory=list)
    runs_js_build: bool = False
    # (container folder, build-context folder) of each COPY of a context folder: maps WORKDIRs
    # back to the repository
    context_roots: list[tuple[str, str]] = field(default_factory=list)
    built_dirs: list[str] = field(default_factory=list)


def _run(_builder: _Builder, ins: Instruction, stage: _Stage) -> None:
    stage.prunes_to.extend(workspace_targets(ins.args))
    js = bool(_JS_BUILD.search(ins.args))
    stage.runs_js_build = stage.runs_js_build or js
    if js or _ANY_BUILD.search(ins.args):
        built = _context_dir(stage.workdir or "/", stage.context_roots)
        if built is not None and built not in stage.built_dirs:
            stage.built_dirs.append(built)


def _is_folder(source: str) -> bool:
    """A COPY source that names a folder of the context (``.``, ``packages/api``, ``src/``), not
    a file (``package.json``) or a pattern."""
    name = source.rstrip("/").rpartition("/")[2]
    return source in (".", "./") or (
        bool(name) and "." not in name and not any(c in source for c in "*?[$")
    )


def _context_dir(workdir: str, roots: list[tuple[str, str]]) -> str | None:
    """The build-context folder a container folder holds (``/src/packages/api`` after ``WORKDIR
    /src; COPY . .`` is ``packages/api``), by the deepest COPY that put a context folder there."""
    for container, context in sorted(roots, key=lambda r: -len(r[0])):
        if workdir == container or workdir.startswith(container.rstrip("/") + "/"):
            rest = workdir[len(container) :].strip("/")
            return posixpath.normpath(posixpath.join(context, rest)) if rest else context
    return None


class _Builder:
    def __init__(
        self, source: SourceFile, directives: dict[str, str], servers: ServerTable
    ) -> None:
        self.src = source
        self.servers = servers
        self.path = source.path
        self.directives = directives
        self.stages: list[_Stage] = []
        self.global_args: dict[str, str | None] = {}
        self.facts: list[Fact] = []
        self.relations: list[Relation] = []
        self.diagnostics: list[Diagnostic] = []
        self.env_facts: dict[str, Fact] = {}

    def diag(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.src.loc(line), message))

    def feed(self, ins: Instruction) -> None:
        if ins.keyword not in _KNOWN:
            self.diag(ins.line, f"unknown instruction {ins.keyword!r} on line {ins.line}")
        elif ins.keyword == "FROM":
            self._from(ins)
        elif not self.stages:
            if ins.keyword == "ARG":
                self._vars(ins, None, self.global_args)
            else:
                self.diag(ins.line, f"{ins.keyword} before the first FROM on line {ins.line}")
        elif handler := _HANDLERS.get(ins.keyword):
            handler(self, ins, self.stages[-1])

    def result(self) -> ParseResult:
        if not self.stages:
            self.diag(1, "no FROM instruction: not a buildable Dockerfile")
        final = self.stages[-1] if self.stages else None
        file_id = f"{self.path}#dockerfile"
        folder = posixpath.dirname(self.path)
        attrs = {
            "path": self.path,
            "dir": folder,
            "stage_count": len(self.stages),
            "final_stage": None if final is None else (final.name or final.index),
            "directives": dict(self.directives),
        }
        head = [Fact(file_id, NodeKind.DOCKERFILE, self.src.loc(1), attrs)]
        for stage in self.stages:
            head.append(self._stage_fact(stage, stage is final))
            self.relations.append(Relation(file_id, head[-1].id, EdgeKind.HAS))
            self._commands(stage, stage is final)
        for fact in self.env_facts.values():
            owner = (
                file_id if fact.get("stage") is None else f"{self.path}#stage[{fact.get('stage')}]"
            )
            self.relations.append(Relation(owner, fact.id, EdgeKind.HAS))
        facts = head + list(self.env_facts.values()) + self.facts
        relations = tuple(dict.fromkeys(self.relations))  # two COPY --from=x make one edge
        return ParseResult(tuple(facts), relations, tuple(self.diagnostics))

    # -- instructions ---------------------------------------------------------------------------
    def _from(self, ins: Instruction) -> None:
        flags, words = split_flags(ins.args)
        index = len(self.stages)
        if not words:
            self.diag(ins.line, f"FROM without an image on line {ins.line}")
            return
        base = expand(words[0], self.global_args)
        name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
        stage = _Stage(index, ins.line, base, name, {})
        earlier = self._find_stage(base.lower(), index)
        stage_id = f"{self.path}#stage[{index}]"
        if earlier is not None:  # the stage starts from an earlier one and inherits its config
            stage.stage_ref = earlier.index
            stage.variables = dict(earlier.variables)
            stage.workdir, stage.user = earlier.workdir, earlier.user
            stage.cmd, stage.entrypoint = earlier.cmd, earlier.entrypoint
            stage.inherited = {"cmd", "entrypoint"}
        else:
            self._image(
                f"{stage_id}/image", base, ins, stage_id, {"platform": flags.get("platform")}
            )
        self.stages.append(stage)

    def _arg(self, ins: Instruction, stage: _Stage) -> None:
        self._vars(ins, stage, stage.variables)

    def _env(self, ins: Instruction, stage: _Stage) -> None:
        self._vars(ins, stage, stage.variables)

    def _expose(self, ins: Instruction, stage: _Stage) -> None:
        for raw in ins.args.split():
            value = expand(raw, stage.variables)
            if _VAR.search(value):
                # `EXPOSE ${PORT}` with no default: valid, set at build time; no port is known
                continue
            m = _EXPOSE.fullmatch(value)
            proto = (m.group(3) or "tcp").lower() if m else ""
            low, high = (int(m.group(1)), int(m.group(2) or m.group(1))) if m else (0, -1)
            if not m or proto not in {"tcp", "udp", "sctp"} or not 0 < low <= high < 65536:
                self.diag(ins.line, f"EXPOSE value {raw!r} on line {ins.line} is not a port")
                continue
            if high - low >= _MAX_RANGE:
                self.diag(ins.line, f"EXPOSE range {raw!r} is too large; only {low} is recorded")
                high = low
            for number in range(low, high + 1):
                stage_id = f"{self.path}#stage[{stage.index}]"
                attrs = {
                    "number": number,
                    "protocol": proto,
                    "scope": "container",
                    "source": "dockerfile-expose",
                    "artifact": self.path,
                    "stage": stage.index,
                }
                fact_id = f"{stage_id}/expose/{number}/{proto}"
                if any(f.id == fact_id for f in self.facts):
                    continue  # EXPOSEd again: the first line says it already
                fact = Fact(fact_id, NodeKind.PORT, self._loc(ins), attrs)
                self.facts.append(fact)
                self.relations.append(Relation(stage_id, fact.id, EdgeKind.HAS))

    def _copy(self, ins: Instruction, stage: _Stage) -> None:
        flags, rest = split_flags(ins.args)
        ref = flags.get("from")
        if ref is None:
            # what the build context gives this stage (all but the destination; not heredocs)
            words = [expand(w, stage.variables) for w in rest if not w.startswith("<<")]
            sources = [w.strip("\"'[],") for w in words[:-1]]
            stage.copy_sources.extend(sources)
            if len(sources) == 1 and words and _is_folder(sources[0]):
                dest = posixpath.join(stage.workdir or "/", words[-1].strip("\"'[],"))
                stage.context_roots.append(
                    (posixpath.normpath(dest), posixpath.normpath(sources[0]))
                )
            return
        ref = expand(ref, stage.variables)
        stage.copies_from.append(ref)
        stage_id = f"{self.path}#stage[{stage.index}]"
        target = self._find_stage(ref.lower(), stage.index)
        if target is not None:
            target_id = f"{self.path}#stage[{target.index}]"
            self.relations.append(Relation(stage_id, target_id, EdgeKind.COPIES_FROM))
        elif ref.isdigit() or not any(c in ref for c in "/:@."):
            self.diag(ins.line, f"COPY --from={ref} on line {ins.line} names no earlier stage")
        else:
            fact_id = f"{stage_id}/copy-image[{len(stage.copies_from) - 1}]"
            self._image(fact_id, ref, ins, stage_id, {"copy_from": True})

    def _user(self, ins: Instruction, stage: _Stage) -> None:
        stage.user = expand(ins.args, stage.variables) or None

    def _workdir(self, ins: Instruction, stage: _Stage) -> None:
        path = expand(ins.args.strip("\"'"), stage.variables)
        stage.workdir = posixpath.normpath(posixpath.join(stage.workdir or "/", path))

    def _cmd(self, ins: Instruction, stage: _Stage) -> None:
        stage.cmd = (ins, command_form(ins.args))
        stage.inherited.discard("cmd")

    def _entrypoint(self, ins: Instruction, stage: _Stage) -> None:
        stage.entrypoint = (ins, command_form(ins.args))
        stage.inherited.discard("entrypoint")
        if "cmd" in stage.inherited:  # docker resets an inherited CMD when ENTRYPOINT is set
            stage.cmd = None

    # -- emission -------------------------------------------------------------------------------
    def _vars(self, ins: Instruction, stage: _Stage | None, table: dict[str, str | None]) -> None:
        is_arg = ins.keyword == "ARG"
        try:
            words = shlex.split(ins.args)
        except ValueError:
            words = ins.args.split()
        if not is_arg and words and "=" not in words[0]:
            _, _, rest = ins.args.partition(" ")
            words = [f"{words[0]}={rest.strip()}"]  # legacy ``ENV KEY value with spaces``
        for word in words:
            name, eq, raw = word.partition("=")
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", name):
                self.diag(ins.line, f"{ins.keyword} on line {ins.line}: bad name {name!r}")
                continue
            value: str | None = expand(raw, table) if eq else None
            if value is None and stage is not None:
                value = self.global_args.get(name)  # ``ARG NAME`` re-declares a global ARG
            table[name] = value
            scope = "global" if stage is None else f"stage[{stage.index}]"
            kind = "arg" if is_arg else "env"
            attrs = {
                "name": name,
                "value": value,
                "raw": raw if eq else None,  # as written, before ARG/ENV substitution
                "source": f"dockerfile-{kind}",
                "stage": None if stage is None else stage.index,
                "artifact": self.path,
            }
            fact_id = f"{self.path}#{scope}/{kind}/{name}"
            self.env_facts[fact_id] = Fact(fact_id, NodeKind.ENV_VAR, self._loc(ins), attrs)

    def _image(
        self, fact_id: str, ref: str, ins: Instruction, owner: str, extra: dict[str, object]
    ) -> None:
        attrs: dict[str, object] = dict(parse_image_ref(ref))
        attrs.update({k: v for k, v in extra.items() if v is not None})
        self.facts.append(Fact(fact_id, NodeKind.IMAGE, self._loc(ins), attrs))
        self.relations.append(Relation(owner, fact_id, EdgeKind.USES_IMAGE))

    def _stage_fact(self, stage: _Stage, final: bool) -> Fact:
        attrs: dict[str, object] = {
            "index": stage.index,
            "name": stage.name,
            "base_image": stage.base,
            "is_final": final,
            "copies_from": list(stage.copies_from),
            "copy_sources": list(stage.copy_sources),
            "prunes_to": sorted(set(stage.prunes_to)),
            "runs_js_build": stage.runs_js_build,
            "built_dirs": list(stage.built_dirs),
            "user": stage.user,
            "workdir": stage.workdir,
        }
        if stage.stage_ref is not None:
            attrs["stage_ref"] = True
        return Fact(
            f"{self.path}#stage[{stage.index}]",
            NodeKind.DOCKER_STAGE,
            self.src.loc(stage.line),
            attrs,
        )

    def _commands(self, stage: _Stage, final: bool) -> None:
        stage_id = f"{self.path}#stage[{stage.index}]"
        parts = [(stage.entrypoint, "entrypoint"), (stage.cmd, "cmd")]
        effective: tuple[list[Fact], list[Relation]] | None = None
        if stage.entrypoint and stage.cmd:
            ep, cmd = stage.entrypoint[1], stage.cmd[1]
            if isinstance(ep, list) and isinstance(cmd, list):
                ins = stage.entrypoint[0]
                inherited = bool(stage.inherited)
                extra = {"form": "exec", "stage": stage.index, "final": final, "superseded": False}
                extra["inherited"] = inherited
                effective = commands.command_facts(
                    ep + cmd,
                    self._loc(ins),
                    f"{stage_id}/effective",
                    "dockerfile-effective",
                    extra,
                    stage.variables,
                    table=self.servers,
                )
        has_server = effective is not None and len(effective[0]) > 1
        for part, key in parts:
            if part is None:
                continue
            ins, command = part
            extra = {
                "form": "exec" if isinstance(command, list) else "shell",
                "stage": stage.index,
                "final": final,
                "superseded": effective is not None,
                "inherited": key in stage.inherited,
            }
            facts, rels = commands.command_facts(
                command,
                self._loc(ins),
                f"{stage_id}/{key}",
                f"dockerfile-{key}",
                extra,
                stage.variables,
                table=self.servers,
            )
            if has_server:
                facts, rels = facts[:1], []
            self._add_command(stage_id, facts, rels)
        if effective is not None:
            self._add_command(stage_id, *effective)

    def _add_command(self, stage_id: str, facts: list[Fact], rels: list[Relation]) -> None:
        self.facts.extend(facts)
        self.relations.append(Relation(stage_id, facts[0].id, EdgeKind.HAS))
        self.relations.extend(rels)

    def _find_stage(self, ref: str, before: int) -> _Stage | None:
        for stage in self.stages[:before]:
            if stage.name == ref or (ref.isascii() and ref.isdigit() and int(ref) == stage.index):
                return stage
        return None

    def _loc(self, ins: Instruction) -> Location:
        return self.src.loc(ins.line, ins.column)


# instructions the linter reads; RUN, LABEL, HEALTHCHECK, ONBUILD, SHELL, ... are only checked
_HANDLERS: dict[str, Callable[[_Builder, Instruction, _Stage], None]] = {
    "ADD": _Builder._copy,
    "ARG": _Builder._arg,
    "RUN": _run,
    "CMD": _Builder._cmd,
    "COPY": _Builder._copy,
    "ENTRYPOINT": _Builder._entrypoint,
    "ENV": _Builder._env,
    "EXPOSE": _Builder._expose,
    "USER": _Builder._user,
    "WORKDIR": _Builder._workdir,
}
