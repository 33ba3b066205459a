"""Rendered text with a line map: every output line knows the template line that produced it
and, when a value from a values file was printed on it, that value's line.

A string that carries its own per-line origins (what ``include`` and ``toYaml`` return) is a
:class:`Traced`; the string functions that only move lines (``indent``, ``nindent``, ``trim``)
keep them.
"""

from __future__ import annotations

from dataclasses import dataclass

from archlint.domain.location import Location


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one output line comes from: a template line, and a values line if one was printed."""

    template: Location
    value: Location | None = None


class Traced(str):
    """A string whose lines each carry an :class:`Origin` (None: the printing action's)."""

    origins: tuple[Origin | None, ...]

    def __new__(cls, text: str, origins: tuple[Origin | None, ...]) -> Traced:
        made = super().__new__(cls, text)
        made.origins = origins
        return made

    def __deepcopy__(self, memo: dict[int, object]) -> Traced:
        return self  # immutable

    def __copy__(self) -> Traced:
        return self

    def __reduce__(self) -> tuple[type[Traced], tuple[str, tuple[Origin | None, ...]]]:
        return (Traced, (str(self), self.origins))


def origins_of(text: str) -> tuple[Origin | None, ...]:
    return text.origins if isinstance(text, Traced) else ()


def shifted(text: str, origins: tuple[Origin | None, ...], drop_lines: int = 0) -> str:
    """``text`` carrying ``origins`` after its first ``drop_lines`` lines were removed."""
    rest = origins[drop_lines:]
    return Traced(text, rest) if any(rest) else text


class Writer:
    """Collects output and the origin of each output line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.lines: list[Origin | None] = [None]  # the first non-blank piece of each line
        self.values: list[Location | None] = [None]  # the first values line printed on it

    def text(self, text: str, where: Location) -> None:
        """Literal template text starting at ``where``: its k-th line is ``where.line + k``."""
        for k, segment in enumerate(text.split("\n")):
            if k:
                self._newline()
            if segment.strip():
                self._claim(Origin(Location(where.path, where.line + k)))
        self.parts.append(text)

    def printed(self, text: str, where: Location, value: Location | None) -> None:
        """An action's output: lines without an origin of their own are the action's."""
        own = origins_of(text)
        for k, segment in enumerate(text.split("\n")):
            if k:
                self._newline()
            origin = own[k] if k < len(own) else None
            if origin is not None and not origin.template.path:
                origin = Origin(where, origin.value)  # toYaml: the printing action's line
            if segment.strip():
                self._claim(origin or Origin(where, value if not own else None))
                found = origin.value if origin else (value if not own else None)
                if found is not None and self.values[-1] is None:
                    self.values[-1] = found
        self.parts.append(text)

    def result(self) -> tuple[str, tuple[Origin | None, ...]]:
        """The text and, per line, its origin (the values line folded in)."""
        merged = tuple(
            None if o is None else Origin(o.template, v or o.value)
            for o, v in zip(self.lines, self.values, strict=True)
        )
        return "".join(self.parts), merged

    def _newline(self) -> None:
        self.lines.append(None)
        self.values.append(None)

    def _claim(self, origin: Origin) -> None:
        if self.lines[-1] is None:
            self.lines[-1] = origin
