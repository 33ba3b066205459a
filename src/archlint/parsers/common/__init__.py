"""Helpers shared by parser families: server commands and their ports, image references,
compose-style variable interpolation."""
