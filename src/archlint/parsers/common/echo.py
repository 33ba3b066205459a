"""Whether a setting's literal value only spells the setting's own name.

``SIGN_UP_WITH_PASSWORD = "sign_up_with_password"``, ``EVENTS.resetPassword = "reset-password"``,
``API_KEY: "apiKey"``: an enum member, an event or a field name whose value repeats the name is a
label, not a secret. A fact (what is written); SEC006 decides what it means.
"""

from __future__ import annotations

import re

_NOT_WORD = re.compile(r"[^a-z0-9]")


def echoes_name(name: str, value: object) -> bool:
    """The value, letters and digits only and lower-cased, is the name's last dotted part the
    same way (and not empty)."""
    if not isinstance(value, str):
        return False
    spelled = _NOT_WORD.sub("", value.lower())
    own = _NOT_WORD.sub("", name.rpartition(".")[2].lower())
    return bool(spelled) and spelled == own
