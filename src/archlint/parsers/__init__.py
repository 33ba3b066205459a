"""Parsers: pure functions of (path, text) -> facts. One module per format."""
