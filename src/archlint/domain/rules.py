"""The rule model metadata and docs (the condition is the engine's)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archlint.domain.findings import Severity

BUNDLED_DOCS = "https://github.com/archlint/archlint/blob/main/docs/rules.md"
"""docs/rules.md on GitHub: the help page of every bundled rule (``#<id>-<name>`` anchors)."""


def bundled_help_uri(rule_id: str, name: str) -> str:
    """The docs/rules.md anchor GitHub renders for ``## PRT002 backend-api-port``."""
    return f"{BUNDLED_DOCS}#{rule_id.lower()}-{name}"


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
    # a CVSS-like 0-10 score, only on rules about security (SARIF security-severity)
    security_severity: float | None = None

    def markdown(self, defaults: Mapping[str, Any] | None = None, where: str = "") -> str:
        """The rule's docs as markdown: ``archlint explain`` and SARIF ``help.markdown``.

        With ``defaults`` (the rule file's values), a parameter the configuration changed reads
        ``configured in WHERE`` with its default beside it."""
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
            for key, value in sorted(self.parameters.items()):
                if defaults is not None and key in defaults and defaults[key] != value:
                    origin = f" in {where}" if where else ""
                    parts.append(
                        f"- `{key}` = `{value!r}` (configured{origin}; default `{defaults[key]!r}`)"
                    )
                else:
                    parts.append(f"- `{key}` (default `{value!r}`)")
        return "\n".join(parts) + "\n"
