"""The nudge sweep end to end: the right DM, once, at a sensible hour, then a lapse."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.models import (
    FollowUp,
    FollowUpState,
    Member,
    MessageKind,
    MessageState,
    Nudge,
    OutboxMessage,
)
from bot.nudging.sweep import Sweeper
from handlers.render.wording import SlackWording
from tests.e2e.harness import Bot

# Dana (London) owes a 4h answer from Wed 15:00: due Thu 19 Nov 10:30 London (= UTC).
DUE = datetime(2026, 11, 19, 10, 30, tzinfo=UTC)


def sweep(bot: Bot, at: datetime) -> list[str]:
    """What the sweep did about follow-ups (Monday digests are tested on their own)."""
    return [line for line in bot.sweep(at) if not line.startswith("weekly digest")]


def reminders_to(bot: Bot, user: str) -> list[str]:
    return [text for text in bot.dms(user) if "waiting on you" in text]


def delivered(bot: Bot) -> list[str]:
    """What the courier did with reminders and lapse notices since the last look."""
    lines = [line for line in bot.runtime.courier.lines if line.startswith(("reminder", "lapse"))]
    bot.runtime.courier.lines.clear()
    return lines


def submit(bot: Bot, candidate: str = "Jane Doe", window: str = "4h") -> None:
    bot.command("U0ERIN", f"submit @dana {candidate} within {window}")


def test_when_the_window_passes_the_debtor_gets_exactly_one_reminder(bot: Bot) -> None:
    submit(bot)
    assert sweep(bot, DUE - timedelta(minutes=1)) == []

    done = sweep(bot, DUE + timedelta(minutes=1))

    assert done == ["nudge for Dana Importer (U0DANA): F-1, reminder 1"]
    assert delivered(bot) == ["reminder to U0DANA: sent"]
    [reminder] = reminders_to(bot, "U0DANA")
    assert "A partner is waiting on you" in reminder
    assert "F-1 · @Erin Exporter submitted Jane Doe to you." in reminder
    assert "Waiting since Wed 18 Nov, 3:00 PM; was due Thu 19 Nov, 10:30 AM." in reminder
    assert "Reminder 1 of 2" in reminder
    message = next(m for m in bot.slack.dms_to("U0DANA") if "waiting on you" in m.text)
    # A submission is answered with a decision: no "I called back" that closes it with none.
    assert message.buttons == ["Interested", "Need more info", "Pass", "Snooze 1 day"]
    assert message.metadata is not None
    assert message.metadata["event_type"] == "followthrough_message"
    assert sweep(bot, DUE + timedelta(minutes=2)) == []
    assert len(reminders_to(bot, "U0DANA")) == 1
    assert bot.slack.calls("conversations.open") == []


def test_answering_from_the_reminder_works_like_the_card(bot: Bot) -> None:
    submit(bot)
    sweep(bot, DUE + timedelta(minutes=1))
    reminder = next(m for m in bot.slack.dms_to("U0DANA") if "waiting on you" in m.text)
    bot.click("U0DANA", "Interested", ts=reminder.ts)
    assert "@Dana Importer is interested in Jane Doe (F-1)." in bot.dms("U0ERIN")
    updated = bot.slack.message(reminder.channel, reminder.ts)
    assert updated.buttons == []  # the reminder is answered in place: no live buttons
    assert "You answered Interested" in bot.seen(updated.visible_text)
    assert sweep(bot, DUE + timedelta(days=3)) == []


def test_two_sweeps_at_once_send_one_dm(bot: Bot) -> None:
    for candidate in ("Ann", "Bob", "Cy"):
        submit(bot, candidate)
    bot.travel(DUE + timedelta(minutes=1))
    runtime = bot.runtime
    other = Sweeper(runtime.core.sessions, runtime.settings, runtime.clock, SlackWording())
    results: list[list[str]] = []
    threads = [
        threading.Thread(target=lambda s=s: results.append(s.run()))
        for s in (runtime.sweeper, other)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bot.settle()
    assert sorted(len(r) for r in results) == [0, 1]
    [reminder] = reminders_to(bot, "U0DANA")
    assert reminder.startswith("👋 3 partners are waiting on you.")
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Nudge)) == 3


def test_several_follow_ups_are_batched_oldest_first_in_one_dm(bot: Bot) -> None:
    for candidate in ("Ann", "Bob", "Cy"):
        submit(bot, candidate)
        bot.travel(bot.runtime.clock.now() + timedelta(minutes=5))
    bot.command("U0SAM", "call @dana within 1h")

    sweep(bot, DUE + timedelta(hours=1))

    [reminder] = reminders_to(bot, "U0DANA")
    assert reminder.startswith("👋 4 partners are waiting on you.")
    assert reminder.index("F-1") < reminder.index("F-2") < reminder.index("F-3")
    assert "@Sam Sourcer is waiting to hear back from you" in reminder


@pytest.mark.parametrize(
    ("at", "why", "until"),
    [
        (
            datetime(2026, 11, 19, 19, 0, tzinfo=UTC),
            "night",
            datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        ),
        (
            datetime(2026, 11, 21, 12, 0, tzinfo=UTC),
            "weekend",
            datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        ),
    ],
)
def test_night_and_weekend_hold_the_reminder_until_working_time(
    bot: Bot, at: datetime, why: str, until: datetime
) -> None:
    submit(bot)
    done = sweep(bot, at)
    assert done == [
        f"held F-1 until {until:%Y-%m-%d %H:%M} UTC: outside Dana Importer's working time"
    ]
    assert reminders_to(bot, "U0DANA") == []
    assert sweep(bot, until - timedelta(minutes=1)) == []
    assert len(sweep(bot, until)) == 1
    assert len(reminders_to(bot, "U0DANA")) == 1


def test_holidays_and_vacation_hold_the_reminder(bot: Bot) -> None:
    # Sam (Los Angeles, US holidays) owes Erin a call back, due the day before Thanksgiving.
    bot.travel(datetime(2026, 11, 25, 22, 0, tzinfo=UTC))
    bot.command("U0ERIN", "call @sam within 1h")
    thanksgiving = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)  # 10:00 in Los Angeles
    assert sweep(bot, thanksgiving) == [
        "held F-1 until 2026-11-27 17:00 UTC: outside Sam Sourcer's working time"
    ]
    # Dana owes an answer due Friday morning, then goes on vacation through Monday.
    bot.command("U0ERIN", "submit @dana Jane Doe within 1h")
    bot.command("U0DANA", "profile vacation 2026-11-30")
    held = sweep(bot, datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    assert "held F-2 until 2026-12-01 09:00 UTC: outside Dana Importer's working time" in held
    assert reminders_to(bot, "U0DANA") == []


def test_after_the_cap_the_follow_up_lapses_and_the_creditor_is_told_once(bot: Bot) -> None:
    submit(bot)
    first = sweep(bot, DUE + timedelta(minutes=1))
    assert first == ["nudge for Dana Importer (U0DANA): F-1, reminder 1"]
    assert sweep(bot, DUE + timedelta(hours=23)) == []  # spaced by one business day
    second = sweep(bot, DUE + timedelta(days=1, minutes=1))
    assert second == ["nudge for Dana Importer (U0DANA): F-1, reminder 2"]
    assert "last reminder" in reminders_to(bot, "U0DANA")[-1]

    # Mon 10:31 London, a business day later: it lapses in Dana's time, but Erin (New York)
    # hears about it only when her day starts.
    third = sweep(bot, DUE + timedelta(days=4, minutes=1))
    assert third == [
        "lapsed F-1: notice for Erin Exporter (U0ERIN), held until 2026-11-23 14:00 UTC"
    ]
    assert [text for text in bot.dms("U0ERIN") if "stopped nudging" in text] == []
    bot.travel(datetime(2026, 11, 23, 14, 0, tzinfo=UTC))  # 09:00 in New York
    bot.settle()
    assert delivered(bot)[-1] == "lapse to U0ERIN: sent"
    notices = [text for text in bot.dms("U0ERIN") if "stopped nudging" in text]
    assert notices == [
        "No answer after 2 reminders, so I've stopped nudging:\n"
        "• F-1 · @Dana Importer: answer about Jane Doe\n"
        "In split networks, silence about a candidate after reminders usually means "
        "“not interested”. "
        "Move on rather than chase; it counts on their scorecard."
    ]
    assert sweep(bot, DUE + timedelta(days=10)) == []
    with bot.session() as session:
        follow_up = session.get(FollowUp, 1)
        assert follow_up is not None
        assert (follow_up.state, follow_up.nudge_count) == (FollowUpState.LAPSED, 2)
    bot.command("U0ERIN", "stats @dana")
    assert "1 lapsed" in bot.said_to("U0ERIN")


def test_a_lapsed_call_back_is_not_called_a_lost_candidate(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana within 4h")  # Dana owes Erin a call back
    for days in (1, 4, 5):  # reminders Fri and Mon; it lapses Tue
        bot.sweep(DUE + timedelta(days=days, minutes=1))
    bot.travel(datetime(2026, 11, 24, 15, 0, tzinfo=UTC))  # Tue 10:00 in New York
    bot.settle()
    [notice] = [text for text in bot.dms("U0ERIN") if "stopped nudging" in text]
    assert "• F-1 · @Dana Importer: call back\n" in notice
    assert notice.endswith("It counts on their scorecard; /followthrough stats shows it.")
    assert "not interested" not in notice


def test_snoozed_and_answered_follow_ups_are_not_nudged(bot: Bot) -> None:
    submit(bot, "Ann")
    submit(bot, "Bob")
    bot.command("U0DANA", "snooze F-1 1w")
    bot.click("U0DANA", "Interested", where="dm")  # the newest card: Bob
    assert sweep(bot, DUE + timedelta(hours=2)) == []
    assert reminders_to(bot, "U0DANA") == []


def test_a_429_is_honoured_by_rescheduling_and_delivered_once_after_it(bot: Bot) -> None:
    submit(bot)
    bot.slack.faults.ratelimit_next(1, retry_after=30, method="chat.postMessage")
    assert sweep(bot, DUE + timedelta(minutes=1)) == [
        "nudge for Dana Importer (U0DANA): F-1, reminder 1"
    ]
    [retry] = delivered(bot)
    assert retry == "reminder to U0DANA: will retry at 10:31:30 UTC: rate limited"
    assert sweep(bot, DUE + timedelta(minutes=1, seconds=20)) == []
    assert delivered(bot) == []
    bot.travel(DUE + timedelta(minutes=1, seconds=31))
    bot.settle()
    assert delivered(bot) == ["reminder to U0DANA: sent"]
    assert len(reminders_to(bot, "U0DANA")) == 1
    assert bot.slack.calls("conversations.history")  # it looked before posting again


def test_slack_errors_back_off_and_deliver_after_recovery(bot: Bot) -> None:
    submit(bot)
    bot.slack.faults.fail_next(3, status=503, method="chat.postMessage")
    at = DUE + timedelta(minutes=1)
    lines: list[str] = []
    for _ in range(8):
        sweep(bot, at)
        lines += delivered(bot)
        at += timedelta(minutes=5)
    retries = [line.split(" at ")[0] for line in lines if "will retry" in line]
    assert retries == ["reminder to U0DANA: will retry"] * 3
    assert len(reminders_to(bot, "U0DANA")) == 1


def test_a_crash_after_posting_does_not_send_a_second_dm(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit(bot)
    dispatch = bot.runtime.courier.dispatch
    crashed = threading.Event()

    def crash(*_args: object, **_kwargs: object) -> None:
        crashed.set()
        raise RuntimeError("process killed after posting, before recording it")

    monkeypatch.setattr(dispatch, "sent", crash)
    sweep(bot, DUE + timedelta(minutes=1))
    assert crashed.wait(5)
    monkeypatch.undo()
    assert len(reminders_to(bot, "U0DANA")) == 1

    bot.travel(DUE + timedelta(minutes=2))  # still leased by the crashed attempt
    bot.settle()
    assert len(reminders_to(bot, "U0DANA")) == 1
    bot.travel(DUE + timedelta(minutes=5))  # the lease ran out: looked for, found, not re-sent
    bot.settle()
    assert delivered(bot)[-1] == "reminder to U0DANA: found already in Slack"
    assert len(reminders_to(bot, "U0DANA")) == 1
    with bot.session() as session:
        message = session.scalars(select(OutboxMessage).filter_by(kind=MessageKind.REMINDER)).one()
        assert message.state is MessageState.SENT
        follow_up = session.get(FollowUp, 1)
        assert follow_up is not None
        assert follow_up.next_nudge_at is not None


def test_after_three_days_down_each_overdue_follow_up_gets_one_nudge(bot: Bot) -> None:
    submit(bot, "Ann", "1h")
    bot.command("U0DANA", "call @erin within 1h")
    bot.command("U0SAM", "email @erin within 2h")

    done = sweep(bot, datetime(2026, 11, 23, 14, 0, tzinfo=UTC))  # the bot was off Thu–Sun

    assert len(done) == 2  # one DM to Dana, one batching Erin's two
    with bot.session() as session:
        counts = session.execute(
            select(Nudge.follow_up_id, func.count()).group_by(Nudge.follow_up_id)
        ).all()
    assert sorted(counts) == [(1, 1), (2, 1), (3, 1)]


def test_a_weekly_digest_arrives_on_monday_morning_in_each_members_time(bot: Bot) -> None:
    submit(bot, window="2w")  # open all week, not yet due
    bot.command("U0SAM", "list")  # Sam has nothing open: no digest for him

    london_monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    done = [line for line in bot.sweep(london_monday) if line.startswith("weekly digest")]
    assert done == ["weekly digest to Dana Importer (U0DANA)"]
    digest = [text for text in bot.dms("U0DANA") if "Your week in Followthrough" in text]
    assert len(digest) == 1
    assert "F-1 · You owe @Erin Exporter: answer about Jane Doe" in digest[0]

    new_york_monday = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    done = [line for line in bot.sweep(new_york_monday) if line.startswith("weekly digest")]
    assert done == ["weekly digest to Erin Exporter (U0ERIN)"]
    assert [line for line in bot.sweep(new_york_monday) if "digest" in line] == []


def test_a_members_own_cap_overrides_the_workspace(bot: Bot) -> None:
    bot.command("U0DANA", "profile reminders 1")
    submit(bot)
    assert sweep(bot, DUE + timedelta(minutes=1)) == [
        "nudge for Dana Importer (U0DANA): F-1, reminder 1"
    ]
    assert "Reminder 1 of 1 — last reminder" in reminders_to(bot, "U0DANA")[0]
    assert sweep(bot, datetime(2026, 11, 20, 14, 0, tzinfo=UTC)) == [
        "lapsed F-1: notice for Erin Exporter (U0ERIN)"
    ]


def test_a_nudge_and_the_digest_never_go_to_one_person_in_one_sweep(bot: Bot) -> None:
    submit(bot)  # overdue by Monday morning: Dana is nudged, so her digest waits a week
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    done = bot.sweep(monday)
    assert "nudge for Dana Importer (U0DANA): F-1, reminder 1" in done
    assert "weekly digest to Dana Importer (U0DANA): skipped, nudged in this sweep" in done
    assert len(bot.dms("U0DANA")) == 2  # the card from Wednesday, and one reminder
    assert [text for text in bot.dms("U0DANA") if "Your week" in text] == []


def test_a_missed_monday_digest_waits_for_next_monday_in_working_hours(bot: Bot) -> None:
    submit(bot, window="2w")
    tuesday_early = datetime(2026, 11, 24, 13, 6, tzinfo=UTC)  # 08:06 in New York
    done = [line for line in bot.sweep(tuesday_early) if "Erin" in line]
    assert done == ["weekly digest to Erin Exporter (U0ERIN): missed its day, next one next week"]
    assert [text for text in bot.dms("U0ERIN") if "Your week" in text] == []
    next_monday = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    done = [line for line in bot.sweep(next_monday) if "Erin" in line]
    assert done == ["weekly digest to Erin Exporter (U0ERIN)"]


def test_a_digest_due_before_working_hours_waits_for_them(bot: Bot) -> None:
    submit(bot, window="2w")
    with bot.session() as session:
        erin = session.scalars(select(Member).filter_by(slack_user_id="U0ERIN")).one()
        assert erin.next_digest_at == datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 09:00 NY
    assert [
        line for line in bot.sweep(datetime(2026, 11, 23, 13, 59, tzinfo=UTC)) if "Erin" in line
    ] == []


def test_answering_anywhere_updates_the_card_and_the_reminder_in_place(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana within 4h")
    [card] = bot.slack.dms_to("U0DANA")
    sweep(bot, DUE + timedelta(minutes=1))
    reminder = next(m for m in bot.slack.dms_to("U0DANA") if "waiting on you" in m.text)
    assert reminder.buttons == ["I called back", "I emailed back", "Done", "Snooze 1 day"]

    bot.command("U0DANA", "done F-1 spoke this morning")

    for message in (card, reminder):
        updated = bot.slack.message(message.channel, message.ts)
        assert updated.buttons == []
        assert "You answered Done: spoke this morning" in bot.seen(updated.visible_text)
