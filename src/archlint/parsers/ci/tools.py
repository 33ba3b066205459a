"""Tools a repository runs from pre-commit and CI: ``.pre-commit-config.yaml``, GitHub Actions
workflows, ``.gitlab-ci.yml`` and ``azure-pipelines.yml`` -> ``tool_run`` facts.

Every string of the file (a hook ``id``, a step's ``run`` or ``uses``, a ``script`` line) is
matched against each tool's pattern; the first match of a tool in a file is its fact, at that
line. The file ``has`` its tool runs, so a rule reaches them from the repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from archlint.domain.facts import EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.limits import DEFAULT, Limits
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common.yaml_doc import load_doc

# tool -> what running it looks like in a hook id, a command line or an action reference
TOOLS = {
    "bandit": re.compile(r"(?i)(^|[\s/;&|(\"'=])bandit(\s|$|[\"'@;&|)]|-action)"),
    "pip-audit": re.compile(r"(?i)\bpip-audit\b|gh-action-pip-audit"),
    "safety": re.compile(
        r"(?i)\bsafety\s+(check|scan)\b|pyupio/safety|safety-action|"
        r"python-safety-dependencies-check"
    ),
}
_WORKFLOW = r"(?s)(?:.*/)?\.github/workflows/[^/]+\.ya?ml"


class CiToolsParser:
    name = "ci-tools"
    selector = Selector(
        names=frozenset(
            {
                ".pre-commit-config.yaml",
                ".pre-commit-config.yml",
                ".gitlab-ci.yml",
                "azure-pipelines.yml",
                "azure-pipelines.yaml",
            }
        ),
        paths=(_WORKFLOW,),
    )

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.version = "2" + limits.tag("max_nesting", "max_yaml_values")

    def parse(self, source: SourceFile) -> ParseResult:
        doc = load_doc(source, self.limits)
        if isinstance(doc, ParseResult):
            return doc
        kind = _source_kind(source.path)
        facts: list[Fact] = []
        relations: list[Relation] = []
        seen: set[str] = set()
        for path, text in _strings(doc.data, ()):
            for tool, pattern in TOOLS.items():
                if tool in seen or not pattern.search(text):
                    continue
                seen.add(tool)
                fid = f"{source.path}#tool/{tool}"
                line, column = doc.pos(*path)
                attrs = {"tool": tool, "source": kind, "plugins": []}
                facts.append(Fact(fid, NodeKind.TOOL_RUN, source.loc(line, column), attrs))
                relations.append(Relation(f"file:{source.path}", fid, EdgeKind.HAS))
        return ParseResult(tuple(facts), tuple(relations))


def _source_kind(path: str) -> str:
    name = path.rpartition("/")[2]
    if name.startswith(".pre-commit-config"):
        return "pre-commit"
    if name == ".gitlab-ci.yml":
        return "gitlab-ci"
    if name.startswith("azure-pipelines"):
        return "azure-pipelines"
    return "github-actions"


def _strings(data: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string value with its path, in document order (keys are not values)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))
