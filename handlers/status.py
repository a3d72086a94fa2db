"""A Slack status read as the core needs it: does it say the member is away, and until when?

Away is said by an emoji (🌴 :palm_tree:, 🏝 :desert_island:, 🏖 :beach_with_umbrella:,
🤒 :face_with_thermometer:) or by words in the status text, as whole words in any case: OOO,
out of (the) office, vacation, vacationing, holiday(s), on leave, annual/parental/maternity/
paternity/sick leave, out sick, off sick, PTO. ✈️ :airplane: alone is travel, not absence: people
work on the road. Words that make the status about something else are refused, and then the
emoji does not count either: a negation or a return before the words ("not OOO", "no longer on
vacation", "back from vacation", "returning from holiday", "after/before vacation", "planning a
vacation", "happy holidays") or a later start after them ("OOO tomorrow", "vacation next week",
"holiday party"). When in doubt the member is not away: reminders keep coming, and `profile
vacation` says it exactly.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.ledger.away import AwayStatus, StatusSeen

AWAY_EMOJI = frozenset(
    {"palm_tree", "desert_island", "beach_with_umbrella", "face_with_thermometer"}
)
AWAY_CHARACTERS = ("🌴", "🏝", "🏖", "🤒")
_AWAY_WORDS = re.compile(
    r"\b(?:ooo|out of (?:the )?office|vacation(?:ing)?|holidays?|pto|on leave"
    r"|(?:annual|parental|maternity|paternity|sick) leave|(?:out|off) sick)\b",
    re.IGNORECASE,
)
_REFUSED_BEFORE = re.compile(
    r"\b(?:not|no|never|isn'?t|wasn'?t|without|no longer|back|returned|returning|return"
    r"|after|before|planning|plan|booking|booked|happy|was)\b(?:\W+\w+){0,2}\W*$",
    re.IGNORECASE,
)
_REFUSED_AFTER = re.compile(
    r"^\W*(?:tomorrow|next|soon|starting|later|party|season|sale|card|cards|planning|plans?)\b",
    re.IGNORECASE,
)


def says_away(text: str, emoji: str) -> bool:
    """True if the status's words or emoji say the member is away now (see the module)."""
    found = False
    for match in _AWAY_WORDS.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if _REFUSED_BEFORE.search(before) or _REFUSED_AFTER.search(after):
            return False
        found = True
    if found:
        return True
    named = emoji.strip(":").split("::")[0]
    return named in AWAY_EMOJI or any(c in text or c in emoji for c in AWAY_CHARACTERS)


def status_of(user: dict[str, object]) -> StatusSeen | None:
    """The status of a Slack user object (users.info, user_change); None if it carries none."""
    profile = user.get("profile")
    if not isinstance(profile, dict) or "status_text" not in profile:
        return None
    text = str(profile.get("status_text") or "")
    emoji = str(profile.get("status_emoji") or "")
    updated = _instant(user.get("updated"))
    if not says_away(text, emoji):
        return StatusSeen(None, updated)
    says = " ".join(part for part in (emoji, text.strip()) if part)
    return StatusSeen(AwayStatus(says, _instant(profile.get("status_expiration"))), updated)


def _instant(epoch: object) -> datetime | None:
    """Slack's epoch seconds as an instant; 0 or nothing is None (a status that never expires)."""
    if isinstance(epoch, bool) or not isinstance(epoch, int | float | str):
        return None
    try:
        seconds = float(epoch)
    except ValueError:
        return None
    return datetime.fromtimestamp(seconds, UTC) if seconds > 0 else None
