"""A deal's record: everything about a candidate or a job order, in order, for the parties."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.clock import FrozenClock
from bot.errors import NotAllowed
from bot.export import deal_team, write_deal
from bot.ledger import OwedBy, record_conversation, record_job_order, record_submission, resolve
from bot.ledger.interviews import record_interview
from bot.ledger.payments import record_payment
from bot.ledger.placements import accept_offer, place
from bot.ledger.timeline import deal_timeline
from bot.models import ConversationKind, Resolution
from tests.ledger_book import LedgerBook


def a_split(book: LedgerBook, clock: FrozenClock) -> None:
    """Terms → submit → interested → interview → feedback → accepted → placed → paid."""
    job = book.run(
        record_job_order,
        importer_id="U0DANA",
        title="Java Developer",
        split_importer=50,
        fee_percent=25,
        terms_note="refund <pro rata>",
    )
    book.run(
        record_conversation,
        caller_id="U0ERIN",
        partner_id="U0DANA",
        kind=ConversationKind.CALL,
        job=job.ref,
        note="qualified the role",
        owed_by=OwedBy.NOBODY,
    )
    step = timedelta(hours=1)
    for action in (
        lambda: book.run(
            record_submission,
            exporter_id="U0ERIN",
            importer_id="U0DANA",
            candidate="Jane Doe",
            job=job.ref,
        ),
        lambda: book.run(resolve, ref=1, actor_id="U0ERIN", resolution=Resolution.DONE),
        lambda: book.run(resolve, ref=2, actor_id="U0DANA", resolution=Resolution.INTERESTED),
        lambda: book.run(record_interview, actor_id="U0DANA", ref="F-2", when="tue 2pm"),
        lambda: book.run(
            resolve, ref=3, actor_id="U0DANA", resolution=Resolution.DONE, note="strong"
        ),
        lambda: book.run(accept_offer, actor_id="U0ERIN", ref="F-2"),
        lambda: book.run(place, actor_id="U0DANA", ref="F-2", start="2027-01-04", fee="$25k"),
        lambda: book.run(record_payment, actor_id="U0DANA", ref="P-1"),
    ):
        clock.advance(step)
        action()


def test_the_record_of_a_placement_tells_the_deal_in_order(
    book: LedgerBook, clock: FrozenClock
) -> None:
    a_split(book, clock)
    record = book.run(deal_timeline, ref="P-1", reader_id="U0ERIN")
    assert record.subject == "Jane Doe for JO-1 Java Developer"
    assert [(e.ref, e.what) for e in record.events] == [
        ("JO-1", "Dana Importer posted JO-1 Java Developer (split 50/50, 25% fee)"),
        ("JO-1", "Erin Exporter logged a call with Dana Importer: “qualified the role”"),
        ("JO-1", "Erin Exporter submitted Jane Doe to Dana Importer"),
        (
            "F-1",
            "Erin Exporter owes Dana Importer: accept the terms for JO-1 Java Developer "
            "(window 2d)",
        ),
        ("JO-1", "Erin Exporter accepted the terms: split 50/50, note “refund <pro rata>”"),
        ("F-1", "done"),
        (
            "F-2",
            "Dana Importer owes Erin Exporter: answer about Jane Doe for JO-1 Java "
            "Developer (window 2d)",
        ),
        ("F-2", "interested"),
        ("", "interview 1 set for 2026-11-24 14:00 UTC"),
        (
            "F-3",
            "Dana Importer owes Erin Exporter: feedback on Jane Doe after the interview for "
            "JO-1 Java Developer (window 1d)",
        ),
        ("F-3", "done: “strong”"),
        (
            "F-4",
            "Dana Importer owes Erin Exporter: report the placement of Jane Doe for JO-1 "
            "Java Developer (start date and fee) (window 7d)",
        ),
        ("F-4", "done: “P-1”"),
        ("P-1", "placed: starts 2027-01-04, fee $25,000"),
        (
            "F-5",
            "Dana Importer owes Erin Exporter: pay the share of the fee for Jane Doe for "
            "JO-1 Java Developer: $12,500 (window 1d)",
        ),
        ("P-1", "the client paid $25,000; share owed $12,500"),
    ]
    with pytest.raises(NotAllowed, match="Only the two partners"):
        book.run(deal_timeline, ref="F-2", reader_id="U0SAM")


def test_a_job_orders_record_shows_an_exporter_only_their_own(
    book: LedgerBook, clock: FrozenClock
) -> None:
    a_split(book, clock)
    with pytest.raises(NotAllowed, match="Only Dana Importer and the exporters"):
        book.run(deal_timeline, ref="JO-1", reader_id="U0SAM")
    book.run(
        record_submission,
        exporter_id="U0SAM",
        importer_id="U0DANA",
        candidate="Ann Lee",
        job="JO-1",
    )
    everyone = book.run(deal_timeline, ref="JO-1", reader_id="U0DANA")
    erin = book.run(deal_timeline, ref="JO-1", reader_id="U0ERIN")
    assert any("Ann Lee" in e.what for e in everyone.events)
    assert not any("Ann Lee" in e.what for e in erin.events)


def test_the_evidence_pack_is_csv_or_html_with_words_kept_inert(
    book: LedgerBook, clock: FrozenClock
) -> None:
    a_split(book, clock)
    with book.factory() as session:
        assert deal_team(session, "P-1") == "T0ACME"
        assert deal_team(session, "P-9") is None
    pages: dict[str, str] = {}
    for fmt in ("csv", "html"):
        out = io.StringIO()
        count = book.run(lambda scope, fmt=fmt, out=out: write_deal(scope, out, ref="P-1", fmt=fmt))
        assert count == 16
        pages[fmt] = out.getvalue()
    rows = list(csv.DictReader(pages["csv"].splitlines()))
    assert rows[-1] == {
        "at_utc": "2026-11-18T23:00:00+00:00",
        "ref": "P-1",
        "what": "the client paid $25,000; share owed $12,500",
    }
    assert "note “refund &lt;pro rata&gt;”" in pages["html"]
    assert "<pro rata>" not in pages["html"]
