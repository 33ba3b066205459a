"""Adopting archlint on an existing repository: the baseline and ``archlint init``."""
