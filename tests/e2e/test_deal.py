"""The whole life of a split over signed HTTP: terms → submit → interested → interview →
feedback → accepted → placed → paid → received, as the two partners read it."""

from __future__ import annotations

from datetime import UTC, datetime

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

    # The record, in Erin's time; only the partners read it.
    bot.command("U0ERIN", "timeline P-1")
    record = bot.said_to("U0ERIN").splitlines()
    assert record[:3] == [
        "The record of Jane Doe for JO-1 Java Developer (17 events)",
        "Times in your zone (EST).",
        "• Wed 18 Nov, 10:00 AM — JO-1 · Dana Importer posted JO-1 Java Developer (split 50/50, "
        "25% fee, 90-day guarantee)",
    ]
    assert record[-1] == "• Wed 18 Nov, 10:00 AM — P-1 · share received"
    bot.command("U0SAM", "timeline P-1")
    assert bot.said_to("U0SAM") == (
        "Only the two partners (or a workspace admin) read this record."
    )


def notes(lines: list[str]) -> list[str]:
    """The sweep's guarantee notes among everything it decided."""
    return [line for line in lines if line.startswith("guarantee note")]


def placed_with_guarantee(bot: Bot, note: str = "") -> None:
    terms = f" note {note}" if note else ""
    bot.command("U0DANA", f"job Java Developer split 50/50 fee 25% guarantee 90d{terms}")
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")
    bot.click("U0ERIN", "Accept terms", where="dm")
    bot.command("U0DANA", "placed F-2 start 2026-11-23 fee $25,000")


def test_a_fall_off_inside_the_guarantee_owes_what_the_terms_say(bot: Bot) -> None:
    placed_with_guarantee(bot, note="replacement within 60 days")
    bot.command("U0SAM", "falloff P-1 left")
    assert bot.said_to("U0SAM").startswith("Only Dana Importer or Erin Exporter can report")
    bot.command("U0ERIN", "falloff P-1")
    assert bot.said_to("U0ERIN") == "Say why, e.g. falloff P-1 left in week 2."

    bot.command("U0ERIN", "falloff P-1 left in week 2 <for> a counter-offer")

    assert bot.said_to("U0ERIN") == (
        "Recorded: P-1 fell off inside the guarantee. F-3: @Dana Importer owes search for a "
        "replacement for Jane Doe (P-1 guarantee) by Fri 20 Nov, 10:00 AM EST."
    )
    notice, card = bot.slack.dms_to("U0DANA")[-2:]
    assert notice.text.endswith(
        "fell off: “left in week 2 &lt;for&gt; a counter-offer”. Inside the guarantee: You owe "
        "*search for a replacement for Jane Doe (P-1 guarantee)* by Fri 20 Nov, 3:00 PM GMT (F-3)."
    )
    assert card.buttons == ["Settled", "Snooze 1 day"]
    # No guarantee note comes for a placement that fell off.
    assert notes(bot.sweep(datetime(2027, 2, 15, 15, 0, tzinfo=UTC))) == []
    bot.command("U0DANA", "falloff P-1 again")
    assert bot.said_to("U0DANA") == "P-1 is already reported as fallen off."


def test_both_partners_hear_once_a_week_before_the_guarantee_ends(bot: Bot) -> None:
    placed_with_guarantee(bot)  # starts Mon 23 Nov 2026: 90 days end Sun 21 Feb 2027
    assert notes(bot.sweep(datetime(2027, 2, 13, 15, 0, tzinfo=UTC))) == []
    # Not before 09:00 in London (the importer's time), then once.
    assert notes(bot.sweep(datetime(2027, 2, 14, 8, 0, tzinfo=UTC))) == []
    assert notes(bot.sweep(datetime(2027, 2, 14, 9, 30, tzinfo=UTC))) == [
        "guarantee note for P-1 (ends 2027-02-21)"
    ]
    assert notes(bot.sweep(datetime(2027, 2, 15, 9, 30, tzinfo=UTC))) == []
    for user in ("U0DANA", "U0ERIN"):
        [note] = [m.text for m in bot.slack.dms_to(user) if m.text.startswith("A week to go")]
        assert bot.seen(note) == (
            "A week to go: the guarantee of P-1 · Jane Doe for JO-1 Java Developer · starts "
            "Mon 23 Nov 2026 · fee $25,000 ends Sun 21 Feb 2027. If the placement is at risk, "
            "talk now; a fall-off is reported with falloff P-1 <reason>."
        )


def test_a_fall_off_after_the_guarantee_owes_nothing(bot: Bot) -> None:
    placed_with_guarantee(bot)
    bot.travel(datetime(2027, 3, 1, 15, 0, tzinfo=UTC))
    bot.command("U0DANA", "falloff P-1 moved abroad")
    assert bot.said_to("U0DANA") == (
        "Recorded: P-1 fell off, outside the guarantee. Both of you know."
    )
    assert bot.slack.dms_to("U0ERIN")[-1].text.endswith(
        "fell off: “moved abroad”. It is outside the guarantee; nothing is owed."
    )


def test_a_duplicate_submittal_learns_who_owns_the_candidate(bot: Bot) -> None:
    bot.command("U0DANA", "job Java Developer client Acme")
    bot.command("U0DANA", "job Go Developer client acme")
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")

    bot.command("U0SAM", "submit @dana jane doe for JO-2")

    assert bot.said_to("U0SAM").splitlines()[1] == (
        "Heads-up on ownership: Jane Doe was submitted to acme first by @Erin Exporter (to "
        "@Dana Importer for JO-1) on Wed 18 Nov, 7:00 AM. The first documented submittal owns "
        "the candidate, so your submittal of jane doe comes second."
    )
    assert bot.seen(bot.slack.dms_to("U0DANA")[-1].text) == (
        "Heads-up on ownership: Jane Doe was submitted to acme first by @Erin Exporter (to you "
        "for JO-1) on Wed 18 Nov, 3:00 PM. The first documented submittal owns the candidate, "
        "so @Sam Sourcer's submittal of jane doe comes second."
    )


def test_the_home_tab_shows_open_deals_by_stage_and_the_deal_clocks(bot: Bot) -> None:
    bot.command("U0DANA", "job Java Developer client Acme split 50/50 fee 25%")
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")
    bot.command("U0ERIN", "submit @dana John Roe for JO-1")
    bot.click("U0ERIN", "Accept terms", where="dm")
    bot.command("U0ERIN", "submit @dana Ann Lee for JO-1")
    bot.command("U0DANA", "interview F-2 tue 2pm")
    bot.command("U0DANA", "feedback F-2 strong")
    bot.command("U0ERIN", "accepted F-2")
    bot.command("U0DANA", "placed F-2 start 2027-01-04 fee $25,000")

    bot.driver.open_home("U0ERIN")
    bot.settle()
    home = bot.slack.home_of("U0ERIN")
    assert home is not None
    shown = bot.seen(home.visible_text)
    assert (
        "Open deals (3)\nPlaced\n• Jane Doe for JO-1 Java Developer · with @Dana Importer · P-1\n"
        "Submitted\n• Ann Lee for JO-1 Java Developer · with @Dana Importer\n"
        "• John Roe for JO-1 Java Developer · with @Dana Importer"
    ) in shown

    bot.command("U0ERIN", "stats @dana")
    assert bot.said_to("U0ERIN").endswith(
        "Deals: interview feedback on time 1 of 1, placements reported on time 1 of 1."
    )
