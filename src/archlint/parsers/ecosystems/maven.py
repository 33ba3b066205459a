"""pom.xml: a Maven project, its packaging, parent and dependencies, read with the safe XML
reader (no DTDs, no entities: :mod:`archlint.formats.xmlpos`).

Facts: ``manifest`` type ``maven`` (name: ``groupId:artifactId``, the groupId inherited from
``<parent>`` when not set, version, language ``java``, packaging: ``jar`` by default,
workspaces: ``<modules>``), and a ``dependency`` (ecosystem ``maven``, name
``groupId:artifactId``) for each ``<dependencies>`` entry (scope ``test`` → group ``test``,
``provided`` → ``build``, else ``main``) and the ``<parent>`` (group ``parent``: a Spring Boot
starter parent). ``<dependencyManagement>`` only pins versions and declares nothing. Bad XML is a
diagnostic at its line.
"""

from __future__ import annotations

from archlint.domain.facts import Diagnostic, ParseResult
from archlint.formats import xmlpos
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.ecosystems.common import Dep, manifest_result

_SCOPES = {"test": "test", "provided": "build", "system": "build", "import": "build"}


class MavenParser:
    name = "maven"
    version = "1"
    selector = Selector(names=frozenset({"pom.xml"}))

    def parse(self, source: SourceFile) -> ParseResult:
        try:
            root = xmlpos.load(source.text)
        except xmlpos.XmlError as exc:
            return source.error(f"invalid XML: {exc}", exc.line, exc.column)
        if root.tag != "project":
            return source.error(f"pom.xml: expected a <project> root element, not <{root.tag}>")
        diagnostics: list[Diagnostic] = []
        deps: list[Dep] = []
        parent = root.child("parent")
        group_id = root.text_of("groupId") or (parent.text_of("groupId") if parent else None)
        if parent is not None:
            name = _coordinates(parent)
            if name:
                where = source.loc(parent.line, parent.column)
                deps.append(Dep(name, parent.text_of("version") or "", "parent", where))
        for holder in root.all("dependencies"):
            for dep in holder.all("dependency"):
                name = _coordinates(dep)
                if name is None:
                    message = "pom.xml: a <dependency> without groupId and artifactId"
                    diagnostics.append(Diagnostic(source.loc(dep.line, dep.column), message))
                    continue
                group = _SCOPES.get(dep.text_of("scope") or "", "main")
                where = source.loc(dep.line, dep.column)
                deps.append(Dep(name, dep.text_of("version") or "", group, where))
        artifact = root.text_of("artifactId")
        modules = [m.text for h in root.all("modules") for m in h.all("module") if m.text]
        attrs = {
            "name": f"{group_id}:{artifact}" if group_id and artifact else artifact,
            "version": root.text_of("version"),
            "language": "java",
            "packaging": root.text_of("packaging") or "jar",
            "workspaces": modules,
        }
        return manifest_result(source, "maven", attrs, deps, "maven", diagnostics)


def _coordinates(element: xmlpos.Element) -> str | None:
    group, artifact = element.text_of("groupId"), element.text_of("artifactId")
    return f"{group}:{artifact}" if group and artifact else None
