"""Bounds on what one input may cost (docs/limits.md). Each is a ``[tool.archlint.limits]`` setting
(the field name in kebab-case); hitting one is a diagnostic naming the file, never a crash.

Parsers get the :class:`Limits` they run with when they are built; a parser whose output depends
on a limit puts :meth:`Limits.tag` of the limits it reads into its ``version``, so a fact cache
keyed on versions never serves a result computed under other limits.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    # a manifest, Dockerfile or compose file this big is generated or vendored, and parsing it
    # would cost more than the rest of the repository together
    max_file_bytes: int = 8 * 2**20
    # values one YAML document expands to once aliases are expanded (the "billion laughs")
    max_yaml_values: int = 250_000
    # levels of nesting in one YAML or JSON document; each level costs stack frames
    max_nesting: int = 200
    # Helm: `include`/`template` calls inside one another (a helper that includes itself)
    max_template_depth: int = 100
    # Helm: bytes one manifest template may produce, counting text built by `include`, `repeat`
    # and `indent` on the way
    max_render_bytes: int = 16 * 2**20
    # Helm: iterations of `range` in one manifest template, and items `until`/`untilStep`/`seq`
    # may build
    max_range_items: int = 100_000

    def tag(self, *names: str) -> str:
        """``""`` when the named limits (field names) have their defaults, else a suffix for a
        parser version naming the changed ones: ``"+max_nesting=50"``."""
        changed = [n for n in sorted(names) if getattr(self, n) != getattr(DEFAULT, n)]
        return "".join(f"+{n}={getattr(self, n)}" for n in changed)


DEFAULT = Limits()


def settings() -> tuple[str, ...]:
    """Every limit's setting name (``max-file-bytes``...), in declaration order."""
    return tuple(f.name.replace("_", "-") for f in fields(Limits))
