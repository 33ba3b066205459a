"""Procfile parser (Heroku, foreman, honcho, overmind): one ``name: command`` per line.

Facts emitted:

- ``process`` ``{path}#process/{name}``: name, command (the text after the colon), artifact.
- ``command`` ``{path}#process/{name}/command`` from
  :func:`archlint.parsers.common.commands.command_facts` with origin "procfile" and attr
  ``process``,
  plus its ``port`` facts (scope "listen") for the servers it starts.

Relations: process -has-> command (and command -has-> port).
Lines that are not ``name: command`` and repeated names are diagnostics; the rest still parses.
"""

from __future__ import annotations

import re

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.servers import ServerTable
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common import commands

_LINE = re.compile(r"([A-Za-z0-9_-]+)\s*:\s*(.*)")


_VERSION = "1"


class ProcfileParser:
    name = "procfile"

    selector = Selector(names=frozenset({"Procfile"}), patterns=(r"(?s)Procfile\..*",))

    def __init__(self, servers: ServerTable) -> None:
        self.servers = servers
        # the table decides which commands start servers: a changed table is a changed parse
        self.version = f"{_VERSION}+servers.{servers.digest}"

    def parse(self, source: SourceFile) -> ParseResult:
        facts: list[Fact] = []
        relations: list[Relation] = []
        diagnostics: list[Diagnostic] = []
        seen: dict[str, int] = {}
        for number, raw in enumerate(source.text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            m = _LINE.fullmatch(line)
            if m is None or not m.group(2).strip():
                message = f"line {number} is not 'name: command': {line!r}"
                diagnostics.append(Diagnostic(source.loc(number), message))
                continue
            name, text = m.group(1), m.group(2).strip()
            if name in seen:
                message = (
                    f"process {name!r} on line {number} is already defined on line {seen[name]}"
                )
                diagnostics.append(Diagnostic(source.loc(number), message))
                continue
            seen[name] = number
            loc = source.loc(number, raw.index(name) + 1)
            process_id = f"{source.path}#process/{name}"
            attrs = {"name": name, "command": text, "artifact": source.path}
            facts.append(Fact(process_id, NodeKind.PROCESS, loc, attrs))
            cmd_facts, cmd_relations = commands.command_facts(
                text,
                loc,
                f"{process_id}/command",
                "procfile",
                {"process": name},
                table=self.servers,
            )
            facts.extend(cmd_facts)
            relations.append(Relation(process_id, cmd_facts[0].id, EdgeKind.HAS))
            relations.extend(cmd_relations)
        return ParseResult(tuple(facts), tuple(relations), tuple(diagnostics))
