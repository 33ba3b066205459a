"""The ecosystems family: each build manifest in, its manifest and dependency facts out (with
lines), and each kind of bad input a diagnostic at its line."""

from __future__ import annotations

from typing import Any

import pytest

from archlint.domain.facts import NodeKind, ParseResult
from archlint.parsers.base import SourceFile
from archlint.parsers.ecosystems.cargo import CargoParser
from archlint.parsers.ecosystems.composer import ComposerParser
from archlint.parsers.ecosystems.csproj import CsprojParser
from archlint.parsers.ecosystems.gemfile import GemfileParser
from archlint.parsers.ecosystems.gomod import GoModParser
from archlint.parsers.ecosystems.gradle import GradleParser
from archlint.parsers.ecosystems.maven import MavenParser

PARSERS: dict[str, Any] = {
    "go.mod": GoModParser(),
    "Cargo.toml": CargoParser(),
    "pom.xml": MavenParser(),
    "build.gradle.kts": GradleParser(),
    "build.gradle": GradleParser(),
    "Api.csproj": CsprojParser(),
    "composer.json": ComposerParser(),
    "Gemfile": GemfileParser(),
}


def parse(name: str, text: str) -> ParseResult:
    return PARSERS[name].parse(SourceFile(f"svc/{name}", text))  # type: ignore[no-any-return]


def manifest(result: ParseResult) -> dict[str, object]:
    (fact,) = [f for f in result.facts if f.kind is NodeKind.MANIFEST]
    assert fact.location.line == 1 and fact.get("dir") == "svc"
    return dict(fact.attrs)


def deps(result: ParseResult) -> list[tuple[str, str, str, int]]:
    return sorted(
        (str(f.get("name")), str(f.get("group")), str(f.get("spec")), f.location.line)
        for f in result.facts
        if f.kind is NodeKind.DEPENDENCY
    )


def diagnostics(result: ParseResult) -> list[tuple[int, str]]:
    return [(d.location.line, d.message) for d in result.diagnostics]


GO_MOD = """module github.com/acme/orders

go 1.22
toolchain go1.22.4

require github.com/gin-gonic/gin v1.10.0

require (
\tgithub.com/jackc/pgx/v5 v5.6.0
\tgolang.org/x/net v0.25.0 // indirect
)

replace (
\tgithub.com/acme/shared => ../shared
)
"""

CARGO = """[package]
name = "ledger"
version = "0.1.0"

[lib]
path = "src/lib.rs"

[dependencies]
axum = "0.7"
tokio = { version = "1", features = ["full"] }
shared = { path = "../shared" }
common = { workspace = true }
odd = 3

[dev-dependencies]
reqwest = "0.12"

[build-dependencies]
prost-build = "0.12"
"""

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.2</version>
  </parent>
  <artifactId>orders</artifactId>
  <version>1.0</version>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>x</groupId><artifactId>pinned</artifactId></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><scope>test</scope></dependency>
    <dependency><groupId>lombok</groupId><artifactId>lombok</artifactId><scope>provided</scope></dependency>
    <dependency><artifactId>no-group</artifactId></dependency>
  </dependencies>
  <modules><module>api</module></modules>
</project>
"""

GRADLE = """plugins {
    id("org.springframework.boot") version "3.3.2"
    kotlin("jvm") version "1.9.24"
}
rootProject.name = "payments"

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation(platform("org.springframework.cloud:spring-cloud-dependencies:2023.0.3"))
    runtimeOnly("org.postgresql:postgresql:42.7.3")
    compileOnly 'org.projectlombok:lombok'
    testImplementation 'org.springframework.boot:spring-boot-starter-test'
    customConfiguration("a:b")
    // implementation("commented:out")
}
"""

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <AssemblyName>Catalog</AssemblyName>
    <OutputType>Exe</OutputType>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Npgsql" Version="8.0.4" />
    <PackageReference Include="StyleCop.Analyzers" Version="1.1" PrivateAssets="all" />
    <PackageReference Include="Serilog"><Version>4.0.0</Version></PackageReference>
    <PackageReference Version="1" />
  </ItemGroup>
</Project>
"""

COMPOSER = """{
    "name": "acme/shop",
    "type": "project",
    "require": {
        "php": "^8.2",
        "ext-json": "*",
        "laravel/framework": "^11.0"
    },
    "require-dev": {
        "phpunit/phpunit": "^11"
    }
}
"""

GEMFILE = """source "https://rubygems.org"
gem "rails", "~> 7.1.3"
gem 'pg'
group :development, :test do
  gem "debug", platforms: %i[ mri windows ]
end
group :test do
  gem "capybara"
end
gem "rspec-rails", group: [:development, :test]
gem "sidekiq", group: :production
if ENV["CI"]
  gem "simplecov"
end
[1, 2].each do |n|
end
"""


def test_go_mod() -> None:
    result = parse("go.mod", GO_MOD)
    assert manifest(result) | {"dir": "svc"} == {
        "type": "go.mod",
        "dir": "svc",
        "name": "github.com/acme/orders",
        "version": "1.22",
        "language": "go",
    }
    assert deps(result) == [
        ("github.com/gin-gonic/gin", "main", "v1.10.0", 6),
        ("github.com/jackc/pgx/v5", "main", "v5.6.0", 9),
        ("golang.org/x/net", "indirect", "v0.25.0", 10),
    ]
    assert not result.diagnostics


def test_cargo() -> None:
    result = parse("Cargo.toml", CARGO)
    attrs = manifest(result)
    assert attrs["name"] == "ledger" and attrs["language"] == "rust"
    assert attrs["has_project_table"] is True and attrs["targets"] == ["lib"]
    assert deps(result) == [
        ("axum", "main", "0.7", 9),
        ("common", "main", "workspace", 12),
        ("odd", "main", "", 13),
        ("prost-build", "build", "0.12", 19),
        ("reqwest", "dev", "0.12", 16),
        ("shared", "main", "../shared", 11),
        ("tokio", "main", "1", 10),
    ]


def test_cargo_virtual_workspace_has_no_package() -> None:
    attrs = manifest(parse("Cargo.toml", '[workspace]\nmembers = ["crates/*", 3]\n'))
    assert attrs["has_project_table"] is False and attrs["workspaces"] == ["crates/*"]
    assert attrs["name"] is None


def test_maven() -> None:
    result = parse("pom.xml", POM)
    attrs = manifest(result)
    assert attrs["name"] == "org.springframework.boot:orders"  # groupId from the parent
    assert (attrs["packaging"], attrs["workspaces"], attrs["version"]) == ("jar", ["api"], "1.0")
    assert deps(result) == [
        ("junit:junit", "test", "", 20),
        ("lombok:lombok", "build", "", 21),
        ("org.springframework.boot:spring-boot-starter-parent", "parent", "3.3.2", 3),
        ("org.springframework.boot:spring-boot-starter-web", "main", "", 16),
    ]
    assert diagnostics(result) == [(22, "pom.xml: a <dependency> without groupId and artifactId")]


def test_gradle() -> None:
    result = parse("build.gradle.kts", GRADLE)
    assert manifest(result)["name"] == "payments"
    assert manifest(result)["language"] == "kotlin"
    assert deps(result) == [
        ("org.postgresql:postgresql", "main", "42.7.3", 10),
        ("org.projectlombok:lombok", "build", "", 11),
        ("org.springframework.boot", "plugin", "3.3.2", 2),
        ("org.springframework.boot:spring-boot-starter-test", "test", "", 12),
        ("org.springframework.boot:spring-boot-starter-web", "main", "", 8),
        ("org.springframework.cloud:spring-cloud-dependencies", "main", "2023.0.3", 9),
    ]
    groovy = parse("build.gradle", "dependencies {\n  implementation 'g:a:1'\n")
    assert manifest(groovy)["language"] == "java"
    assert diagnostics(groovy) == [(2, "unbalanced braces ({ left over): read as far as it goes")]


def test_csproj() -> None:
    result = parse("Api.csproj", CSPROJ)
    attrs = manifest(result)
    assert (attrs["name"], attrs["sdk"], attrs["output_type"]) == (
        "Catalog",
        "Microsoft.NET.Sdk.Web",
        "Exe",
    )
    assert attrs["language"] == "csharp"
    assert deps(result) == [
        ("Microsoft.NET.Sdk.Web", "sdk", "", 1),
        ("Npgsql", "main", "8.0.4", 7),
        ("Serilog", "main", "4.0.0", 9),
        ("StyleCop.Analyzers", "build", "1.1", 8),
    ]
    assert diagnostics(result) == [(10, "a <PackageReference> without Include")]
    plain = parse("Api.csproj", "<Project><PropertyGroup/></Project>")
    assert manifest(plain)["name"] == "Api" and manifest(plain)["sdk"] is None


def test_composer() -> None:
    result = parse("composer.json", COMPOSER)
    attrs = manifest(result)
    assert (attrs["name"], attrs["package_type"], attrs["language"]) == (
        "acme/shop",
        "project",
        "php",
    )
    assert deps(result) == [
        ("ext-json", "platform", "*", 6),
        ("laravel/framework", "main", "^11.0", 7),
        ("php", "platform", "^8.2", 5),
        ("phpunit/phpunit", "dev", "^11", 10),
    ]


def test_gemfile() -> None:
    result = parse("Gemfile", GEMFILE)
    assert manifest(result)["language"] == "ruby"
    assert deps(result) == [
        ("capybara", "test", "", 8),
        ("debug", "dev", "", 5),
        ("pg", "main", "", 3),
        ("rails", "main", "~> 7.1.3", 2),
        ("rspec-rails", "dev", "", 10),
        ("sidekiq", "main", "", 11),
        ("simplecov", "main", "", 13),
    ]
    assert not result.diagnostics
    open_block = parse("Gemfile", 'group :test do\n  gem "rspec"\n')
    assert diagnostics(open_block) == [
        (2, "1 block(s) never closed with `end`: read as far as it goes")
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("go.mod", "module x\nrequire (\n  just-a-name\n", [(3, "expected"), (3, "never closed")]),
        ("go.mod", "modul x\n", [(1, "unknown directive 'modul'")]),
        ("Cargo.toml", "[package\n", [(1, "invalid TOML")]),
        ("Cargo.toml", 'package = "x"\ndependencies = 1\n', [(1, "[package]"), (2, "table")]),
        ("pom.xml", "<project><dependencies>", [(1, "invalid XML: no element found")]),
        ("pom.xml", "<settings/>", [(1, "expected a <project> root element")]),
        ("Api.csproj", "<Solution/>", [(1, "expected a <Project> root element")]),
        ("Api.csproj", "<Project>\n<x>&lol;</x></Project>", [(2, "undefined entity")]),
        ("composer.json", '{"name": 1,,}', [(1, "invalid JSON")]),
        ("composer.json", "[]", [(1, "must be an object")]),
        ("composer.json", '{\n"require": []\n}', [(2, "'require' must be an object")]),
    ],
)
def test_bad_input_is_a_diagnostic_at_its_line(
    name: str, text: str, expected: list[tuple[int, str]]
) -> None:
    found = diagnostics(parse(name, text))
    assert len(found) == len(expected), found
    for (line, message), (want_line, words) in zip(found, expected, strict=True):
        assert line == want_line and words in message, (line, message)
