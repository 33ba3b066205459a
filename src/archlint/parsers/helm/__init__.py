"""Helm charts: the chart unit and a built-in Go-template renderer (no helm binary)."""
