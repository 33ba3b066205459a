"""archlint's caches (docs/cache.md): a fact cache per parse unit and a run cache per command.

Both live in one folder (``.archlint_cache/`` under the scanned root by default) whose entries are
authenticated with an HMAC keyed by a secret in the user's cache directory, so an entry committed
to the scanned repository is never believed. Entries are marshal data (no code runs on load).
This package imports only the standard library: the run cache is consulted before anything
heavy is imported.
"""
