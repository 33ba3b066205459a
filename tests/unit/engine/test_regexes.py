"""Rule and config regexes are bounded: RE2 when it accepts the pattern, else a checked `re`."""

from __future__ import annotations

import re
import time

import pytest

from archlint.engine.loader import RuleFile, load_rules
from archlint.engine.regexes import UnsafePattern, compile_bounded
from archlint.errors import RuleError


def test_a_pattern_re2_accepts_runs_in_linear_time() -> None:
    pattern = compile_bounded(r"^(a+)+$")  # catastrophic on a backtracking engine
    start = time.monotonic()
    assert pattern.search("a" * 50_000 + "b") is None
    assert time.monotonic() - start < 5
    assert type(pattern).__name__ == "_Re2"


def test_look_around_runs_on_re_when_it_cannot_backtrack() -> None:
    pattern = compile_bounded(r"(?<!secret_)access_key$")
    assert isinstance(pattern, re.Pattern)
    assert pattern.search("aws_access_key") and not pattern.search("aws_secret_access_key")


@pytest.mark.parametrize("pattern", [r"(?<!x)(a+)+$", r"(?=y)(x*)*z", r"(\w+\s?)*\1"])
def test_nested_repetition_off_re2_is_refused(pattern: str) -> None:
    with pytest.raises(UnsafePattern, match="backtrack catastrophically"):
        compile_bounded(pattern)


def test_an_invalid_pattern_is_re_error() -> None:
    with pytest.raises(re.error):
        compile_bounded("([")


def test_a_rule_with_an_unsafe_regex_exits_with_its_line() -> None:
    text = (
        'id: TST001\nname: t\nseverity: error\nmessage: "m"\ndocs: {summary: s, why: w, fix: f}\n'
        "select:\n  kind: port\n  where: {attr: service, regex: '(?<!x)(a+)+$'}\n"
    )
    with pytest.raises(RuleError, match=r"TST001.yaml:8 \[select.where.regex\]: unsafe regular"):
        load_rules([RuleFile("TST001.yaml", text)])


def test_every_bundled_regex_is_accepted() -> None:
    """The pack itself passes the check (it loads), and most of it runs on RE2."""
    from archlint.engine.loader import bundled_rule_files

    assert load_rules(bundled_rule_files())
