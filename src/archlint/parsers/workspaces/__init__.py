"""Workspace layout files: which folders a monorepo's package manager and build tool see as
packages and projects (pnpm-workspace.yaml, angular.json)."""
