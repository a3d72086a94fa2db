"""Split terms, agreed in writing before the submittal, as the importer and exporter see them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.models import FollowUp, FollowUpKind, Submission, TermsAcceptance
from tests.e2e.harness import Bot


def test_the_exporter_accepts_the_terms_before_the_importer_is_asked(bot: Bot) -> None:
    bot.command("U0ALEX", "settings split 50/50 fee 25% guarantee 90d")
    assert bot.said_to("U0ALEX").endswith(
        "New job orders that name no terms take split 50/50 (50% to the importer; 50% to the "
        "candidate's recruiter) · 25% fee · 90-day guarantee; exporters accept them before "
        "their first submittal. Interview feedback is due 1 business day after the interview "
        "(settings feedback 1d), the placement report 7 after an accepted offer (placement 7d), "
        "the partner's share 1 after the client pays (payout 1d); a first submittal owns a "
        "candidate for 180 days (ownership 180d)."
    )
    bot.command("U0DANA", "job Java Developer client Acme guarantee 60d note refund if they leave")
    assert bot.said_to("U0DANA") == (
        "Posted JO-1 Java Developer (Acme · 25% fee · 60-day guarantee · split 50/50: 50% to "
        "you, 50% to the candidate's recruiter). Terms note: “refund if they leave”. Partners "
        "submit with for JO-1. Each exporter accepts these terms before their first submittal."
    )

    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1 within 2d")
    assert bot.said_to("U0ERIN").startswith(
        "Recorded Jane Doe for JO-1 Java Developer. Before @Dana Importer is asked, accept "
        "JO-1's split terms: they are on the card in your DMs (F-1), one click."
    )
    [card] = bot.slack.dms_to("U0ERIN")
    assert bot.seen(card.visible_text).splitlines()[2:5] == [
        "JO-1 Java Developer (Acme) is posted by @Dana Importer under these terms. Accept them, "
        "in writing, before Jane Doe goes to them:",
        "• split 50/50 (50% to @Dana Importer, the importer; 50% to the candidate's recruiter) "
        "· 25% fee · 60-day guarantee",
        "Terms note: “refund if they leave”",
    ]
    assert card.buttons == ["Accept terms", "Snooze 1 day"]
    assert bot.slack.dms_to("U0DANA") == []  # Dana is not asked before the terms are agreed

    # A second candidate waits on the same acceptance; nobody is carded twice.
    bot.command("U0ERIN", "submit @dana John Smith for JO-1")
    assert bot.said_to("U0ERIN").startswith(
        "Recorded John Smith for JO-1 Java Developer. It goes to @Dana Importer with the others "
        "once you accept JO-1's terms (F-1, the card in your DMs)."
    )
    assert len(bot.slack.dms_to("U0ERIN")) == 1

    bot.click("U0ERIN", "Accept terms", where="dm")

    [accepted] = bot.slack.dms_to("U0ERIN")
    assert accepted.buttons == []
    assert "✅ You accepted the terms · Wed 18 Nov, 10:00 AM · F-1" in accepted.visible_text
    jane, john = bot.slack.dms_to("U0DANA")
    assert bot.seen(jane.visible_text).splitlines()[:3] == [
        "@Erin Exporter submitted Jane Doe for JO-1 Java Developer (Acme) to you.",
        "You owe @Erin Exporter: answer about Jane Doe for JO-1 Java Developer by "
        "Fri 20 Nov, 3:00 PM.",
        "Terms accepted by @Erin Exporter Wed 18 Nov, 3:00 PM: split 50/50 (50% to the "
        "importer; 50% to the candidate's recruiter) · 25% fee · 60-day guarantee · note: "
        "“refund if they leave”",
    ]
    assert jane.buttons == john.buttons == ["Interested", "Need more info", "Pass", "Snooze 1 day"]

    # The terms stay on the record of every later card, the answer's included.
    bot.click("U0DANA", "Interested", where="dm")
    answered = bot.slack.dms_to("U0DANA")[0]
    assert "Terms accepted by @Erin Exporter Wed 18 Nov, 3:00 PM" in bot.seen(answered.visible_text)
    with bot.session() as session:
        terms = session.scalars(select(TermsAcceptance)).one()
        assert (terms.split, terms.fee_percent, terms.guarantee_days) == ("50/50", 25, 60)
        assert terms.accepted_by.slack_user_id == "U0ERIN"
        assert [s.terms_id for s in session.scalars(select(Submission))] == [terms.id] * 2


def test_only_the_exporter_accepts_and_a_late_acceptance_is_nudged(bot: Bot) -> None:
    bot.command("U0DANA", "job Java Developer split 60/40 fee 20%")
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")
    [card] = bot.slack.dms_to("U0ERIN")

    bot.click_as("U0DANA", card, "Accept terms")  # a forwarded or forged card
    assert bot.said_to("U0DANA") == (
        "Only Erin Exporter can accept the terms of JO-1: they submit under them."
    )
    bot.command("U0DANA", "done F-1")
    assert bot.said_to("U0DANA") == (
        "Only Erin Exporter can accept the terms of JO-1: they submit under them."
    )

    # Accepting is owed like anything else: Erin is reminded once it is overdue.
    bot.sweep(datetime(2026, 11, 20, 16, 0, tzinfo=UTC))
    reminder = bot.slack.dms_to("U0ERIN")[-1]
    waits = "F-1 · Your submittal to @Dana Importer for JO-1 Java Developer waits on its split"
    assert waits in bot.seen(reminder.visible_text)
    assert "Accept terms" in reminder.buttons

    bot.command("U0ERIN", "done F-1")
    with bot.session() as session:
        asked = session.scalars(select(FollowUp).filter_by(kind=FollowUpKind.RESPOND)).one()
        assert asked.debtor.slack_user_id == "U0DANA"
    assert "Terms accepted by @Erin Exporter" in bot.seen(
        bot.slack.dms_to("U0DANA")[0].visible_text
    )


def test_a_wrong_guarantee_or_default_is_refused_with_the_fix(bot: Bot) -> None:
    bot.command("U0DANA", "job Java Developer split 50/50 guarantee 3 months")
    assert bot.said_to("U0DANA") == (
        "Write the guarantee in days, e.g. guarantee 90d (or guarantee 60 days)."
    )
    bot.command("U0DANA", "settings split 50/50")
    assert bot.said_to("U0DANA") == "Only a workspace admin can change the workspace settings."
    bot.command("U0ALEX", "settings fee 0.2")
    assert (
        bot.said_to("U0ALEX")
        == "A fee of 0.2% is under one percent; write the percentage, e.g. fee 20%."
    )
