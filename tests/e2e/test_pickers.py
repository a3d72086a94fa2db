"""Picking a due time in a form instead of typing a window, as each partner sees it.

Erin (the exporter) is in New York, Dana (the importer) in London; it is Wednesday 18 November,
10:00 AM in New York and 3:00 PM in London. Slack shows a picker in its user's own timezone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.models import FollowUp
from tests.e2e.harness import Bot

NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")


def follow_ups(bot: Bot) -> int:
    with bot.session() as session:
        return session.scalar(select(func.count()).select_from(FollowUp)) or 0


def due_of(bot: Bot, ref: int = 1) -> datetime:
    with bot.session() as session:
        follow_up = session.get(FollowUp, ref)
        assert follow_up is not None
        return follow_up.due_at.astimezone(UTC)


def test_each_form_offers_a_picker_beside_its_window(bot: Bot) -> None:
    for verb, label in (("submit", "Or pick a due time"), ("call", "Or pick a due time")):
        bot.command("U0ERIN", verb)
        [form] = bot.slack.views_open_for("U0ERIN")
        fields = [block["block_id"] for block in form.blocks]
        assert fields[fields.index("window") + 1] == "due_time"
        picker = form.blocks[fields.index("due_time")]
        assert (picker["label"]["text"], picker["optional"]) == (label, True)
        assert picker["element"] == {"type": "datetimepicker", "action_id": "value"}
        bot.driver.close_view("U0ERIN")
    bot.command("U0DANA", "snooze F-1")
    [form] = bot.slack.views_open_for("U0DANA")
    snooze = {block["block_id"]: block for block in form.blocks}
    assert snooze["due_time"]["label"]["text"] == "Or snooze until"
    assert (snooze["window"]["optional"], snooze["due_time"]["optional"]) == (True, True)


def test_a_submission_falls_due_at_the_picked_time_told_in_both_partners_time(bot: Bot) -> None:
    bot.command("U0ERIN", "submit")
    bot.submit(
        "U0ERIN",
        {
            "partner": {"value": "U0DANA"},
            "candidate": {"value": "Jane Doe"},
            "due_time": {"value": datetime(2026, 11, 19, 11, 0, tzinfo=NEW_YORK)},
        },
    )

    assert (
        "F-1: they owe you an answer by Thu 19 Nov, 11:00 AM EST (4:00 PM GMT for @Dana Importer)."
        in bot.said_to("U0ERIN")
    )
    [card] = bot.dms("U0DANA")
    assert "You owe @Erin Exporter: answer about Jane Doe by Thu 19 Nov, 4:00 PM." in card
    assert "F-1 · due at the time picked" in card
    assert due_of(bot) == datetime(2026, 11, 19, 16, 0, tzinfo=UTC)
    with bot.session() as session:
        assert session.scalars(select(FollowUp.window)).one() == "by 2026-11-19 16:00 UTC"


def test_a_call_due_after_the_partners_hours_falls_due_at_their_next_opening(bot: Bot) -> None:
    bot.command("U0ERIN", "call")
    bot.submit(
        "U0ERIN",
        {
            "partner": {"value": "U0DANA"},
            "note": {"value": "she'll check the budget"},
            # 2:00 PM in New York is 7:00 PM in London, after Dana's day ends at 5:30 PM.
            "due_time": {"value": datetime(2026, 11, 19, 14, 0, tzinfo=NEW_YORK)},
        },
    )

    assert bot.said_to("U0ERIN") == (
        "Logged your call with @Dana Importer. F-1 · they owe you: call back, "
        "due Fri 20 Nov, 4:00 AM EST (9:00 AM GMT for @Dana Importer)."
    )
    assert due_of(bot) == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_a_tracked_message_can_fall_due_at_a_picked_time(bot: Bot) -> None:
    bot.driver.post_message("U0ERIN", "C0SPLITS", "Dana, can you send me the pay band?")
    bot.settle()
    asked = bot.slack.messages_in("C0SPLITS")[-1]
    bot.driver.message_shortcut("U0ERIN", "track_follow_through", "C0SPLITS", asked.ts)
    bot.settle()
    bot.submit(
        "U0ERIN",
        {
            "partner": {"value": "U0DANA"},
            "due_time": {"value": datetime(2026, 11, 19, 11, 0, tzinfo=NEW_YORK)},
        },
    )

    assert bot.said_to("U0ERIN") == (
        "Logged your talk with @Dana Importer. F-1 · they owe you: get back, "
        "due Thu 19 Nov, 11:00 AM EST (4:00 PM GMT for @Dana Importer)."
    )


def test_a_snooze_until_a_picked_time_moves_the_due_there_but_never_earlier(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 2d")
    assert due_of(bot) == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Fri 3:00 PM in London

    bot.command("U0DANA", "snooze F-1")
    bot.submit("U0DANA", {"due_time": {"value": datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)}})

    assert bot.said_to("U0DANA") == (
        "F-1 snoozed: now due Tue 24 Nov, 10:00 AM GMT (5:00 AM EST for @Erin Exporter)."
    )
    assert (
        "@Dana Importer snoozed F-1 (answer about Jane Doe); it is now due Tue 24 Nov, 5:00 AM."
        in (bot.dms("U0ERIN")[-1])
    )
    assert due_of(bot) == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)

    bot.command("U0DANA", "snooze F-1")
    refused = bot.submit(
        "U0DANA", {"due_time": {"value": datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)}}
    )
    assert refused.json() == {
        "response_action": "errors",
        "errors": {"due_time": "F-1 is already due Tue 24 Nov, 10:00 AM GMT; pick a later time."},
    }
    assert [form.errors for form in bot.slack.views_open_for("U0DANA")] == [
        refused.json()["errors"]
    ]
    assert due_of(bot) == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_a_snooze_needs_a_window_or_a_picked_time(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 2d")
    bot.command("U0DANA", "snooze F-1")
    refused = bot.submit("U0DANA", {})
    assert refused.json()["errors"] == {
        "window": "Say how long, e.g. 1d or by mon 10am, or pick a time."
    }
    assert due_of(bot) == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def test_typing_a_window_and_picking_a_time_is_refused_beside_the_picker(bot: Bot) -> None:
    bot.command("U0ERIN", "submit")
    refused = bot.submit(
        "U0ERIN",
        {
            "partner": {"value": "U0DANA"},
            "candidate": {"value": "Jane Doe"},
            "window": {"value": "2d"},
            "due_time": {"value": datetime(2026, 11, 19, 11, 0, tzinfo=NEW_YORK)},
        },
    )

    assert refused.json() == {
        "response_action": "errors",
        "errors": {"due_time": "Pick a time or type a window, not both."},
    }
    [form] = bot.slack.views_open_for("U0ERIN")
    assert form.state_values["candidate"]["value"]["value"] == "Jane Doe"
    assert follow_ups(bot) == 0

    bot.submit("U0ERIN", {"window": {"value": None}})
    assert "F-1: they owe you an answer by Thu 19 Nov, 11:00 AM EST" in bot.said_to("U0ERIN")


def test_a_picked_time_that_has_passed_or_is_over_a_year_away_is_refused(bot: Bot) -> None:
    bot.command("U0ERIN", "call")
    fields = {"partner": {"value": "U0DANA"}}

    past = bot.submit(
        "U0ERIN", {**fields, "due_time": {"value": datetime(2026, 11, 18, 9, 0, tzinfo=NEW_YORK)}}
    )
    assert past.json()["errors"] == {"due_time": "That time has passed — pick one still to come."}
    far = bot.submit(
        "U0ERIN", {"due_time": {"value": datetime(2027, 11, 19, 10, 0, tzinfo=NEW_YORK)}}
    )
    assert far.json()["errors"] == {
        "due_time": '"by 2027-11-19 15:00 UTC" is more than a year away. Pick an earlier date.'
    }
    assert len(bot.slack.views_open_for("U0ERIN")) == 1
    assert follow_ups(bot) == 0
