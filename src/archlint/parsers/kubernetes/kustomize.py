"""``kustomization.yaml``: the resources (and legacy bases) a kustomization lists, and the images
it overrides. The manifests it names are parsed on their own (parsers/kubernetes/manifests.py).
"""

from __future__ import annotations

import posixpath
from typing import Any

from archlint.domain.facts import Fact, NodeKind, ParseResult
from archlint.domain.limits import DEFAULT, Limits
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.common.yaml_doc import load_doc


class KustomizationParser:
    name = "kustomize"
    selector = Selector(
        names=frozenset({"kustomization.yaml", "kustomization.yml", "Kustomization"})
    )

    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.version = "2" + limits.tag("max_nesting", "max_yaml_values")

    def parse(self, source: SourceFile) -> ParseResult:
        doc = load_doc(source, self.limits)
        if isinstance(doc, ParseResult):
            return doc
        data: Any = doc.data
        if data is None:
            return ParseResult()
        if not isinstance(data, dict):
            return source.error("a kustomization must be a mapping")
        folder = posixpath.dirname(source.path)
        listed = [*(data.get("resources") or []), *(data.get("bases") or [])]
        resources = sorted(
            str(r)
            if "://" in str(r) or str(r).startswith("github.com/")
            else posixpath.normpath(posixpath.join(folder, str(r)))
            for r in listed
            if isinstance(r, str)
        )
        images = sorted(
            str(i.get("name"))
            for i in data.get("images") or []
            if isinstance(i, dict) and i.get("name")
        )
        attrs = {"dir": folder, "resources": resources, "images": images}
        return ParseResult(
            facts=(
                Fact(f"{source.path}#kustomization", NodeKind.KUSTOMIZATION, source.loc(), attrs),
            )
        )
