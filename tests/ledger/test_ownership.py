"""Ownership: the first documented submittal of a candidate to a client owns them for the window."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FrozenClock
from bot.ledger import SubmissionRecorded, cancel, record_job_order, record_submission
from bot.ledger.ownership import candidate_contact, candidate_key
from bot.ledger.terms import set_deal_clock
from tests.ledger.test_races import race
from tests.ledger_book import LedgerBook


def submit(
    book: LedgerBook, exporter: str, candidate: str, job: str, note: str | None = None
) -> SubmissionRecorded:
    return book.run(
        record_submission,
        exporter_id=exporter,
        importer_id="U0DANA",
        candidate=candidate,
        job=job,
        note=note,
    )


def jobs(book: LedgerBook) -> tuple[str, str, str]:
    acme = book.run(record_job_order, importer_id="U0DANA", title="Java Dev", client="Acme")
    acme2 = book.run(record_job_order, importer_id="U0DANA", title="Go Dev", client="ACME")
    other = book.run(record_job_order, importer_id="U0DANA", title="Java Dev", client="Initech")
    return acme.ref, acme2.ref, other.ref


def test_names_and_contacts_compare_as_people_write_them() -> None:
    assert candidate_key("  José   O'Neil ") == candidate_key("jose oneil") == "jose oneil"
    assert candidate_contact("Jane Doe", "cv: Jane.Doe@Mail.com") == "jane.doe@mail.com"
    assert (
        candidate_contact("see https://www.linkedin.com/in/jane-doe-1 for more")
        == "linkedin.com/in/jane-doe-1"
    )


def test_a_second_submittal_to_the_same_client_names_the_first(book: LedgerBook) -> None:
    acme, acme2, other = jobs(book)
    first = submit(book, "U0ERIN", "Jane Doe", acme)
    assert first.first is None

    second = submit(book, "U0SAM", "jane  doe", acme2)  # another job, the same client
    assert second.first is not None
    assert second.first.id == first.submission.id
    # Another client, or the same exporter again, is not a question of ownership.
    assert submit(book, "U0SAM", "Jane Doe", other).first is None
    assert submit(book, "U0ERIN", "Jane Doe", acme2).first is None


def test_contacts_tell_two_people_of_one_name_apart(book: LedgerBook) -> None:
    acme, acme2, _other = jobs(book)
    submit(book, "U0ERIN", "Jane Doe", acme, note="jane@one.com")
    assert submit(book, "U0SAM", "Jane Doe", acme2, note="jane@two.com").first is None
    # The same email under another spelling of the name is the same person.
    assert submit(book, "U0ALEX", "J. Doe", acme2, note="JANE@one.com").first is not None


def test_ownership_ends_with_its_window(book: LedgerBook, clock: FrozenClock) -> None:
    book.run(set_deal_clock, actor_id="U0ALEX", clock="ownership_days", days=30)
    acme, acme2, _other = jobs(book)
    submit(book, "U0ERIN", "Jane Doe", acme)
    clock.advance(timedelta(days=31))
    assert submit(book, "U0SAM", "Jane Doe", acme2).first is None


def test_a_withdrawn_submittal_owns_nothing(book: LedgerBook) -> None:
    book.run(record_job_order, importer_id="U0DANA", title="Java Dev", client="Acme")
    job = book.run(
        record_job_order, importer_id="U0DANA", title="Go Dev", client="Acme", split_importer=50
    )
    pending = submit(book, "U0ERIN", "Jane Doe", job.ref)  # waits on the terms
    book.run(cancel, ref=pending.follow_up.id, actor_id="U0ERIN")  # withdrawn with them
    assert submit(book, "U0SAM", "Jane Doe", "JO-1").first is None


def test_two_exporters_submitting_one_person_at_once_leave_one_first(book: LedgerBook) -> None:
    acme, acme2, _other = jobs(book)
    seen: list[SubmissionRecorded] = []
    race(
        lambda: seen.append(submit(book, "U0ERIN", "Jane Doe", acme)),
        lambda: seen.append(submit(book, "U0SAM", "jane doe", acme2, note="jane@doe.com")),
    )
    firsts = [recorded.first for recorded in seen]
    assert len(seen) == 2
    assert firsts.count(None) == 1  # exactly one of them is told another was first
    second = next(recorded for recorded in seen if recorded.first is not None)
    first = next(recorded for recorded in seen if recorded.first is None)
    assert second.first is not None
    assert second.first.id == first.submission.id
