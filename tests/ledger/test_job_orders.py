"""Job orders in the ledger: named by title words, listed on the board, closed or filled once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import AlreadyClosed, InvalidInput, NotAllowed
from bot.ledger import (
    Scope,
    SubmissionRecorded,
    board,
    close_job_order,
    get_member,
    job_by_words,
    pick_jobs,
    pick_problem,
    record_job_order,
    record_submission,
    update_profile,
)
from bot.models import (
    Activity,
    FollowUpState,
    JobOrder,
    JobOrderStatus,
    MessageKind,
    OutboxMessage,
)
from bot.outbox import Message
from bot.services import Core, jobs
from handlers.render.wording import SlackWording
from tests.ledger.test_races import by, race
from tests.ledger_book import LedgerBook


@pytest.fixture
def core(session_factory: sessionmaker[Session], settings: Settings, clock: FrozenClock) -> Core:
    return Core(session_factory, clock, settings, SlackWording())


def post(book: LedgerBook, title: str, *, importer: str = "U0DANA", **fields: object) -> str:
    job: JobOrder = book.run(record_job_order, importer_id=importer, title=title, **fields)
    return job.ref


def submit(book: LedgerBook, **fields: object) -> SubmissionRecorded:
    return book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane", **fields
    )


def found(book: LedgerBook, words: str) -> str:
    def find(scope: Scope) -> str:
        return job_by_words(scope, get_member(scope, "U0DANA"), words).ref

    return book.run(find)


def test_a_title_in_words_finds_the_importers_one_open_job(book: LedgerBook) -> None:
    java = post(book, "Java Developer", client="HSBC")
    post(book, "Java Lead")
    post(book, "Java Developer", importer="U0SAM", client="HSBC")
    assert found(book, "java developer") == java
    assert found(book, "the Java developer role") == java  # filler words need not appear
    recorded = submit(book, job_title="Java Developer (HSBC)")
    assert recorded.submission.job_order is not None
    assert recorded.submission.job_order.ref == java


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (
            "the Java role",
            "Which job? `for JO-1` Java Developer (HSBC) or `for JO-2` Java Lead — "
            "or leave out `for …`.",
        ),
        (
            "Python",
            "Which job? `for JO-1` Java Developer (HSBC) or `for JO-2` Java Lead — "
            "or leave out `for …`.",
        ),
    ],
)
def test_none_or_several_matches_ask_which_and_record_nothing(
    book: LedgerBook, words: str, message: str
) -> None:
    post(book, "Java Developer", client="HSBC")
    post(book, "Java Lead")
    before = book.row_counts()
    with pytest.raises(InvalidInput) as refused:
        submit(book, job_title=words)
    assert str(refused.value) == message
    assert book.row_counts() == before


def test_an_importer_without_open_jobs_is_named(book: LedgerBook) -> None:
    with pytest.raises(InvalidInput, match="Dana Importer has no open job order; leave out"):
        submit(book, job_title="Java")


def test_a_closed_job_takes_no_submission(book: LedgerBook) -> None:
    java = post(book, "Java Developer")
    book.run(close_job_order, actor_id="U0DANA", ref=java, status=JobOrderStatus.FILLED)
    with pytest.raises(InvalidInput) as refused:
        submit(book, job=java)
    assert str(refused.value) == (
        "JO-1 Java Developer was filled by Dana Importer a moment ago; "
        "submit without `for …`, or pick an open one from `jobs`."
    )
    with pytest.raises(InvalidInput, match="has no open job order"):
        submit(book, job_title="Java")


def test_the_board_is_newest_first_and_searches_every_field(book: LedgerBook) -> None:
    post(book, "ICU Nurse", client="St Mary's", location="London")
    book.clock.advance(timedelta(hours=1))
    post(book, "Java Developer", importer="U0SAM", client="HSBC")
    book.clock.advance(timedelta(hours=1))
    post(book, "Quant Analyst", location="Leeds")
    book.run(lambda scope: update_profile(scope, "U0SAM", specializations="Fintech"))

    def titles(search: str | None = None, page: int = 1, size: int = 20) -> list[str]:
        shown = book.run(lambda scope: board(scope, search, page=page, size=size))
        return [job.title for job in shown.items]

    assert titles() == ["Quant Analyst", "Java Developer", "ICU Nurse"]
    assert titles("LONDON") == ["ICU Nurse"]
    assert titles("hsbc java") == ["Java Developer"]
    assert titles("fintech") == ["Java Developer"]  # the owner's specializations
    assert titles("100%") == []
    assert titles(page=2, size=2) == ["ICU Nurse"]
    second = book.run(lambda scope: board(scope, None, page=1, size=2))
    assert (second.total, second.more) == (3, 1)


def test_the_menu_offers_open_jobs_of_the_chosen_importer(book: LedgerBook) -> None:
    post(book, "Java Developer", client="HSBC")
    post(book, "Java Lead", importer="U0SAM")
    closed = post(book, "Java Architect")
    book.run(close_job_order, actor_id="U0DANA", ref=closed, status=JobOrderStatus.CLOSED)

    def menu(typed: str, importer: str | None = None) -> list[str]:
        return [j.ref for j in book.run(pick_jobs, typed=typed, importer_id=importer)]

    assert menu("") == ["JO-2", "JO-1"]
    assert menu("java", "U0DANA") == ["JO-1"]
    assert menu("jo-2") == ["JO-2"]
    assert menu("hsbc") == ["JO-1"]
    assert book.run(pick_problem, ref="JO-2", importer_id="U0DANA") == (
        "JO-2 is Sam Sourcer's job order; choose it with its importer."
    )
    assert "was closed by Dana Importer a moment ago; choose an open job order." in str(
        book.run(pick_problem, ref=closed, importer_id="U0DANA")
    )
    assert book.run(pick_problem, ref="JO-1", importer_id="U0DANA") is None


def test_only_the_importer_or_an_admin_closes_and_open_follow_ups_stay(book: LedgerBook) -> None:
    java = post(book, "Java Developer")
    submit(book, job=java)
    submit(book, job=java)
    with pytest.raises(NotAllowed, match="JO-1 is Dana Importer's job order: only they or"):
        book.run(close_job_order, actor_id="U0ERIN", ref=java, status=JobOrderStatus.CLOSED)
    closed = book.run(
        close_job_order,
        actor_id="U0ALEX",
        ref=java,
        status=JobOrderStatus.CLOSED,
        reason="client hired internally",
    )
    assert [f.ref for f in closed.awaiting] == ["F-1", "F-2"]
    assert all(f.state is FollowUpState.OPEN for f in closed.awaiting)
    assert (closed.job.status, closed.by.name, closed.reason) == (
        JobOrderStatus.CLOSED,
        "Alex Admin",
        "client hired internally",
    )
    with pytest.raises(AlreadyClosed, match="JO-1 was already closed by Alex Admin a moment ago"):
        book.run(close_job_order, actor_id="U0DANA", ref=java, status=JobOrderStatus.FILLED)


def test_filled_twice_at_once_fills_once(book: LedgerBook, core: Core) -> None:
    java = post(book, "Java Developer")

    def fill(user: str, status: JobOrderStatus) -> Callable[[], object]:
        return lambda: jobs.close(
            core, by(user), ref=java, status=status, reason=None, say=lambda *_: Message("Done.")
        )

    race(fill("U0DANA", JobOrderStatus.FILLED), fill("U0ALEX", JobOrderStatus.CLOSED))

    with book.factory() as session:
        job = session.scalars(select(JobOrder)).one()
        closings = session.scalars(
            select(Activity.action).where(Activity.action.in_(["job_filled", "job_closed"]))
        ).all()
        refusals = session.scalars(
            select(OutboxMessage.text).where(OutboxMessage.kind == MessageKind.REPLY)
        ).all()
    assert len(closings) == 1
    winner = "Dana Importer" if job.status is JobOrderStatus.FILLED else "Alex Admin"
    assert sorted(refusals) == sorted(
        ["Done.", f"JO-1 was already {job.status.value} by {winner} a moment ago."]
    )
