"""The job board, as importers post, close and fill job orders and exporters find them."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.models import (
    FollowUp,
    FollowUpState,
    JobOrder,
    JobOrderStatus,
    MessageState,
    OutboxMessage,
)
from handlers.ids import JOB_PICK
from sandbox import Channel, Seed, default_seed
from tests.conftest import START
from tests.e2e.harness import Bot

EVERYONE = ("U0ERIN", "U0DANA", "U0SAM", "U0ALEX")


@pytest.fixture
def slack_seed() -> Seed:
    """The default workspace plus #jobs, which Followthrough has not been invited to."""
    seed = default_seed()
    acme, other = seed.teams
    jobs = Channel("C0JOBS", "jobs", EVERYONE)
    return dataclasses.replace(
        seed, teams=(dataclasses.replace(acme, channels=(*acme.channels, jobs)), other)
    )


def job_order(bot: Bot, ref: int = 1) -> JobOrder:
    with bot.session() as session:
        job = session.get(JobOrder, ref)
        assert job is not None
        return job


def test_each_field_lands_where_it_belongs_and_the_split_is_spelled_out(bot: Bot) -> None:
    bot.command("U0DANA", "job Quant Analyst client HSBC location London fee 30 split 50/50")
    assert bot.said_to("U0DANA") == (
        "Posted JO-1 Quant Analyst (HSBC · London · 30% fee · split 50/50: 50% to you, 50% to "
        "the candidate's recruiter). Partners submit with for JO-1. Each exporter accepts these "
        "terms before their first submittal."
    )
    bot.command("U0DANA", "job Quant Analyst client HSBC London fee 30 split 60/40")
    assert "split 60/40: 60% to you, 40% to the candidate's recruiter" in bot.said_to("U0DANA")
    first, second = job_order(bot, 1), job_order(bot, 2)
    assert (first.client, first.location, first.fee_percent, first.split) == (
        "HSBC",
        "London",
        30,
        "50/50",
    )
    # A place written without `location` is the user's words for the client: never guessed.
    assert (second.client, second.location, second.split_importer) == ("HSBC London", None, 60)


def test_a_wrong_split_or_fee_is_refused_with_the_fix(bot: Bot) -> None:
    bot.command("U0DANA", "job Quant Analyst split 60/30")
    assert bot.said_to("U0DANA") == (
        "Write the split as whole percentages that add up to 100, yours first, e.g. split 60/40."
    )
    bot.command("U0DANA", "job Quant Analyst fee 0%")
    assert bot.said_to("U0DANA") == "Write the fee as a percentage up to 100, e.g. fee 25%."
    with bot.session() as session:
        assert session.scalars(select(JobOrder)).all() == []


def test_job_without_a_title_opens_the_form_with_every_field(bot: Bot) -> None:
    bot.command("U0DANA", "job")
    [form] = bot.slack.views_open_for("U0DANA")
    assert form.title == "Post a job order"
    assert form.visible_text.splitlines() == [
        "Job title",
        "Client",
        "Location",
        "Fee %",
        "Split: your share / the candidate's recruiter's",
        "Guarantee (days)",
        "Terms note",
    ]
    fields = {"title": {"value": "ICU Nurse"}, "location": {"value": "Leeds"}}
    refused = bot.submit("U0DANA", {**fields, "split": {"value": "70/20"}})
    assert refused.json()["errors"] == {
        "split": "Whole percentages that add up to 100, yours first, e.g. 60/40."
    }
    terms = {"fee": {"value": "20"}, "split": {"value": "70/30"}}
    refused = bot.submit("U0DANA", {**fields, **terms, "guarantee": {"value": "3 months"}})
    assert refused.json()["errors"] == {"guarantee": "Write the guarantee in days, e.g. 90."}
    terms["guarantee"] = {"value": "90"}
    bot.submit("U0DANA", {**fields, **terms, "terms_note": {"value": "refund <if> & when"}})
    assert bot.said_to("U0DANA").startswith(
        "Posted JO-1 ICU Nurse (Leeds · 20% fee · 90-day guarantee · split 70/30: 70% to you"
    )
    assert "Terms note: “refund <if> & when”." in bot.said_to("U0DANA")


def test_the_board_lists_open_jobs_newest_first_only_to_who_asked(bot: Bot) -> None:
    bot.command("U0ERIN", "jobs")
    assert bot.said_to("U0ERIN") == (
        "No open job orders yet. Post one with "
        "/followthrough job Senior Java Developer client Acme fee 25%."
    )
    bot.command("U0DANA", "job ICU Nurse client St Mary's <3 location London fee 20% split 60/40")
    bot.travel(START + timedelta(days=3))
    bot.command("U0SAM", "job Java Developer client HSBC")
    bot.command("U0DANA", "profile specializations Healthcare")

    bot.command("U0ERIN", "jobs")

    assert bot.said_to("U0ERIN") == (
        "Open job orders (2), newest first\n"
        "JO-2 Java Developer\nHSBC\n@Sam Sourcer · posted just now\nSubmit a candidate\n"
        "JO-1 ICU Nurse\nSt Mary's <3 · London · 20% fee · split 60/40\n"
        "@Dana Importer · posted 3d ago\nSubmit a candidate"
    )
    assert "Open job orders" not in "\n".join(e.text for e in bot.slack.ephemerals_to("U0DANA"))
    assert bot.slack.messages_in("C0SPLITS") == []
    bot.command("U0ERIN", "jobs JAVA")
    assert bot.said_to("U0ERIN").startswith(
        "Open job orders matching “JAVA” (1), newest first\nJO-2"
    )
    bot.command("U0ERIN", "jobs healthcare")  # the importer's specializations
    assert "JO-1 ICU Nurse" in bot.said_to("U0ERIN")
    bot.command("U0ERIN", "jobs python")
    assert bot.said_to("U0ERIN") == (
        "No open job orders matching “python”; /followthrough jobs lists them all."
    )


def test_a_long_board_comes_a_page_at_a_time(bot: Bot) -> None:
    for n in range(25):
        bot.command("U0DANA", f"job Role {n:02d}")
    bot.command("U0ERIN", "jobs")
    first = bot.slack.ephemerals_to("U0ERIN")[-1]
    assert len(first.blocks or []) <= 50
    shown = bot.seen(first.visible_text)
    assert "JO-25 Role 24" in shown
    assert "JO-6 Role 05" in shown
    assert "JO-5 Role 04" not in shown
    assert shown.endswith("…and 5 more — jobs 2 for the next page")
    bot.command("U0ERIN", "jobs 2")
    assert bot.said_to("U0ERIN").count("Submit a candidate") == 5
    assert "more" not in bot.said_to("U0ERIN")
    bot.command("U0ERIN", "jobs 3")
    assert bot.said_to("U0ERIN") == "Nothing more: 25 open job orders in all."


def test_submit_from_the_board_opens_the_form_with_the_job_chosen(bot: Bot) -> None:
    bot.command("U0DANA", "job Quant Analyst client HSBC")
    bot.command("U0ERIN", "jobs")
    bot.click("U0ERIN", "Submit a candidate", where="ephemeral")

    [form] = bot.slack.views_open_for("U0ERIN")
    assert form.title == "Submit a candidate"
    importer, _candidate, job = form.blocks[:3]
    assert importer["element"]["initial_user"] == "U0DANA"
    assert job["element"]["initial_option"]["text"]["text"] == "JO-1 Quant Analyst · HSBC"
    bot.submit("U0ERIN", {"candidate": {"value": "Jane Doe"}})
    assert "Submitted Jane Doe to @Dana Importer for JO-1 Quant Analyst" in bot.said_to("U0ERIN")


def test_the_submit_form_searches_open_jobs_and_keeps_the_input_on_a_wrong_pick(
    bot: Bot,
) -> None:
    bot.command("U0DANA", "job Quant Analyst client HSBC")
    bot.command("U0SAM", "job Java Developer")
    bot.command("U0ERIN", "submit")

    def menu(typed: str = "") -> list[str]:
        return [option["text"]["text"] for option in bot.driver.suggest("U0ERIN", JOB_PICK, typed)]

    assert menu() == ["JO-2 Java Developer", "JO-1 Quant Analyst · HSBC"]
    assert menu("quant") == ["JO-1 Quant Analyst · HSBC"]
    assert menu("jo-2") == ["JO-2 Java Developer"]
    bot.driver.enter("U0ERIN", {"partner": {"value": "U0DANA"}})
    assert menu("a") == ["JO-1 Quant Analyst · HSBC"]  # only the chosen importer's

    bot.driver.enter("U0ERIN", {"job": {JOB_PICK: "JO-1"}, "partner": {"value": "U0SAM"}})
    refused = bot.submit("U0ERIN", {"candidate": {"value": "Jane"}})
    assert refused.json() == {
        "response_action": "errors",
        "errors": {"job": "JO-1 is Dana Importer's job order; choose it with its importer."},
    }
    [form] = bot.slack.views_open_for("U0ERIN")
    assert form.state_values["candidate"]["value"]["value"] == "Jane"

    assert menu("java") == ["JO-2 Java Developer"]
    bot.driver.enter("U0ERIN", {"job": {JOB_PICK: "JO-2"}})
    bot.command("U0SAM", "job filled JO-2")  # meanwhile
    refused = bot.submit("U0ERIN", {})
    assert refused.json()["errors"] == {
        "job": "JO-2 Java Developer was filled by Sam Sourcer a moment ago; "
        "choose an open job order."
    }
    with bot.session() as session:
        assert session.scalars(select(FollowUp)).all() == []

    bot.driver.enter("U0ERIN", {"partner": {"value": "U0DANA"}})
    assert menu() == ["JO-1 Quant Analyst · HSBC"]
    bot.submit("U0ERIN", {"job": {JOB_PICK: "JO-1"}})
    assert "Submitted Jane to @Dana Importer for JO-1 Quant Analyst" in bot.said_to("U0ERIN")


def test_submit_names_the_job_by_its_title_or_asks_which(bot: Bot) -> None:
    bot.command("U0DANA", "job Java Developer client HSBC")
    bot.command("U0DANA", "job Java Lead")
    bot.command("U0ERIN", "submit @dana Jane Doe for the Java role")
    assert bot.said_to("U0ERIN") == (
        "Which job? for JO-1 Java Developer (HSBC) or for JO-2 Java Lead — or leave out for …."
    )
    with bot.session() as session:
        assert session.scalars(select(FollowUp)).all() == []

    bot.command("U0ERIN", "submit @dana Jane Doe within 2d for java developer")
    assert bot.said_to("U0ERIN").startswith(
        "Submitted Jane Doe to @Dana Importer for JO-1 Java Developer."
    )
    bot.command("U0ERIN", "submit @dana John Roe for Java Lead by fri 5pm ex-Google")
    assert bot.said_to("U0ERIN").startswith(
        "Submitted John Roe to @Dana Importer for JO-2 Java Lead"
    )
    with bot.session() as session:
        follow_ups = session.scalars(select(FollowUp).order_by(FollowUp.id)).all()
        assert [f.submission.candidate for f in follow_ups if f.submission] == [
            "Jane Doe",
            "John Roe",
        ]
        assert [f.window for f in follow_ups] == ["2d", "by fri 5pm"]
        assert follow_ups[1].submission
        assert follow_ups[1].submission.note == "ex-Google"


def test_closing_takes_the_job_off_the_board_and_leaves_answers_owed(bot: Bot) -> None:
    bot.command("U0DANA", "job Quant Analyst client HSBC")
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")
    bot.command("U0SAM", "submit @dana Ann Lee for JO-1")

    bot.command("U0ERIN", "job filled JO-1")
    assert bot.said_to("U0ERIN") == (
        "JO-1 is Dana Importer's job order: only they or a workspace admin can close it."
    )
    bot.command("U0DANA", "job filled JO-1")
    assert bot.said_to("U0DANA") == (
        "Marked JO-1 Quant Analyst filled; it's off the jobs board.\n"
        "2 submissions still await an answer: F-1, F-2."
    )
    bot.command("U0ALEX", "job close JO-1 duplicate")
    assert bot.said_to("U0ALEX") == "JO-1 was already filled by Dana Importer a moment ago."
    bot.command("U0ERIN", "jobs")
    assert bot.said_to("U0ERIN").startswith("No open job orders yet.")
    bot.command("U0ERIN", "submit @dana Bo Chen for JO-1")
    assert bot.said_to("U0ERIN") == (
        "JO-1 Quant Analyst was filled by Dana Importer a moment ago; "
        "submit without for …, or pick an open one from jobs."
    )
    with bot.session() as session:
        states = session.scalars(select(FollowUp.state)).all()
        job = session.get(JobOrder, 1)
        assert states == [FollowUpState.OPEN, FollowUpState.OPEN]
        assert job is not None
        assert job.status is JobOrderStatus.FILLED
        assert job.closed_at == START
        assert job.closed_by_id is not None


def test_an_admin_announces_new_jobs_in_a_channel_updated_in_place(bot: Bot) -> None:
    bot.command("U0DANA", "settings jobs-channel #splits")
    assert bot.said_to("U0DANA") == "Only a workspace admin can choose the job channel."
    bot.command("U0ALEX", "settings jobs-channel #splits")
    assert bot.said_to("U0ALEX") == "Saved. New job orders will be announced in <#C0SPLITS>."
    bot.command("U0ALEX", "settings")
    assert "New job orders are announced in <#C0SPLITS>." in bot.said_to("U0ALEX")

    bot.command("U0DANA", "job Quant Analyst client HSBC split 60/40")
    assert bot.said_to("U0DANA").endswith("Announced in <#C0SPLITS>.")
    [card] = bot.slack.messages_in("C0SPLITS")
    assert bot.seen(card.visible_text) == (
        "JO-1 Quant Analyst\nHSBC · split 60/40\n@Dana Importer\nSubmit a candidate"
    )
    bot.click("U0SAM", "Submit a candidate", where="C0SPLITS")
    [form] = bot.slack.views_open_for("U0SAM")
    assert form.blocks[2]["element"]["initial_option"]["value"] == "JO-1"
    bot.driver.close_view("U0SAM")

    bot.command("U0DANA", "job close JO-1 client hired internally")
    assert bot.said_to("U0DANA") == (
        "Closed JO-1 Quant Analyst (client hired internally); it's off the jobs board."
    )
    [card] = bot.slack.messages_in("C0SPLITS")
    assert card.edited is not None
    assert bot.seen(card.visible_text) == (
        "JO-1 Quant Analyst\nHSBC · split 60/40\n@Dana Importer\n"
        "⛔ Closed by @Dana Importer: client hired internally"
    )

    bot.command("U0ALEX", "settings jobs-channel off")
    assert bot.said_to("U0ALEX") == "Saved. New job orders are no longer announced in a channel."
    bot.command("U0DANA", "job ICU Nurse")
    assert len(bot.slack.messages_in("C0SPLITS")) == 1


def test_a_channel_without_the_bot_is_named_at_setup(bot: Bot) -> None:
    bot.command("U0ALEX", "settings jobs-channel #jobs")
    assert bot.said_to("U0ALEX") == (
        "Saved. New job orders will be announced in <#C0JOBS>. Followthrough isn't in that "
        "channel yet: type /invite @Followthrough there, or the announcements can't be posted."
    )
    bot.command("U0DANA", "job Quant Analyst")
    with bot.session() as session:
        [announcement] = session.scalars(
            select(OutboxMessage).where(OutboxMessage.channel == "C0JOBS")
        ).all()
        assert (announcement.state, announcement.error) == (MessageState.FAILED, "not_in_channel")
    bot.command("U0ALEX", "settings jobs-channel jobs")
    assert bot.said_to("U0ALEX").startswith("I couldn't tell which channel “jobs” is")


def test_a_stale_submit_button_says_the_job_is_gone(bot: Bot) -> None:
    bot.command("U0DANA", "job Quant Analyst")
    bot.command("U0ERIN", "jobs")
    bot.command("U0DANA", "job filled JO-1")
    bot.click("U0ERIN", "Submit a candidate", where="ephemeral")
    assert bot.slack.views_open_for("U0ERIN") == []
    assert bot.said_to("U0ERIN") == (
        "JO-1 Quant Analyst was filled by Dana Importer a moment ago; "
        "/followthrough jobs shows the open ones."
    )
