"""Interviews and feedback over signed HTTP: the exporter is told at once, the importer owes
feedback after each interview, by command or by the card's form, and is reminded like any debt."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.harness import Bot


def test_interview_feedback_rounds_as_both_partners_see_them(bot: Bot) -> None:
    bot.command("U0DANA", "job Java Developer client Acme split 50/50 fee 25%")
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")
    bot.click("U0ERIN", "Accept terms", where="dm")

    bot.command("U0ERIN", "interview F-2 tue 2pm")
    assert bot.said_to("U0ERIN") == (
        "Only Dana Importer, the importer, records interviews of Jane Doe; tell them, or ask a "
        "workspace admin."
    )
    bot.command("U0DANA", "interview F-2 tue")
    assert bot.said_to("U0DANA") == (
        "Say when, with a time: interview F-2 tue 2pm or interview F-2 2026-12-03 10:00."
    )

    bot.command("U0DANA", "interview F-2 tue 2pm")
    assert bot.said_to("U0DANA").splitlines() == [
        "Interview 1 with Jane Doe recorded: Tue 24 Nov, 2:00 PM GMT. @Erin Exporter is told.",
        "F-3: you owe them feedback by Wed 25 Nov, 2:00 PM GMT (9:00 AM EST for @Erin Exporter)"
        " — feedback F-3 … or Give feedback on its card.",
        "F-2 is answered Interested.",
    ]
    # Erin hears at once, in her own time.
    assert bot.seen(bot.slack.dms_to("U0ERIN")[-1].visible_text) == (
        "@Dana Importer set up interview 1 with Jane Doe for JO-1 Java Developer: "
        "Tue 24 Nov, 9:00 AM EST. They owe you feedback by Wed 25 Nov, 9:00 AM EST (F-3)."
    )
    answered, card = bot.slack.dms_to("U0DANA")
    assert "✅ You answered Interested: interview arranged" in bot.seen(answered.visible_text)
    assert card.buttons == ["Give feedback", "Snooze 1 day"]

    # Overdue feedback is nudged like any follow-up.
    bot.sweep(datetime(2026, 11, 25, 15, 0, tzinfo=UTC))
    reminder = bot.slack.dms_to("U0DANA")[-1]
    told = "F-3 · Tell @Erin Exporter how the interview with Jane Doe for JO-1 Java Developer went."
    assert told in bot.seen(reminder.visible_text)
    assert "Give feedback" in reminder.buttons

    bot.click("U0DANA", "Give feedback", where="dm")
    [form] = bot.slack.views_open_for("U0DANA")
    assert form.title == "Give feedback"
    bot.submit("U0DANA", {"feedback": {"value": "Strong on Java <!channel> & calm"}})

    relayed = bot.slack.dms_to("U0ERIN")[-1]
    assert relayed.text == (
        "<@U0DANA> gave feedback on *Jane Doe* for *JO-1 Java Developer* (F-3): "
        "“Strong on Java &lt;!channel&gt; &amp; calm”"
    )
    assert "✅ You gave feedback" in bot.slack.dms_to("U0DANA")[1].visible_text

    # A second round owes its own feedback; `feedback` names the candidate's ref.
    bot.command("U0DANA", "interview F-2 2026-12-03 10:00")
    assert bot.said_to("U0DANA").startswith("Interview 2 with Jane Doe recorded")
    bot.command("U0DANA", "feedback F-2 great with the CTO")
    assert bot.said_to("U0DANA") == "Thanks — Erin Exporter has your feedback (F-4)."
    assert bot.slack.dms_to("U0ERIN")[-1].text.endswith("(F-4): “great with the CTO”")
    bot.command("U0DANA", "feedback F-2 more")
    assert bot.said_to("U0DANA") == (
        "No feedback is open on Jane Doe (F-2); record an interview first with "
        "interview F-2 tue 2pm."
    )


def test_admins_set_how_long_feedback_may_take(bot: Bot) -> None:
    bot.command("U0DANA", "settings feedback 2d")
    assert bot.said_to("U0DANA") == "Only a workspace admin can change the workspace settings."
    bot.command("U0ALEX", "settings feedback 2d")
    assert "Interview feedback is due 2 business days after the interview" in bot.said_to("U0ALEX")
    bot.command("U0DANA", "job Java Developer")
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")
    bot.command("U0DANA", "interview F-1 2026-12-03 10:00")
    assert "feedback by Mon 07 Dec, 10:00 AM GMT" in bot.said_to("U0DANA")
