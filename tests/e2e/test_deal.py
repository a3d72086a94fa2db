"""The whole life of a split over signed HTTP: terms → submit → interested → interview →
feedback → accepted → placed → paid → received, as the two partners read it."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import FollowUp, FollowUpState, Placement
from tests.e2e.harness import Bot


def test_a_split_from_terms_to_the_partners_share(bot: Bot) -> None:
    bot.command("U0DANA", "job Java Developer client Acme split 50/50 fee 25% guarantee 90d")
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")
    bot.click("U0ERIN", "Accept terms", where="dm")
    bot.click("U0DANA", "Interested", where="dm")
    assert "is interested in Jane Doe" in bot.seen(bot.slack.dms_to("U0ERIN")[-1].visible_text)

    bot.command("U0DANA", "interview F-2 tue 2pm")
    bot.command("U0DANA", "feedback F-2 strong, offer coming")
    assert bot.slack.dms_to("U0ERIN")[-1].text.endswith("(F-3): “strong, offer coming”")

    bot.command("U0SAM", "accepted F-2")
    assert bot.said_to("U0SAM") == (
        "Only Dana Importer or Erin Exporter can record that for Jane Doe; a workspace admin "
        "can too."
    )
    bot.command("U0ERIN", "accepted F-2")
    assert bot.said_to("U0ERIN").startswith(
        "Recorded: Jane Doe accepted the offer. F-4: @Dana Importer owes the placement report by "
        "Fri 27 Nov, 10:00 AM EST"
    )
    report = bot.slack.dms_to("U0DANA")[-1]
    assert "report the placement of Jane Doe for JO-1 Java Developer (start date and fee)" in (
        bot.seen(report.visible_text)
    )

    bot.command("U0DANA", "placed F-2 start 2027-01-04 fee 25")
    assert bot.said_to("U0DANA") == "Is that 25% or 25,000? Write the amount, e.g. fee $25,000."
    bot.command("U0DANA", "placed F-2 start 2027-01-04 fee $25,000")
    assert bot.said_to("U0DANA").startswith(
        "Placed: P-1 · Jane Doe for JO-1 Java Developer · starts Mon 04 Jan 2027 · fee $25,000."
    )
    assert bot.seen(bot.slack.dms_to("U0ERIN")[-1].visible_text) == (
        "@Dana Importer reported the placement: P-1 · Jane Doe for JO-1 Java Developer · starts "
        "Mon 04 Jan 2027 · fee $25,000. Your share (50%): $12,500 once the client pays."
    )

    bot.command("U0DANA", "paid P-1")
    assert bot.said_to("U0DANA") == (
        "Recorded the client's payment of $25,000 for P-1. F-5: you owe @Erin Exporter $12,500 "
        "by Thu 19 Nov, 3:00 PM GMT (10:00 AM EST for @Erin Exporter)."
    )
    told = bot.slack.dms_to("U0ERIN")[-1]
    assert told.buttons == ["Received"]
    assert "your share, $12,500, is due to you by Thu 19 Nov, 10:00 AM EST (F-5)" in bot.seen(
        told.visible_text
    )
    bot.command("U0DANA", "received P-1")
    assert bot.said_to("U0DANA") == (
        "Erin Exporter confirms the share arrived (Received); F-5 stays open until then."
    )

    bot.click("U0ERIN", "Received", where="dm")

    assert bot.seen(bot.slack.dms_to("U0DANA")[-1].visible_text) == (
        "@Erin Exporter received their share (F-5: pay the share of the fee for Jane Doe for "
        "JO-1 Java Developer: $12,500). Thanks!"
    )
    with bot.session() as session:
        placement = session.scalars(select(Placement)).one()
        assert (placement.paid_cents, placement.share_cents) == (2_500_000, 1_250_000)
        assert placement.received_at is not None
        assert [f.state for f in session.scalars(select(FollowUp).order_by(FollowUp.id))] == [
            FollowUpState.DONE
        ] * 5
