"""Reporters: render a finished :class:`~archlint.domain.report.Report` as text, JSON or SARIF.

Look a reporter up in :data:`archlint.reporters.registry.BUILTIN_REPORTERS`; nothing registers
itself on import.
"""
