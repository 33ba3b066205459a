"""The rule model metadata and docs (the condition is the engine's)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archlint.domain.findings import Severity


@dataclass(frozen=True, slots=True)
class RuleDocs:
    summary: str
    why: str
    fix: str
    example: str = ""


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What a rule is: id, name, default severity, message template, docs, tags and parameters.

    ``source`` is where it was loaded from (``bundled:PRT001.yaml`` or a path), for error messages.
    """

    id: str
    name: str
    severity: Severity
    message: str
    docs: RuleDocs
    tags: tuple[str, ...] = ()
    parameters: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    help_uri: str | None = None

    def markdown(self) -> str:
        """The rule's docs as markdown: ``archlint explain`` and SARIF ``help.markdown``."""
        parts = [
            f"## {self.id} {self.name}",
            "",
            self.docs.summary,
            "",
            "### Why",
            "",
            self.docs.why,
        ]
        parts += ["", "### How to fix", "", self.docs.fix]
        if self.docs.example:
            parts += ["", "### Example", "", "```", self.docs.example.rstrip("\n"), "```"]
        if self.parameters:
            parts += ["", "### Parameters", ""]
            parts += [f"- `{k}` (default `{v!r}`)" for k, v in sorted(self.parameters.items())]
        return "\n".join(parts) + "\n"
