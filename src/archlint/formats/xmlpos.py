"""XML with positions, read safely: elements with their line and column, no entities, no DTDs.

Build files (pom.xml, *.csproj) are XML. A scanned repository is untrusted input, so a document
type declaration is refused outright: no internal entities (no "billion laughs" expansion), no
external entities or DTDs (nothing is ever fetched or read from disk). Only the five predefined
entities and character references are understood, which is all a build file needs.

Namespaces are not resolved: a tag is its local name (``{ns}project`` and ``m:project`` are
``project``), which is how build tools' elements are looked up anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat


class XmlError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class Element:
    """One element: local tag name, attributes, text (stripped), children, where it starts."""

    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def child(self, tag: str) -> Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Element]:
        return [c for c in self.children if c.tag == tag]

    def text_of(self, tag: str) -> str | None:
        found = self.child(tag)
        return found.text if found is not None and found.text else None

    def walk(self) -> Iterator[Element]:
        yield self
        for c in self.children:
            yield from c.walk()


def load(text: str) -> Element:
    """The root element of ``text``; raises :class:`XmlError` with the line of the problem."""
    builder = _Builder()
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = builder.doctype
    parser.EntityDeclHandler = builder.entity
    parser.ExternalEntityRefHandler = builder.external
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    builder.parser = parser
    try:
        parser.Parse(text.removeprefix("\ufeff"), True)
    except expat.ExpatError as exc:
        raise XmlError(
            expat.ErrorString(exc.code) or "invalid XML", exc.lineno, exc.offset + 1
        ) from None
    if builder.root is None:  # pragma: no cover - expat reports "no element found" first
        raise XmlError("no element found", 1, 1)
    return builder.root


class _Builder:
    def __init__(self) -> None:
        self.parser: expat.XMLParserType | None = None
        self.stack: list[Element] = []
        self.root: Element | None = None
        self.texts: list[list[str]] = []

    def doctype(self, *_: object) -> None:
        self._refuse("a document type declaration (<!DOCTYPE>) is not read: no DTDs or entities")

    def entity(self, *_: object) -> None:  # pragma: no cover - the DOCTYPE is refused first
        self._refuse("entity declarations are not read")

    def external(self, *_: object) -> int:  # pragma: no cover - the DOCTYPE is refused first
        self._refuse("external entities are not read")
        return 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        assert self.parser is not None
        line, column = self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1
        local = {k.rpartition(":")[2]: v for k, v in sorted(attrs.items())}
        element = Element(tag.rpartition(":")[2].rpartition("}")[2], local, line, column)
        if self.stack:
            self.stack[-1].children.append(element)
        elif self.root is None:
            self.root = element
        self.stack.append(element)
        self.texts.append([])

    def end(self, _tag: str) -> None:
        element = self.stack.pop()
        element.text = "".join(self.texts.pop()).strip()

    def data(self, text: str) -> None:
        if self.texts:
            self.texts[-1].append(text)

    def _refuse(self, message: str) -> None:
        """Stop here: a handler's exception ends expat's parse and leaves ``load``."""
        assert self.parser is not None
        line, column = self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1
        raise XmlError(message, line, column)
