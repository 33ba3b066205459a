"""Plain Kubernetes manifests: every YAML file whose documents have ``apiVersion`` and ``kind``.

Files of a Helm chart are claimed by the chart unit and never reach this parser. A file that
says nothing of Kubernetes (a CI workflow, a compose file) is skipped on a cheap text check
before any YAML is parsed. Facts come from :mod:`archlint.parsers.common.k8s_objects`, ids
``k8s:<path>#<document>#<Kind>/<name>``, located at the line that writes them.
"""

from __future__ import annotations

import re

from archlint.domain.facts import Fact, ParseResult, Relation
from archlint.domain.limits import DEFAULT, Limits
from archlint.domain.location import Location
from archlint.formats.yamlpos import YamlError, load_all
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common.k8s_objects import (
    Extracted,
    extract,
    is_object,
    object_relations,
    resolve_named_targets,
)

_LOOKS_LIKE = (re.compile(r"(?m)^\s*-?\s*apiVersion:\s*\S"), re.compile(r"(?m)^\s*-?\s*kind:\s*\S"))


class ManifestParser:
    name = "kubernetes"
    # every YAML file but compose files and kustomizations (other parsers' formats)
    selector = Selector(
        patterns=(
            r"(?s)(?!(docker-)?compose([._-].*)?\.ya?ml\Z)(?!kustomization\.ya?ml\Z).*\.ya?ml",
        )
    )

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.version = "2" + limits.tag("max_nesting", "max_yaml_values")

    def parse(self, source: SourceFile) -> ParseResult:
        if not all(p.search(source.text) for p in _LOOKS_LIKE):
            return ParseResult()
        try:
            docs = load_all(
                source.text,
                max_values=self.limits.max_yaml_values,
                max_depth=self.limits.max_nesting,
            )
        except YamlError as exc:
            return source.error(f"invalid YAML: {exc}", exc.line, exc.column)
        if not any(is_object(d.data) for d in docs):
            return ParseResult()
        out = Extracted()
        path = source.path
        for i, doc in enumerate(docs):
            extract(
                doc,
                lambda line, column: (Location(path, line, column), ()),
                f"k8s:{path}#{i}",
                path,
                out,
            )
        resolve_named_targets(out)
        return ParseResult(
            facts=tuple(sorted(out.facts, key=Fact.sort_key)),
            relations=tuple(sorted({*out.relations, *object_relations(out)}, key=_rel_key)),
        )


def _rel_key(rel: Relation) -> tuple[str, str, str]:
    return (rel.source, rel.target, rel.kind.value)
