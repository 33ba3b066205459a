"""archlint: architecture conformance linter over one fact graph."""

__version__ = "0.1.0"
