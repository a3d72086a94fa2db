"""Slack's limits are part of the design: every message and view with 200 long items fits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.ledger import (
    Scope,
    board,
    owed_by,
    owed_to,
    record_job_order,
    record_submission,
    scorecard,
)
from bot.models import FollowUp, JobOrder, Member
from handlers.grammar import Request, Verb
from handlers.render import cards, nudges
from handlers.render.jobs import board_reply, job_card, job_option
from handlers.render.ledger_views import home_view, list_reply
from handlers.render.modals import pass_modal, verb_modal
from sandbox.blocks import MESSAGE_MAX_BLOCKS, VIEW_MAX_BLOCKS, check_blocks, check_view
from tests.ledger_book import LedgerBook

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

LONG = "Senior Principal Staff Java Kotlin Scala Engineer " * 4  # near the 200-character limit


@pytest.fixture
def crowded(book: LedgerBook) -> LedgerBook:
    """200 submissions from Erin to Dana with long names and notes, and 200 the other way."""
    book.run(record_job_order, importer_id="U0DANA", title=LONG[:200], client=LONG[:200])
    for n in range(200):
        name = f"{n} {LONG}"[:200]
        book.run(
            record_submission,
            exporter_id="U0ERIN",
            importer_id="U0DANA",
            candidate=name,
            job="JO-1",
            note=("A note that runs on and on. " * 70)[:2000],
        )
        book.run(record_submission, exporter_id="U0DANA", importer_id="U0ERIN", candidate=name)
    return book


def test_every_message_and_view_stays_inside_slacks_limits(crowded: LedgerBook) -> None:
    with crowded.factory() as session:
        scope = Scope(session, "T0ACME", crowded.clock.now(), crowded.settings)
        dana = session.scalars(select(Member).filter_by(slack_user_id="U0DANA")).one()
        erin = session.scalars(select(Member).filter_by(slack_user_id="U0ERIN")).one()
        owed = session.scalars(select(FollowUp).where(FollowUp.debtor_id == dana.id)).all()
        now = crowded.clock.now() + timedelta(days=30)
        messages = {
            "list": list_reply(owed_by(scope, "U0DANA"), owed_to(scope, "U0DANA"), dana, now),
            "reminder": nudges.reminder(dana, list(owed), [1] * len(owed), 2, now),
            "lapse": nudges.lapse_notice(erin, list(owed), 2),
            "digest": nudges.digest(
                dana,
                owed_by(scope, "U0DANA"),
                owed_to(scope, "U0DANA"),
                scorecard(scope, "U0DANA"),
                now,
            ),
            "card": cards.debtor_card(owed[0], now),
            "closed card": cards.closed_card(owed[0], dana),
        }
        home = home_view(
            owed_by(scope, "U0DANA"),
            owed_to(scope, "U0DANA"),
            scorecard(scope, "U0DANA"),
            dana,
            now,
        )
    for name, (text, blocks) in messages.items():
        check_blocks(blocks, name, MESSAGE_MAX_BLOCKS)
        assert len(text) <= 3000, name
    check_view(home, kinds={"home"})
    assert len(home["blocks"]) <= VIEW_MAX_BLOCKS
    # Nothing dropped silently: each long list says how many more there are.
    assert "more" in str(messages["reminder"][1][-2:])
    lapse = str(messages["lapse"][1])
    assert all(f"*{f.ref}*" in lapse for f in owed) or "more: " in lapse
    assert "list 2" in str(messages["list"][1])
    assert "…and 180 more" in str(home["blocks"])


def test_a_board_of_long_job_orders_fits_and_says_how_many_more(book: LedgerBook) -> None:
    for n in range(60):
        book.run(
            record_job_order,
            importer_id="U0DANA",
            title=f"{n} {LONG}"[:200],
            client=LONG[:200],
            location=("<@U0ALEX> &amp; " + LONG)[:200],
            fee_percent=33.33,
            split_importer=55,
        )
    with book.factory() as session:
        scope = Scope(session, "T0ACME", book.clock.now(), book.settings)
        first, last = board(scope), board(scope, page=3)
        text, blocks = board_reply(first, "Java & <Kotlin>", scope.now)
        jobs = list(session.scalars(select(JobOrder)))
        card = job_card(jobs[0], closed_by=jobs[0].importer, note=LONG * 20)
    check_blocks(blocks, "board", MESSAGE_MAX_BLOCKS)
    check_blocks(board_reply(last, None, scope.now)[1], "last page", MESSAGE_MAX_BLOCKS)
    check_blocks(card[1], "closed job card", MESSAGE_MAX_BLOCKS)
    assert "…and 40 more — `jobs Java & <Kotlin> 2`" not in str(blocks)  # typed text escaped
    assert "…and 40 more — `jobs Java &amp; &lt;Kotlin&gt; 2` for the next page" in str(blocks)
    assert "<@U0ALEX>" not in text + str(blocks)
    options = [job_option(job) for job in jobs]
    assert all(len(option["text"]["text"]) <= 75 for option in options)
    assert options[0]["text"]["text"].startswith("JO-1 0 Senior Principal")
    assert len(options) <= 100


def test_every_form_fits_with_everything_prefilled_at_length(crowded: LedgerBook) -> None:
    long = ("x" * 2999) + "y"
    for verb in Verb:
        request = Request(
            verb,
            partner="U0DANA",
            candidate=long,
            job=long,
            window=long,
            note=long,
            ref=long,
            title=long,
            client=long,
            location=long,
            split=99,
            niche=long,
        )
        check_view(verb_modal(request, channel="C0SPLITS"), kinds={"modal"})
    with crowded.factory() as session:
        [job] = session.scalars(select(JobOrder)).all()
    check_view(verb_modal(Request(Verb.SUBMIT), channel="C0SPLITS", job=job), kinds={"modal"})
    check_view(pass_modal(7, LONG * 20, channel="D0DANA", ts="1.2"), kinds={"modal"})
