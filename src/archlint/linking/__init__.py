"""Linkers: cross-artifact edges and the components (deployable units) of the repository."""
