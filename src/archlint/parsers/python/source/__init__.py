"""Python source code: the ``.py`` files of a project, read with the stdlib ``ast`` into the
shared code kinds (docs/python-facts.md)."""
