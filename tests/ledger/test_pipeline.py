"""Open deals by stage, and the deal's clocks on the scorecard, on SQLite and PostgreSQL."""

from __future__ import annotations

from bot.ledger import record_job_order, record_submission, resolve, scorecard
from bot.ledger.interviews import record_interview
from bot.ledger.payments import record_payment
from bot.ledger.pipeline import Stage, open_deals
from bot.ledger.placements import accept_offer, place
from bot.models import FollowUpKind, Resolution
from tests.ledger_book import LedgerBook


def submit(book: LedgerBook, candidate: str) -> str:
    recorded = book.run(
        record_submission,
        exporter_id="U0ERIN",
        importer_id="U0DANA",
        candidate=candidate,
        job="JO-1",
    )
    return recorded.follow_up.ref


def stages(book: LedgerBook, user: str) -> list[tuple[str, str]]:
    deals, _total = book.run(open_deals, user_id=user)
    return [(deal.stage.value, deal.submission.candidate) for deal in deals]


def test_each_open_deal_shows_where_it_stands_furthest_first(book: LedgerBook) -> None:
    book.run(record_job_order, importer_id="U0DANA", title="Java Dev", split_importer=50)
    terms = submit(book, "Ann Lee")
    assert stages(book, "U0DANA") == [(Stage.TERMS.value, "Ann Lee")]
    book.run(resolve, ref=terms, actor_id="U0ERIN", resolution=Resolution.DONE)
    for name in ("Bo Li", "Cy Ng", "Di Oh", "Ed Pu", "Fa Qi"):
        submit(book, name)
    book.run(resolve, ref="F-3", actor_id="U0DANA", resolution=Resolution.INTERESTED)  # Bo
    book.run(record_interview, actor_id="U0DANA", ref="F-4", when="tue 2pm")  # Cy
    book.run(accept_offer, actor_id="U0ERIN", ref="F-5")  # Di
    book.run(place, actor_id="U0DANA", ref="F-6", start="2027-01-04", fee="$25k")  # Ed
    book.run(place, actor_id="U0DANA", ref="F-7", start="2027-01-04", fee="$25k")  # Fa
    book.run(record_payment, actor_id="U0DANA", ref="P-2")
    book.run(resolve, ref="F-2", actor_id="U0DANA", resolution=Resolution.PASSED, note="no")

    assert stages(book, "U0ERIN") == [
        ("Client paid", "Fa Qi"),
        ("Placed", "Ed Pu"),
        ("Offer accepted", "Di Oh"),
        ("Interviewing", "Cy Ng"),
        ("Interested", "Bo Li"),
    ]
    assert stages(book, "U0SAM") == []


def test_the_scorecard_counts_the_deal_clocks_kept(book: LedgerBook) -> None:
    book.run(record_job_order, importer_id="U0DANA", title="Java Dev")
    submit(book, "Ann Lee")
    recorded = book.run(record_interview, actor_id="U0DANA", ref="F-1", when="tue 2pm")
    book.run(
        resolve, ref=recorded.feedback.id, actor_id="U0DANA", resolution=Resolution.DONE, note="ok"
    )
    card = book.run(scorecard, user_id="U0DANA")
    assert card.deal_clocks == {FollowUpKind.GIVE_FEEDBACK: (1, 1)}
