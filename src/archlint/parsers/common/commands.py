"""Server commands: which program a command starts and on which port it listens.

Shared by every format that holds a command line: Dockerfile CMD/ENTRYPOINT, compose ``command``,
Procfile entries and package.json scripts. Pure string work; nothing is executed.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass

from archlint.domain.facts import EdgeKind, Fact, NodeKind, Relation
from archlint.domain.location import Location
from archlint.domain.servers import ServerSpec, ServerTable

# which programs start a server, their default ports and port flags are data
# (rules/data/servers.yaml, a ServerTable the parsers are built with); what follows is how
# command lines are written, which is not a decision
# flags that bind a server to something other than a TCP port
_NON_TCP_FLAGS = {"--uds", "--fd"}
# process supervisors and entrypoint scripts that run the rest of the command line
_INIT_WRAPPERS = {"tini", "tini-static", "dumb-init"}
_DJANGO = {"django-admin", "django-admin.py", "django"}
_WRAPPERS = {
    *("exec", "npx", "pnpm", "yarn", "bunx", "poetry", "pipenv", "uv", "pdm", "hatch"),
    "bundle",  # `bundle exec rails server`
}
_WRAPPER_SUBCOMMANDS = {"run", "exec", "dlx"}
_ENV_WRAPPERS = {"cross-env", "cross-env-shell"}  # followed by VAR=value pairs, then the command
_ENV_FILE_WRAPPERS = {"dotenv", "env-cmd"}  # options (-e/-f FILE), an optional --, the command

_SEPARATORS = {"&&", "||", ";", "|", "&"}
# words before a command: `env`, and the shell keywords that start a branch or loop body
# (`if [ -n "$X" ]; then node server.js; else ...; fi`)
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*")
_PREFIX_WORDS = {"env", "then", "else", "do", "time"}
_INTERP = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """One server a command starts: program, kind, port (and whether that port is a default)."""

    program: str
    kind: str
    port: int | None
    implicit_port: bool
    subcommand: str


def split_command(command: str | list[str]) -> list[str]:
    """A shell command as argv; a list is exec form. Unbalanced quotes fall back to split()."""
    if isinstance(command, list):
        return [str(a) for a in command]
    try:
        return shlex.split(command, comments=False, posix=True)
    except ValueError:
        return command.split()


def with_image_entrypoint(
    command: str | list[str], image: str | None, table: ServerTable
) -> str | list[str]:
    """``serve -a 0.0.0.0:3000`` on the mkdocs-material image is ``mkdocs serve -a ...``."""
    if not image:
        return command
    name = image.split("@", 1)[0]
    if ":" in name.rsplit("/", 1)[-1]:
        name = name.rsplit(":", 1)[0]
    program = table.image_entrypoints.get(name)
    argv = split_command(command)
    if program is None or not argv or _base(argv[0]) == program:
        return command
    return [program, *argv]


def analyze(
    command: str | list[str], table: ServerTable, env: Mapping[str, str | None] | None = None
) -> list[ServerInfo]:
    """Every server a command line starts (``sh -c "..."`` and ``a && b`` chains included).

    ``env`` is what the command runs with (Dockerfile ENV, compose ``environment``): some servers
    take their port from it (``FLASK_RUN_PORT``, gunicorn's ``PORT``) when no flag sets one.
    """
    argv = split_command(command)
    # `PORT=4200 react-app-rewired start`, `cross-env PORT=4200 ...`: set for the command itself
    inline = dict(a.split("=", 1) for a in argv if _ASSIGNMENT.fullmatch(a))
    runs_with = {**(env or {}), **inline}
    found: list[ServerInfo] = []
    for segment in _segments(argv):
        found.extend(_with_env(info, runs_with, table) for info in _analyze_segment(segment, table))
    return found


def _with_env(info: ServerInfo, env: Mapping[str, str | None], table: ServerTable) -> ServerInfo:
    spec = table.servers.get(info.program)
    if not info.implicit_port or spec is None:
        return info
    for name in spec.env_ports:
        port = parse_port(env.get(name) or "")
        if port is not None:
            return ServerInfo(info.program, info.kind, port, False, info.subcommand)
    return info


def command_facts(
    command: str | list[str],
    location: Location,
    fact_id: str,
    origin: str,
    extra: dict[str, object] | None = None,
    env: Mapping[str, str | None] | None = None,
    *,
    table: ServerTable,
) -> tuple[list[Fact], list[Relation]]:
    """A ``command`` fact plus one ``port`` fact per server port it listens on (``has`` edges)."""
    argv = split_command(command)
    text = command if isinstance(command, str) else shlex.join(argv)
    servers = analyze(command, table, env)
    attrs: dict[str, object] = {
        "text": text,
        "argv": argv,
        "program": _program(argv),
        "origin": origin,
        "servers": [s.program for s in servers],
        "server_kinds": sorted({s.kind for s in servers}),
    }
    attrs.update(extra or {})
    cmd = Fact(fact_id, NodeKind.COMMAND, location, attrs)
    facts = [cmd]
    relations = []
    for i, server in enumerate(servers):
        if server.port is None:
            continue
        port = Fact(
            f"{fact_id}/port[{i}]",
            NodeKind.PORT,
            location,
            {
                "number": server.port,
                "protocol": "tcp",
                "scope": "listen",
                "source": origin,
                "server": server.program,
                "server_kind": server.kind,
                "implicit": server.implicit_port,
                "artifact": location.path,
            },
        )
        facts.append(port)
        relations.append(Relation(cmd.id, port.id, EdgeKind.HAS))
    return facts, relations


def resolve_default(value: str) -> str:
    """``${PORT:-8000}`` -> ``8000``; a variable without a default is left as it is."""

    def repl(m: re.Match[str]) -> str:
        if m.group(2) is not None:
            return m.group(2)
        return m.group(0)

    return _INTERP.sub(repl, value)


def parse_port(value: str) -> int | None:
    value = resolve_default(value).strip()
    if value.isascii() and value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    return None


# -- private helpers ------------------------------------------------------------------------------
def _program(argv: list[str]) -> str:
    return _base(argv[0]) if argv else ""


def _base(token: str) -> str:
    return token.rsplit("/", 1)[-1]


def _segments(argv: list[str]) -> list[list[str]]:
    segments: list[list[str]] = [[]]
    for token in argv:
        if token in _SEPARATORS:
            segments.append([])
        elif token.endswith(";") and len(token) > 1:
            segments[-1].append(token[:-1])
            segments.append([])
        else:
            segments[-1].append(token)
    result: list[list[str]] = []
    for seg in segments:
        seg = _strip_prefix(seg)
        if len(seg) >= 3 and _base(seg[0]) in {"sh", "bash", "ash", "dash", "zsh"}:
            for i, tok in enumerate(seg[1:-1], start=1):
                if tok.startswith("-") and "c" in tok:
                    result.extend(_segments(split_command(seg[i + 1])))
                    break
            continue
        if seg and _base(seg[0]) == "concurrently":
            for arg in seg[1:]:
                if not arg.startswith("-"):
                    result.extend(_segments(split_command(arg)))
            continue
        if seg:
            result.append(seg)
    return result


def _strip_prefix(seg: list[str]) -> list[str]:
    """Drop env assignments, ``exec``, ``python -m``, ``npx``/``poetry run``-style wrappers."""
    changed = True
    while seg and changed:
        changed = False
        head = _base(seg[0])
        if _ASSIGNMENT.fullmatch(seg[0]) or head in _PREFIX_WORDS:
            seg, changed = seg[1:], True
        elif head in _INIT_WRAPPERS or re.fullmatch(r".*entrypoint.*\.sh", head):
            seg = seg[1:]
            while seg and seg[0].startswith("-"):
                seg = seg[1:]
            changed = True
        elif head in _ENV_WRAPPERS:
            seg, changed = seg[1:], True
        elif head in _ENV_FILE_WRAPPERS:
            seg, changed = _after_options(seg[1:]), True
        elif head in _WRAPPERS:
            seg = seg[1:]
            if seg and seg[0] in _WRAPPER_SUBCOMMANDS:
                seg = seg[1:]
            changed = True
        elif re.fullmatch(r"python[0-9.]*", head) and len(seg) >= 3 and seg[1] == "-m":
            seg, changed = seg[2:], True
        elif (
            re.fullmatch(r"python[0-9.]*", head) and len(seg) >= 2 and seg[1].endswith("manage.py")
        ):
            return ["django-manage", *seg[2:]]
        elif head == "manage.py" or head in _DJANGO:
            return ["django-manage", *seg[1:]]
    return seg


def _after_options(args: list[str]) -> list[str]:
    if "--" in args:
        return args[args.index("--") + 1 :]
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 1 if "=" in args[i] else 2  # ``-e .env`` / ``-f=.env``
    return args[i:]


def _analyze_segment(seg: list[str], table: ServerTable) -> list[ServerInfo]:
    program = _base(seg[0])
    if program == "django-manage":
        if len(seg) >= 2 and seg[1] == "runserver":
            addr = next((a for a in seg[2:] if not a.startswith("-")), "")
            port = parse_port(addr.rsplit(":", 1)[-1]) if addr else None
            return [ServerInfo("django", "python-http", port or 8000, port is None, "runserver")]
        return []
    spec = table.servers.get(program)
    if spec is None:
        return []
    kind, default, port_flags, bind_flags = spec.kind, spec.port, spec.port_flags, spec.bind_flags
    args = seg[1:]
    sub = _subcommand(spec, args)
    allowed = spec.subcommands
    if allowed is not None and sub not in allowed and _base(sub) in allowed:
        sub = _base(sub)  # `node ./web/server.js`: a script sub-command, named by its file
    if allowed is not None and sub not in allowed:
        # ``vite src/`` or ``vite .``: a path argument, not a sub-command
        if not ("" in allowed and ("/" in sub or "." in sub)):
            return []
        sub = ""
    if sub in spec.preview:
        kind = "frontend-preview"
        default = spec.preview[sub] or default
    if kind == "celery":
        return [ServerInfo(program, kind, None, False, sub)]
    port, bound = _flag_port(args, port_flags, bind_flags)
    if port is None and bound:
        # bound to a unix socket / fd, or to a port we cannot resolve (``--port $PORT``)
        return [ServerInfo(program, kind, None, False, sub)]
    return [ServerInfo(program, kind, port or default, port is None, sub)]


def _subcommand(spec: ServerSpec, args: list[str]) -> str:
    options = spec.options_before_subcommand
    if options is None:
        return args[0] if args and not args[0].startswith("-") else ""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith("-"):
            skip = arg in options
        else:
            return arg
    return ""


def _flag_port(
    args: list[str], port_flags: tuple[str, ...], bind_flags: tuple[str, ...]
) -> tuple[int | None, bool]:
    """The first TCP port the flags name, and whether any port/bind flag was given at all."""
    bound = False
    for i, arg in enumerate(args):
        flag, eq, inline = arg.partition("=")
        if flag in _NON_TCP_FLAGS:
            bound = True
        if flag in port_flags or flag in bind_flags:
            value = inline if eq else (args[i + 1] if i + 1 < len(args) else "")
            value = resolve_default(value)
            if flag in bind_flags:
                if value.startswith(("unix:", "fd://")):
                    bound = True
                    continue
                if ":" not in value:
                    continue  # a host alone: the server keeps its default port
                value = value.rsplit(":", 1)[-1]
            bound = True
            port = parse_port(value)
            if port is not None:
                return port, True
    return None, bound
