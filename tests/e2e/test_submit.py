"""Submitting a candidate, as the exporter and the importer see it."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import FollowUp, FollowUpState
from tests.e2e.harness import Bot


def test_submit_tells_the_importer_with_answer_buttons(bot: Bot) -> None:
    bot.command("U0DANA", "job Senior Java Developer client Acme fee 25%")
    assert bot.said_to("U0DANA").startswith("Posted JO-1 Senior Java Developer (Acme · 25% fee)")

    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1 within 2d")

    reply = bot.said_to("U0ERIN")
    assert "Submitted Jane Doe to @Dana Importer for JO-1 Senior Java Developer" in reply
    assert "F-1: they owe you an answer by Fri 20 Nov, 10:00 AM" in reply
    assert "qualify the job first" in reply
    [card] = bot.slack.dms_to("U0DANA")
    assert "@Erin Exporter submitted Jane Doe for JO-1 Senior Java Developer (Acme) to you" in (
        bot.seen(card.visible_text)
    )
    assert card.buttons == ["Interested", "Need more info", "Pass", "Snooze 1 day"]
    with bot.session() as session:
        follow_up = session.scalars(select(FollowUp)).one()
        assert (follow_up.debtor.slack_user_id, follow_up.state) == ("U0DANA", FollowUpState.OPEN)
