"""Docker parsers: Dockerfiles and compose projects."""
