"""*.csproj / *.fsproj / *.vbproj: an MSBuild project, its SDK and package references, read with
the safe XML reader (no DTDs, no entities: :mod:`archlint.formats.xmlpos`).

Facts: ``manifest`` type ``csproj`` (name: ``<AssemblyName>`` or the file name, language
``csharp`` / ``fsharp`` / ``vb``, sdk: the ``Sdk`` of ``<Project>``, output_type), and a
``dependency`` (ecosystem ``nuget``) for each ``<PackageReference>`` (group ``main``;
``PrivateAssets="all"`` analyzers and build tools are ``build``) and for the project SDK itself
(group ``sdk``: ``Microsoft.NET.Sdk.Web`` is an ASP.NET Core app). Bad XML is a diagnostic.
"""

from __future__ import annotations

import posixpath

from archlint.domain.facts import Diagnostic, ParseResult
from archlint.formats import xmlpos
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.ecosystems.common import Dep, manifest_result

_LANGUAGES = {".csproj": "csharp", ".fsproj": "fsharp", ".vbproj": "vb"}


class CsprojParser:
    name = "csproj"
    version = "1"
    selector = Selector(suffixes=tuple(_LANGUAGES))

    def parse(self, source: SourceFile) -> ParseResult:
        try:
            root = xmlpos.load(source.text)
        except xmlpos.XmlError as exc:
            return source.error(f"invalid XML: {exc}", exc.line, exc.column)
        if root.tag != "Project":
            return source.error(f"expected a <Project> root element, not <{root.tag}>")
        diagnostics: list[Diagnostic] = []
        deps: list[Dep] = []
        sdk = root.attrs.get("Sdk")
        for sdk_name in (sdk or "").split(";"):
            if sdk_name.strip():
                where = source.loc(root.line, root.column)
                deps.append(Dep(sdk_name.strip().split("/")[0], "", "sdk", where))
        properties: dict[str, str] = {}
        for element in root.walk():
            if element.tag == "PackageReference":
                name = element.attrs.get("Include") or element.attrs.get("Update")
                if not name:
                    message = "a <PackageReference> without Include"
                    where = source.loc(element.line, element.column)
                    diagnostics.append(Diagnostic(where, message))
                    continue
                version = element.attrs.get("Version") or element.text_of("Version") or ""
                private = element.attrs.get("PrivateAssets") or element.text_of("PrivateAssets")
                group = "build" if (private or "").lower() == "all" else "main"
                where = source.loc(element.line, element.column)
                deps.append(Dep(name, version, group, where))
            elif element.tag in ("AssemblyName", "OutputType") and element.text:
                properties.setdefault(element.tag, element.text)
        stem, suffix = posixpath.splitext(posixpath.basename(source.path))
        attrs = {
            "name": properties.get("AssemblyName") or stem,
            "language": _LANGUAGES.get(suffix, "csharp"),
            "sdk": sdk,
            "output_type": properties.get("OutputType"),
        }
        return manifest_result(source, "csproj", attrs, deps, "nuget", diagnostics)
