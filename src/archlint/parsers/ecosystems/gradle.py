"""build.gradle / build.gradle.kts: a Gradle project's plugins and dependencies, read as text.

Gradle build files are programs (Groovy or Kotlin); nothing is evaluated. Lines that declare a
dependency in string notation (``implementation 'g:a:v'``, ``testImplementation("g:a")``) and
plugin ids (``id 'org.springframework.boot'``, ``id("io.quarkus")``) are read with their line.

Facts: ``manifest`` type ``gradle`` (name: ``rootProject.name`` when set here, else none,
language ``kotlin`` when the Kotlin plugin is applied, else ``java``), and a ``dependency``
(ecosystem ``maven``, name ``group:artifact``) a declaration: group ``test`` for ``test*``
configurations, ``build`` for ``compileOnly``/``annotationProcessor``/``kapt``/``ksp``/
``developmentOnly``, ``plugin`` for plugin ids, else ``main``. A file with unbalanced braces is a
diagnostic; the lines read so far still count.
"""

from __future__ import annotations

import re

from archlint.domain.facts import Diagnostic, ParseResult
from archlint.parsers.base import Selector, SourceFile
from archlint.parsers.ecosystems.common import Dep, manifest_result

_DEPENDENCY = re.compile(
    r"""^\s*(?P<conf>[A-Za-z]+)\s*\(?\s*(?:platform\s*\(\s*)?["'](?P<group>[^"':\s]+):(?P<artifact>[^"':\s]+)(?::(?P<version>[^"'\s]+))?["']"""
)
_PLUGIN = re.compile(
    r"""^\s*id\s*\(?\s*["'](?P<id>[^"']+)["']\s*\)?(?:\s*version\s*\(?\s*["'](?P<version>[^"']+)["'])?"""
)
_KOTLIN = re.compile(r"""kotlin\s*\(\s*["']jvm["']|org\.jetbrains\.kotlin""")
_NAME = re.compile(r"""^\s*rootProject\.name\s*=\s*["']([^"']+)["']""")
_BUILD_ONLY = frozenset(
    {"compileOnly", "annotationProcessor", "kapt", "ksp", "developmentOnly", "compileOnlyApi"}
)
_RUNTIME = frozenset(
    {"implementation", "api", "compile", "runtimeOnly", "runtime", "platform", "enforcedPlatform"}
)


class GradleParser:
    name = "gradle"
    version = "1"
    selector = Selector(names=frozenset({"build.gradle", "build.gradle.kts"}))

    def parse(self, source: SourceFile) -> ParseResult:
        deps: list[Dep] = []
        name: str | None = None
        kotlin = False
        depth = 0
        for number, line in enumerate(source.text.splitlines(), 1):
            code = line.split("//", 1)[0]
            depth += code.count("{") - code.count("}")
            kotlin = kotlin or bool(_KOTLIN.search(code))
            if found := _NAME.match(code):
                name = found.group(1)
            if plugin := _PLUGIN.match(code):
                where = source.loc(number, plugin.start("id") + 1)
                deps.append(Dep(plugin["id"], plugin["version"] or "", "plugin", where))
            elif (dep := _DEPENDENCY.match(code)) and _group(dep["conf"]) is not None:
                where = source.loc(number, dep.start("group") + 1)
                coordinates = f"{dep['group']}:{dep['artifact']}"
                deps.append(Dep(coordinates, dep["version"] or "", str(_group(dep["conf"])), where))
        diagnostics = []
        if depth != 0:
            lines = len(source.text.splitlines()) or 1
            message = (
                f"unbalanced braces ({'{' if depth > 0 else '}'} left over): read as far as it goes"
            )
            diagnostics.append(Diagnostic(source.loc(lines), message))
        attrs = {"name": name, "language": "kotlin" if kotlin else "java"}
        return manifest_result(source, "gradle", attrs, deps, "maven", diagnostics)


def _group(configuration: str) -> str | None:
    if configuration.startswith("test") or configuration.startswith("androidTest"):
        return "test"
    if configuration in _BUILD_ONLY:
        return "build"
    if configuration in _RUNTIME:
        return "main"
    return None
