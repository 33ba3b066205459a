"""Parsers: pure functions of declared inputs -> facts. One sub-package per family (docker/,
python/, javascript/, process/), shared helpers in common/, the contract in base.py and the
dispatch table in registry.py."""
