"""Submissions: the importer owes an answer, and the partnership rules apply."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import InvalidInput, UnknownMember, UnknownRef
from bot.ledger import (
    OwedBy,
    record_conversation,
    record_job_order,
    record_submission,
)
from bot.models import ConversationKind, FollowUpKind, FollowUpState, Resolution
from bot.windows import WindowError
from tests.ledger_book import LedgerBook


def post_java_job(book: LedgerBook) -> str:
    job = book.run(record_job_order, importer_id="U0DANA", title="Senior Java Developer")
    return job.ref


def test_submission_makes_the_importer_owe_a_response_in_their_business_time(
    book: LedgerBook,
) -> None:
    job = post_java_job(book)

    recorded = book.run(
        record_submission,
        exporter_id="U0ERIN",
        importer_id="U0DANA",
        candidate="  Jane   Doe ",
        job=job,
        window="4h",
    )

    follow_up = book.follow_up(recorded.follow_up.id)
    assert follow_up.debtor.name == "Dana Importer"
    assert follow_up.creditor.name == "Erin Exporter"
    assert follow_up.kind is FollowUpKind.RESPOND
    assert follow_up.what == f"answer about Jane Doe for {job} Senior Java Developer"
    assert follow_up.state is FollowUpState.OPEN
    # Wednesday 15:00 in London: 2h30 left today, 1h30 on Thursday from 09:00.
    assert follow_up.due_at == datetime(2026, 11, 19, 10, 30, tzinfo=UTC)
    assert follow_up.next_nudge_at == follow_up.due_at
    assert follow_up.window == "4h"


def test_default_window_applies_when_none_is_agreed(book: LedgerBook) -> None:
    recorded = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane Doe"
    )
    assert recorded.follow_up.window == "2d"
    assert recorded.follow_up.due_at == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def test_qualify_first_tip_until_the_job_was_discussed(book: LedgerBook) -> None:
    job = post_java_job(book)
    first = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="A B", job=job
    )
    assert first.tip is not None
    assert "qualify the job first" in first.tip

    book.run(
        record_conversation,
        caller_id="U0DANA",
        partner_id="U0ERIN",
        kind=ConversationKind.CALL,
        job=job,
        owed_by=OwedBy.NOBODY,
    )
    second = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="C D", job=job
    )
    assert second.tip is None


def test_submitting_keeps_the_promise_to_send_candidates_for_that_job_only(
    book: LedgerBook,
) -> None:
    java, other = post_java_job(book), post_java_job(book)
    promises = [
        book.run(
            record_conversation,
            caller_id="U0ERIN",
            partner_id="U0DANA",
            kind=ConversationKind.CALL,
            job=ref,
            owed_by=OwedBy.CALLER,
            promise=FollowUpKind.SEND_CANDIDATES,
            note="qualified the Java role; I'll send 2 candidates by Thu",
        ).follow_up
        for ref in (java, other)
    ]

    recorded = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane", job=java
    )

    assert [f.id for f in recorded.fulfilled] == [promises[0].id]  # type: ignore[union-attr]
    kept = book.follow_up(promises[0].id)  # type: ignore[union-attr]
    assert (kept.state, kept.resolution, kept.resolution_note) == (
        FollowUpState.DONE,
        Resolution.DONE,
        "submitted Jane",
    )
    assert book.follow_up(promises[1].id).state is FollowUpState.OPEN  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"candidate": "   "}, InvalidInput, "Give the candidate's name"),
        ({"candidate": "x" * 201}, InvalidInput, "under 200 characters"),
        ({"importer_id": "U0ERIN"}, InvalidInput, "can't submit a candidate to yourself"),
        ({"importer_id": "U0NOBODY"}, UnknownMember, "mention them with @name"),
        ({"job": "JO-999"}, UnknownRef, "There is no JO-999"),
        ({"job": "java"}, InvalidInput, "refs look like JO-12"),
        ({"window": "whenever"}, WindowError, "Try 4h"),
    ],
)
def test_bad_submissions_are_refused_and_write_nothing(
    book: LedgerBook, changes: dict[str, str], error: type[Exception], message: str
) -> None:
    before = book.row_counts()
    request = {"exporter_id": "U0ERIN", "importer_id": "U0DANA", "candidate": "Jane Doe"}
    with pytest.raises(error, match=message) as raised:
        book.run(record_submission, **{**request, **changes})
    assert "\n" not in str(raised.value)
    assert book.row_counts() == before


def test_a_job_order_belongs_to_its_importer(book: LedgerBook) -> None:
    job = post_java_job(book)
    with pytest.raises(InvalidInput, match="is Dana Importer's job order, not Sam Sourcer's"):
        book.run(
            record_submission, exporter_id="U0ERIN", importer_id="U0SAM", candidate="J", job=job
        )


def test_job_orders_validate_title_and_fee(book: LedgerBook) -> None:
    job = book.run(
        record_job_order,
        importer_id="U0DANA",
        title="ICU Nurse",
        client="St Mary's",
        fee_percent=22.5,
    )
    assert (job.ref, job.title, job.client, job.fee_percent) == (
        f"JO-{job.id}",
        "ICU Nurse",
        "St Mary's",
        22.5,
    )
    with pytest.raises(InvalidInput, match="between 0 and 100"):
        book.run(record_job_order, importer_id="U0DANA", title="X", fee_percent=150)
    with pytest.raises(InvalidInput, match="Give the job title"):
        book.run(record_job_order, importer_id="U0DANA", title="")
