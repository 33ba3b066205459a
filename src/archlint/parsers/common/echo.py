"""Whether a setting's literal value spells the setting's own name, wholly or in part.

``SIGN_UP_WITH_PASSWORD = "sign_up_with_password"``, ``EVENTS.resetPassword = "reset-password"``,
``API_KEY: "apiKey"``: an enum member, an event or a field name whose value repeats the name is a
label, not a secret. ``forgot_password: "forgot_password_clicked"`` and
``MANAGED_SECRET: "x-trigger-worker-managed-secret"`` repeat some of the name's words. Facts
(what is written); SEC006 decides what they mean.
"""

from __future__ import annotations

import re

_NOT_WORD = re.compile(r"[^a-z0-9]")
# words of a name or value: runs of letters and digits, camelCase split (`apiTokens`: api, tokens)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+[a-z]*|[A-Z]+")
_MAX_VALUE = 200


def echoes_name(name: str, value: object) -> bool:
    """The value, letters and digits only and lower-cased, is one dotted part of the name the
    same way (and not empty): the last part (`EVENTS.reset_password = "reset-password"`) or
    the key of the object it is in (`SETTINGS["api-tokens"].key = "api-tokens"`)."""
    if not isinstance(value, str):
        return False
    spelled = _NOT_WORD.sub("", value.lower())
    parts = {_NOT_WORD.sub("", part.lower()) for part in name.split(".")}
    return bool(spelled) and spelled in parts


def name_words_in_value(name: str, value: object) -> str | None:
    """The longest run of the value's words that are all words of the name, lower-cased and
    joined by ``_`` (`forgot_password` for ``forgot_password = "forgot_password_clicked"``); None
    when the value is no string or repeats no word of the name."""
    if not isinstance(value, str) or len(value) > _MAX_VALUE:
        return None
    own = {w.lower() for w in _WORD.findall(name)}
    best: list[str] = []
    run: list[str] = []
    for word in (w.lower() for w in _WORD.findall(value)):
        run = [*run, word] if word in own else []
        if len(run) > len(best):
            best = run
    return "_".join(best) or None
