"""Python parsers: pyproject.toml, requirements files and (PEP 508) requirement strings."""
