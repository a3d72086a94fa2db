"""Which Slack statuses say the member is away, and which are refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.status import says_away, status_of


@pytest.mark.parametrize(
    ("text", "emoji"),
    [
        ("Vacation", ""),
        ("", ":palm_tree:"),
        ("🌴 Vacationing", ""),
        ("OOO until Mon", ""),
        ("Out of the office", ":spiral_calendar_pad:"),
        ("On leave", ""),
        ("Parental leave", ""),
        ("Out sick", ":face_with_thermometer:"),
        ("Holiday in Spain", ""),
        ("PTO", ""),
        ("Vacation - back Jan 2", ""),
    ],
)
def test_away(text: str, emoji: str) -> None:
    assert says_away(text, emoji)


@pytest.mark.parametrize(
    ("text", "emoji"),
    [
        ("Back from vacation", ":palm_tree:"),
        ("not OOO", ""),
        ("No longer on vacation", ""),
        ("Returning from holiday", ""),
        ("Catching up after vacation", ""),
        ("Planning my vacation", ""),
        ("Happy holidays!", ""),
        ("Holiday party at 6", ""),
        ("OOO tomorrow", ""),
        ("Vacation next week", ""),
        ("Flying to NYC", ":airplane:"),
        ("Goooood morning", ""),
        ("Leave a message", ""),
        ("In a meeting", ":calendar:"),
    ],
)
def test_not_away(text: str, emoji: str) -> None:
    assert not says_away(text, emoji)


def test_a_user_object_gives_the_words_expiry_and_stamp() -> None:
    user = {
        "id": "U0DANA",
        "updated": 1763478000,
        "profile": {
            "status_text": "Vacation",
            "status_emoji": ":palm_tree:",
            "status_expiration": 1764547200,
        },
    }
    seen = status_of(user)
    assert seen is not None
    assert seen.away is not None
    assert seen.away.says == ":palm_tree: Vacation"
    assert seen.away.until == datetime(2025, 12, 1, 0, 0, tzinfo=UTC)
    assert seen.updated == datetime.fromtimestamp(1763478000, UTC)
    user["profile"] = {"status_text": "", "status_emoji": "", "status_expiration": 0}
    cleared = status_of(user)
    assert cleared is not None
    assert cleared.away is None
    assert status_of({"id": "U0DANA"}) is None  # no profile: the status is not known
