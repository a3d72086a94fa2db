"""A long record fits Slack: at most 50 blocks, 3,000 characters a section, "and N more"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.ledger.timeline import Event, Timeline
from bot.models import Member
from handlers.render.timeline import timeline_reply


def test_a_long_record_is_cut_within_slacks_limits_and_says_how_much_more() -> None:
    start = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
    words = "said <!channel> & " + "x" * 300
    events = [Event(start + timedelta(minutes=i), f"F-{i}", words) for i in range(2000)]
    reader = Member(slack_user_id="U0ERIN", name="Erin", timezone="America/New_York")

    _text, blocks = timeline_reply(Timeline("Jane Doe", events), reader)

    assert len(blocks) <= 50
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(len(text) <= 3000 for text in sections)
    shown = sum(text.count("\n• ") + text.startswith("• ") for text in sections)
    tail = blocks[-1]["elements"][0]["text"]
    assert tail == f"…and {2000 - shown} more — `followthrough export --deal …` writes them all."
    assert "&lt;!channel&gt; &amp;" in sections[1]
    assert "• Wed 18 Nov, 10:00 AM — F-0 · said" in sections[1]  # in Erin's own time
