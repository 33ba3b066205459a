"""What a setting's value repeats of its name: facts SEC006 reads to tell labels from secrets."""

from __future__ import annotations

import pytest

from archlint.parsers.common.echo import echoes_name, name_words_in_value


@pytest.mark.parametrize(
    ("name", "value", "echoes"),
    [
        ("AUTH_EVENTS.sign_up_with_password", "sign_up_with_password", True),
        ("EVENTS.resetPassword", "reset-password", True),
        ("PROFILE_SETTINGS.api-tokens.key", "api-tokens", True),
        ("JWT_SECRET", "s3cr3t", False),
        ("JWT_SECRET", 3, False),
        ("JWT_SECRET", "--", False),
    ],
)
def test_echoes_name_is_one_dotted_part_spelled_again(
    name: str, value: object, echoes: bool
) -> None:
    assert echoes_name(name, value) is echoes


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("AUTH_TRACKER_EVENTS.forgot_password", "forgot_password_clicked", "forgot_password"),
        ("SKIP_ACCESS_TOKENS_SENTINEL", "s2-skip-access-tokens", "skip_access_tokens"),
        (
            "WORKER_HEADERS.MANAGED_SECRET",
            "x-trigger-worker-managed-secret",
            "worker_managed_secret",
        ),
        ("apiTokenKey", "myApiTokenValue", "api_token"),
        ("SECRET_KEY", "dev_secret_key", "secret_key"),
        ("JWT_SECRET", "9f86d081884c7d659a2feaa0c55ad015", None),
        ("JWT_SECRET", None, None),
        ("JWT_SECRET", "jwt-" + "x" * 300, None),
    ],
)
def test_name_words_in_value_is_the_longest_run_of_name_words(
    name: str, value: object, words: str | None
) -> None:
    assert name_words_in_value(name, value) == words
