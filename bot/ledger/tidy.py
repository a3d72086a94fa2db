"""What people type, tidied before it is stored: one line, no invisible controls."""

from __future__ import annotations

import re

# C0/C1 control characters (a null byte among them) and the bidirectional overrides and
# isolates that can make text read differently from what it is ("gpj.exe" shown as "exe.jpg").
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def tidy(text: str | None) -> str:
    """Whitespace collapsed to single spaces, invisible controls removed; '' when nothing's left."""
    if not text:
        return ""
    return " ".join(_INVISIBLE.sub("", text).split())
