"""Resolving, hearing back, snoozing, cancelling and lapsing follow-ups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.errors import AlreadyClosed, InvalidInput, NotAllowed, UnknownRef
from bot.ledger import (
    cancel,
    get_follow_up,
    heard,
    lapse,
    owed_between,
    record_conversation,
    record_submission,
    resolve,
    snooze,
)
from bot.models import Activity, ConversationKind, FollowUpKind, FollowUpState, Resolution
from tests.ledger_book import LedgerBook


def submit(book: LedgerBook, candidate: str = "Jane Doe") -> int:
    recorded = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate=candidate
    )
    return recorded.follow_up.id


def test_the_importer_asks_for_more_info_then_passes_with_a_reason(book: LedgerBook) -> None:
    ref = submit(book)

    with pytest.raises(InvalidInput, match="Say what you need to know"):
        book.run(resolve, ref=f"F-{ref}", actor_id="U0DANA", resolution="need_more_info")
    asked = book.run(
        resolve,
        ref=f"F-{ref}",
        actor_id="U0DANA",
        resolution="need_more_info",
        note="What is her notice period?",
    )
    assert asked.follow_up.resolution is Resolution.NEED_MORE_INFO
    [get_info] = asked.opened
    assert (get_info.kind, get_info.debtor.name, get_info.creditor.name) == (
        FollowUpKind.GET_INFO,
        "Erin Exporter",
        "Dana Importer",
    )
    assert get_info.detail == "What is her notice period?"

    book.clock.advance(timedelta(hours=3))
    supplied = book.run(resolve, ref=get_info.id, actor_id="U0ERIN", resolution=Resolution.DONE)
    [respond_again] = supplied.opened
    assert (respond_again.kind, respond_again.debtor.name) == (
        FollowUpKind.RESPOND,
        "Dana Importer",
    )

    passed = book.run(
        resolve,
        ref=respond_again.id,
        actor_id="U0DANA",
        resolution=Resolution.PASSED,
        note="salary   expectations too high",
    )
    assert passed.opened == []
    submission = book.follow_up(respond_again.id).submission
    assert submission is not None
    assert (submission.outcome, submission.outcome_reason) == (
        Resolution.PASSED,
        "salary expectations too high",
    )


def test_interested_is_recorded_on_the_submission(book: LedgerBook) -> None:
    ref = submit(book)
    book.run(resolve, ref=ref, actor_id="U0DANA", resolution=Resolution.INTERESTED)
    follow_up = book.follow_up(ref)
    assert follow_up.state is FollowUpState.DONE
    assert follow_up.resolved_at == book.clock.now()
    assert follow_up.next_nudge_at is None
    assert follow_up.submission is not None
    assert follow_up.submission.outcome is Resolution.INTERESTED


@pytest.mark.parametrize(
    ("actor", "resolution", "note", "error", "message"),
    [
        ("U0SAM", Resolution.DONE, None, NotAllowed, "Only Dana Importer or Erin Exporter"),
        ("U0ERIN", Resolution.INTERESTED, None, NotAllowed, "Only Dana Importer can answer"),
        ("U0ALEX", Resolution.PASSED, "no", NotAllowed, "Only Dana Importer can answer"),
        ("U0DANA", Resolution.HEARD, None, NotAllowed, "Only Erin Exporter can say"),
        ("U0DANA", Resolution.PASSED, "  ", InvalidInput, "Say why you pass"),
        ("U0DANA", Resolution.CANCELLED, None, InvalidInput, "Use cancel"),
    ],
)
def test_refused_resolutions_change_nothing(
    book: LedgerBook,
    actor: str,
    resolution: Resolution,
    note: str | None,
    error: type[Exception],
    message: str,
) -> None:
    ref = submit(book)
    before = book.row_counts()
    with pytest.raises(error, match=message):
        book.run(resolve, ref=ref, actor_id=actor, resolution=resolution, note=note)
    assert book.follow_up(ref).state is FollowUpState.OPEN
    assert book.row_counts() == before


def test_answers_only_fit_submissions(book: LedgerBook) -> None:
    call = book.run(
        record_conversation, caller_id="U0ERIN", partner_id="U0DANA", kind=ConversationKind.CALL
    ).follow_up
    assert call is not None
    with pytest.raises(InvalidInput, match="mark it done instead"):
        book.run(resolve, ref=call.id, actor_id="U0DANA", resolution=Resolution.INTERESTED)
    book.run(resolve, ref=call.id, actor_id="U0DANA", resolution=Resolution.CALLED_BACK)
    assert book.follow_up(call.id).resolution is Resolution.CALLED_BACK


def test_a_second_resolve_is_refused(book: LedgerBook) -> None:
    ref = submit(book)
    book.run(resolve, ref=ref, actor_id="U0DANA", resolution=Resolution.INTERESTED)
    already = rf"F-{ref} is already done: you answered Interested a moment ago\."
    with pytest.raises(AlreadyClosed, match=already):
        book.run(resolve, ref=ref, actor_id="U0DANA", resolution=Resolution.PASSED, note="x")


def test_unknown_and_foreign_refs_are_refused(book: LedgerBook) -> None:
    ref = submit(book)
    with pytest.raises(UnknownRef, match="There is no F-999"):
        book.run(resolve, ref="F-999", actor_id="U0DANA", resolution=Resolution.DONE)
    with pytest.raises(InvalidInput, match="refs look like F-7"):
        book.run(resolve, ref="yesterday", actor_id="U0DANA", resolution=Resolution.DONE)
    book.team_id = "T0OTHER"
    with pytest.raises(UnknownRef, match=f"There is no F-{ref} in this workspace"):
        book.run(get_follow_up, ref=ref)


def test_heard_resolves_what_the_partner_owes_me(book: LedgerBook) -> None:
    first, second = submit(book, "Jane"), submit(book, "John")
    owed = book.run(owed_between, debtor_id="U0DANA", creditor_id="U0ERIN")
    assert [f.id for f in owed] == [first, second]
    resolved = book.run(
        lambda scope: heard(
            scope,
            actor_id="U0ERIN",
            follow_ups=owed_between(scope, debtor_id="U0DANA", creditor_id="U0ERIN"),
        )
    )
    assert sorted(f.id for f in resolved) == [first, second]
    assert {book.follow_up(ref).resolution for ref in (first, second)} == {Resolution.HEARD}
    with pytest.raises(InvalidInput, match="owes you nothing open"):
        book.run(owed_between, debtor_id="U0DANA", creditor_id="U0ERIN")


def test_only_the_creditor_hears_back(book: LedgerBook) -> None:
    submit(book, "Jane")
    with pytest.raises(NotAllowed, match="Only Erin Exporter can say they heard back"):
        book.run(
            lambda scope: heard(
                scope,
                actor_id="U0DANA",
                follow_ups=owed_between(scope, debtor_id="U0DANA", creditor_id="U0ERIN"),
            )
        )


def test_snooze_moves_the_due_time_in_the_debtors_business_time(book: LedgerBook) -> None:
    ref = submit(book)  # due Fri 20 Nov 15:00 London (2 business days)
    snoozed = book.run(snooze, ref=ref, actor_id="U0DANA", window="by mon")
    # End of Monday's working day in London.
    assert snoozed.due_at == datetime(2026, 11, 23, 17, 30, tzinfo=UTC)
    assert book.follow_up(ref).next_nudge_at == snoozed.due_at
    assert book.follow_up(ref).state is FollowUpState.OPEN
    with pytest.raises(NotAllowed):
        book.run(snooze, ref=ref, actor_id="U0SAM", window="1d")


def test_an_admin_may_cancel_and_the_log_keeps_every_step(book: LedgerBook) -> None:
    ref = submit(book)
    book.run(cancel, ref=ref, actor_id="U0ALEX", reason="duplicate entry")
    follow_up = book.follow_up(ref)
    assert (follow_up.state, follow_up.resolution_note) == (
        FollowUpState.CANCELLED,
        "duplicate entry",
    )
    with book.factory() as session:
        actions = session.scalars(
            select(Activity.action).where(Activity.follow_up_id == ref).order_by(Activity.id)
        ).all()
    assert actions == ["opened", "cancelled"]


def test_lapse_closes_without_an_actor(book: LedgerBook) -> None:
    ref = submit(book)
    book.run(lambda scope: lapse(scope, get_follow_up(scope, ref)))
    follow_up = book.follow_up(ref)
    assert (follow_up.state, follow_up.resolution, follow_up.resolved_by_id) == (
        FollowUpState.LAPSED,
        Resolution.LAPSED,
        None,
    )


def test_the_activity_log_is_append_only(book: LedgerBook) -> None:
    submit(book)
    with book.factory() as session:
        entry = session.scalars(select(Activity)).first()
        assert entry is not None
        entry.action = "rewritten"
        with pytest.raises(RuntimeError, match="append-only"):
            session.flush()
        session.rollback()
        session.delete(entry)
        with pytest.raises(RuntimeError, match="append-only"):
            session.flush()


def test_snooze_adds_time_from_the_due_time_while_it_is_still_ahead(book: LedgerBook) -> None:
    ref = submit(book)  # due Fri 20 Nov 15:00 London
    snoozed = book.run(snooze, ref=ref, actor_id="U0DANA", window="1d")
    assert snoozed.due_at == datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # a day more: Monday
    book.clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))  # Wed, two days overdue
    later = book.run(snooze, ref=ref, actor_id="U0DANA", window="4h")
    assert later.due_at == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # from now, not the due


def test_a_snooze_to_an_earlier_time_is_refused(book: LedgerBook) -> None:
    ref = submit(book)  # due Fri 20 Nov 15:00 London
    with pytest.raises(InvalidInput, match="already due later than that"):
        book.run(snooze, ref=ref, actor_id="U0DANA", window="tomorrow")
    assert book.follow_up(ref).due_at == datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
