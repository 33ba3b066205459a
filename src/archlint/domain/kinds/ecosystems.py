"""Kinds of the ecosystems family (parsers/ecosystems/): the build manifests of Go, Rust, the JVM,
.NET, PHP and Ruby. They are ``manifest`` and ``dependency`` facts like pyproject.toml's and
package.json's, so a service in any language roots a component; the attributes below are added
to those kinds."""

from __future__ import annotations

from archlint.domain.facts import NodeKind
from archlint.domain.kinds.base import EdgeSpec, NodeSpec, attrs

NODES = (
    NodeSpec(
        NodeKind.MANIFEST,
        "Other ecosystems (parsers/ecosystems/): `go.mod` (type `go.mod`, name: the module "
        "path, version: the `go` directive), `Cargo.toml` (`cargo`), `pom.xml` (`maven`, name "
        "`groupId:artifactId`), `build.gradle(.kts)` (`gradle`), `*.csproj`/`*.fsproj`/`*.vbproj` "
        "(`csproj`), `composer.json` (`composer`), `Gemfile` (`gemfile`). XML is read without "
        "DTDs or entities; Gradle files and Gemfiles are read as text, never run.",
        "parsers/ecosystems/*",
        attrs(
            (
                "language",
                "str",
                "ecosystems: `go` | `rust` | `java` | `kotlin` | `csharp` | `fsharp` | `vb` | "
                "`php` | `ruby`",
            ),
            ("targets", "list[str]", "cargo: `lib` / `bin` when `[lib]` / `[[bin]]` are declared"),
            ("packaging", "str", "maven: `<packaging>` (`jar` when not set; `pom` aggregates)"),
            ("sdk", "str?", "csproj: the `Sdk` of `<Project>` (`Microsoft.NET.Sdk.Web`)"),
            ("output_type", "str?", "csproj: `<OutputType>` (`Exe`, `Library`)"),
            (
                "package_type",
                "str",
                "composer: the `type` field (`project`, `library` when not set)",
            ),
        ),
    ),
    NodeSpec(
        NodeKind.DEPENDENCY,
        "Other ecosystems: ecosystem `go`, `cargo`, `maven` (pom.xml and Gradle, name "
        "`group:artifact`), `nuget`, `composer`, `rubygems`; group `main`, `dev`, `test`, "
        "`build`, `indirect` (go.mod `// indirect`), `platform` (composer `php`/`ext-*`), "
        "`parent` (a Maven `<parent>`), `plugin` (a Gradle plugin id), `sdk` (an MSBuild "
        "project SDK).",
        "parsers/ecosystems/*",
        (),
    ),
)

EDGES: tuple[EdgeSpec, ...] = ()  # the family adds no edge kinds
