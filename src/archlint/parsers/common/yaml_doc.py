"""One YAML document read within the configured limits, or the error that says why not."""

from __future__ import annotations

from archlint.domain.facts import ParseResult
from archlint.domain.limits import Limits
from archlint.formats.yamlpos import YamlDoc, YamlError, load, load_all
from archlint.parsers.base import SourceFile


def load_doc(source: SourceFile, limits: Limits) -> YamlDoc | ParseResult:
    """The document of ``source`` (alias expansion and nesting bounded by ``limits``), or a
    result holding the ``invalid YAML`` diagnostic at the line and column the reader names."""
    try:
        return load(source.text, max_values=limits.max_yaml_values, max_depth=limits.max_nesting)
    except YamlError as exc:
        return source.error(f"invalid YAML: {exc}", exc.line, exc.column)


def load_all_docs(source: SourceFile, limits: Limits) -> list[YamlDoc] | ParseResult:
    """Every document of ``source`` (``---``-separated, as Spring profiles are written), or the
    ``invalid YAML`` diagnostic, within the same limits as :func:`load_doc`."""
    try:
        return load_all(
            source.text, max_values=limits.max_yaml_values, max_depth=limits.max_nesting
        )
    except YamlError as exc:
        return source.error(f"invalid YAML: {exc}", exc.line, exc.column)
