"""Build manifests of the languages beside Python and JavaScript: go.mod, Cargo.toml, pom.xml,
build.gradle(.kts), *.csproj, composer.json, Gemfile. Each is a ``manifest`` fact (name,
language) with its ``dependency`` facts, so a service in any language roots a component whose
role comes from its dependencies (rules/data/roles.yaml)."""
