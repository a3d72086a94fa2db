"""Conversations: whoever owes the next move gets a follow-up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ledger import OwedBy, record_conversation, record_job_order
from bot.models import ConversationKind, FollowUpKind
from tests.ledger_book import LedgerBook


@pytest.mark.parametrize(
    ("kind", "owed", "what"),
    [
        (ConversationKind.CALL, FollowUpKind.CALL_BACK, "call back"),
        (ConversationKind.EMAIL, FollowUpKind.EMAIL_BACK, "email back"),
        (ConversationKind.TALK, FollowUpKind.GET_BACK, "get back"),
    ],
)
def test_the_partner_owes_a_reply_by_default(
    book: LedgerBook, kind: ConversationKind, owed: FollowUpKind, what: str
) -> None:
    recorded = book.run(
        record_conversation,
        caller_id="U0ERIN",
        partner_id="U0DANA",
        kind=kind,
        window="1d",
        note="left a voicemail",
    )
    assert recorded.conversation.note == "left a voicemail"
    assert recorded.follow_up is not None
    follow_up = book.follow_up(recorded.follow_up.id)
    assert (follow_up.debtor.name, follow_up.creditor.name) == ("Dana Importer", "Erin Exporter")
    assert (follow_up.kind, follow_up.what) == (owed, what)
    # One business day in London from Wednesday 15:00.
    assert follow_up.due_at == datetime(2026, 11, 19, 15, 0, tzinfo=UTC)


def test_the_caller_can_owe_the_next_move(book: LedgerBook) -> None:
    job = book.run(record_job_order, importer_id="U0DANA", title="Java Developer")
    recorded = book.run(
        record_conversation,
        caller_id="U0ERIN",
        partner_id="U0DANA",
        kind=ConversationKind.CALL,
        job=job.ref,
        owed_by=OwedBy.CALLER,
        promise=FollowUpKind.SEND_CANDIDATES,
        window="by fri 5pm",
    )
    assert recorded.follow_up is not None
    follow_up = book.follow_up(recorded.follow_up.id)
    assert follow_up.debtor.name == "Erin Exporter"
    assert follow_up.what == f"send candidates for {job.ref} Java Developer"
    # Friday 17:00 in New York is 22:00 UTC.
    assert follow_up.due_at == datetime(2026, 11, 20, 22, 0, tzinfo=UTC)


def test_a_conversation_can_leave_nothing_owed(book: LedgerBook) -> None:
    before = book.row_counts()
    recorded = book.run(
        record_conversation,
        caller_id="U0ERIN",
        partner_id="U0DANA",
        kind=ConversationKind.TALK,
        owed_by=OwedBy.NOBODY,
    )
    assert recorded.follow_up is None
    after = book.row_counts()
    assert after["conversations"] == before["conversations"] + 1
    assert after["follow_ups"] == before["follow_ups"]
