"""The built-in reporters: a literal registry (no registration on import)."""

from __future__ import annotations

from archlint.reporters.base import Reporter
from archlint.reporters.github import GithubReporter
from archlint.reporters.html import HtmlReporter
from archlint.reporters.json import JsonReporter
from archlint.reporters.junit import JunitReporter
from archlint.reporters.markdown import MarkdownReporter
from archlint.reporters.sarif import SarifReporter
from archlint.reporters.text import TextReporter

BUILTIN_REPORTERS: dict[str, Reporter] = {
    "text": TextReporter(),
    "json": JsonReporter(),
    "sarif": SarifReporter(),
    "github": GithubReporter(),
    "junit": JunitReporter(),
    "html": HtmlReporter(),
    "markdown": MarkdownReporter(),
}
