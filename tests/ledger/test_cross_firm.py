"""Partners at other firms: home workspaces, reach, lists by member, the network directory.

Acme Splits (T0ACME) is installed; Other Firm (T0OTHER) shares #acme-other (C0CONNECT) with it
and, unless a test says otherwise, has not installed the app.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import NotAllowed, UnknownRef
from bot.ledger import (
    Scope,
    SlackProfile,
    find_member,
    find_partners,
    get_follow_up,
    owed_by,
    owed_to,
    record_submission,
    scorecard,
    set_directory,
    set_job_channel,
    set_nudge_policy,
    update_profile,
    upsert_member,
)
from bot.ledger.followups import resolve
from bot.models import (
    Delivery,
    InstallAsk,
    Member,
    MessageKind,
    MessagePurpose,
    OutboxMessage,
    Resolution,
)
from bot.nudging.sweep import Sweeper
from bot.outbox import Reach, ReplyTo
from bot.services import Core, Origin, deals, members
from handlers.render.wording import SlackWording
from tests.ledger_book import LedgerBook

CONNECT = "C0CONNECT"
OTHER = "T0OTHER"
ACME_ONLY = Reach(installed=lambda team: team == "T0ACME")
BOTH = Reach(
    installed=lambda team: team in {"T0ACME", OTHER}, install_url="https://ft.test/slack/install"
)


def meet_oliver(book: LedgerBook, *, admin: bool = False) -> None:
    """Acme's install meets Oliver in the shared channel: users.info names his home firm."""
    profile = SlackProfile("U0OLIVER", "Oliver Outsider", "Asia/Tokyo", admin, team_id=OTHER)
    book.run(lambda scope: upsert_member(scope, profile))


def as_team(book: LedgerBook, team_id: str, work: Callable[[Scope], Any]) -> Any:
    """A step taken from another workspace (Oliver in his own Slack)."""
    with book.factory.begin() as session:
        return work(Scope(session, team_id, book.clock.now(), book.settings))


def core(book: LedgerBook, reach: Reach) -> Core:
    return Core(book.factory, book.clock, book.settings, SlackWording(), reach=reach)


def submit_in_channel(book: LedgerBook, reach: Reach, candidate: str = "Jane Doe") -> int:
    origin = Origin("T0ACME", "U0ERIN", reply=ReplyTo(CONNECT, response_url="https://r.test/1"))
    recorded = deals.submit(
        core(book, reach),
        origin,
        importer_id="U0OLIVER",
        candidate=candidate,
        job=None,
        window="4h",
        note=None,
        say=lambda _recorded, _member: SlackWording().refusal("ok"),
    )
    assert recorded is not None
    return recorded.follow_up.id


def outbox(book: LedgerBook, kind: MessageKind) -> list[OutboxMessage]:
    with book.factory() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        return list(session.scalars(query))


def test_a_partner_belongs_to_their_home_firm_whoever_met_them(book: LedgerBook) -> None:
    meet_oliver(book, admin=True)
    oliver = book.run(lambda scope: find_member(scope, "U0OLIVER"))
    assert oliver is not None
    # An admin of his own firm, as Acme's install saw him: no say over Acme's workspace.
    assert (oliver.team_id, oliver.timezone, oliver.is_admin) == (OTHER, "Asia/Tokyo", False)
    from_home = as_team(book, OTHER, lambda scope: find_member(scope, "U0OLIVER"))
    assert from_home is not None
    assert from_home.id == oliver.id
    with book.factory() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 5


def test_both_parties_list_it_and_score_it_from_their_own_workspace(book: LedgerBook) -> None:
    meet_oliver(book)
    book.run(record_submission, exporter_id="U0ERIN", importer_id="U0OLIVER", candidate="Jane Doe")
    owed = as_team(book, OTHER, lambda scope: owed_by(scope, "U0OLIVER"))
    assert [(f.ref, f.creditor.name) for f in owed.items] == [("F-1", "Erin Exporter")]
    assert [f.ref for f in book.run(owed_to, user_id="U0ERIN").items] == ["F-1"]
    card = as_team(book, OTHER, lambda scope: scorecard(scope, "U0OLIVER"))
    assert card.open == 1
    assert as_team(book, OTHER, lambda scope: get_follow_up(scope, "F-1")).ref == "F-1"
    with pytest.raises(UnknownRef):
        as_team(book, "T0THIRD", lambda scope: get_follow_up(scope, "F-1"))


def test_changes_are_for_a_party_or_an_admin_where_it_was_recorded(book: LedgerBook) -> None:
    meet_oliver(book)
    other_admin = SlackProfile("U0OADMIN", "Olga Admin", "Asia/Tokyo", True, team_id=OTHER)
    as_team(book, OTHER, lambda scope: upsert_member(scope, other_admin))
    book.run(record_submission, exporter_id="U0ERIN", importer_id="U0OLIVER", candidate="Jane Doe")
    with pytest.raises(NotAllowed):
        as_team(
            book,
            OTHER,
            lambda scope: resolve(
                scope, ref="F-1", actor_id="U0OADMIN", resolution=Resolution.INTERESTED
            ),
        )
    done = as_team(
        book,
        OTHER,
        lambda scope: resolve(
            scope, ref="F-1", actor_id="U0OLIVER", resolution=Resolution.INTERESTED
        ),
    )
    assert done.follow_up.resolution is Resolution.INTERESTED


def test_a_debtor_at_an_installed_firm_gets_the_card_by_dm_through_their_install(
    book: LedgerBook,
) -> None:
    meet_oliver(book)
    submit_in_channel(book, BOTH)
    [card] = outbox(book, MessageKind.CARD)
    assert (card.team_id, card.channel, card.delivery) == (OTHER, "U0OLIVER", Delivery.POST)
    with book.factory() as session:
        assert session.scalar(select(func.count()).select_from(InstallAsk)) == 0


def test_without_an_install_the_card_goes_to_the_channel_and_the_creditor_is_told_once(
    book: LedgerBook,
) -> None:
    meet_oliver(book)
    submit_in_channel(book, ACME_ONLY)
    submit_in_channel(book, ACME_ONLY, "Wei Sun")
    cards = outbox(book, MessageKind.CARD)
    assert [(c.team_id, c.channel, c.thread_ts) for c in cards] == [("T0ACME", CONNECT, None)] * 2
    assert all(c.text.startswith("<@U0OLIVER> ") for c in cards)
    assert cards[0].link_purpose is MessagePurpose.CARD
    told = [n for n in outbox(book, MessageKind.NOTICE) if "hasn't installed" in n.text]
    assert [(n.team_id, n.channel) for n in told] == [("T0ACME", "U0ERIN")]
    assert "Ask their Slack admin to install Followthrough" in told[0].text


def test_reminders_without_an_install_go_to_the_recording_thread_batched_by_thread(
    book: LedgerBook, clock: FrozenClock, settings: Settings
) -> None:
    meet_oliver(book)
    first, second = submit_in_channel(book, ACME_ONLY), submit_in_channel(book, ACME_ONLY, "Wei")
    _delivered_card(book, first, "1763500000.000100")
    sweeper = Sweeper(book.factory, settings, clock, SlackWording(), reach=ACME_ONLY)
    clock.set(book.follow_up(first).due_at.replace(hour=5))  # 14:00 in Tokyo, Thursday
    lines = sweeper.run()
    assert f"nudge for Oliver Outsider (U0OLIVER) in the thread in {CONNECT}: F-{first}" in (
        " ".join(lines)
    )
    reminders = outbox(book, MessageKind.REMINDER)
    assert sorted((r.team_id, r.channel, r.thread_ts or "") for r in reminders) == [
        ("T0ACME", CONNECT, ""),  # the second card was never delivered: no thread to answer in
        ("T0ACME", CONNECT, "1763500000.000100"),
    ]
    assert all(r.text.startswith("<@U0OLIVER> ") for r in reminders)
    assert book.follow_up(second).nudge_count == 1


def test_reminders_wait_for_an_install_when_no_channel_reaches_the_debtor(
    book: LedgerBook, clock: FrozenClock, settings: Settings
) -> None:
    meet_oliver(book)
    ref = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0OLIVER", candidate="Jane Doe"
    ).follow_up.id
    sweeper = Sweeper(book.factory, settings, clock, SlackWording(), reach=ACME_ONLY)
    clock.set(book.follow_up(ref).due_at.replace(hour=5))
    assert any("has not installed Followthrough" in line for line in sweeper.run())
    assert outbox(book, MessageKind.REMINDER) == []
    assert book.follow_up(ref).nudge_count == 0
    # Once Other Firm installs, the DM goes out at the next sweep it is due.
    clock.set(book.follow_up(ref).next_nudge_at)  # type: ignore[arg-type]
    Sweeper(book.factory, settings, clock, SlackWording(), reach=BOTH).run()
    assert [(r.team_id, r.channel) for r in outbox(book, MessageKind.REMINDER)] == [
        (OTHER, "U0OLIVER")
    ]


def _delivered_card(book: LedgerBook, follow_up_id: int, ts: str) -> None:
    from bot.models import FollowUpMessage

    with book.factory.begin() as session:
        session.add(
            FollowUpMessage(
                team_id="T0ACME",
                follow_up_id=follow_up_id,
                purpose=MessagePurpose.CARD,
                channel=CONNECT,
                ts=ts,
                created_at=book.clock.now(),
            )
        )


def test_two_submissions_at_once_tell_the_creditor_once(book: LedgerBook) -> None:
    """Telling the creditor is insert-once: two transactions racing write one notice."""
    meet_oliver(book)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def submit(candidate: str) -> None:
        start.wait()
        try:
            submit_in_channel(book, ACME_ONLY, candidate)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=submit, args=(c,)) for c in ("Jane Doe", "Wei Sun")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(outbox(book, MessageKind.CARD)) == 2
    told = [n for n in outbox(book, MessageKind.NOTICE) if "hasn't installed" in n.text]
    assert len(told) == 1


def test_the_directory_lists_firms_that_opted_in_and_always_your_own(book: LedgerBook) -> None:
    meet_oliver(book)
    third = SlackProfile("U0TESS", "Tess Third", "Europe/Paris", True, team_id="T0THIRD")
    as_team(book, "T0THIRD", lambda scope: upsert_member(scope, third))
    book.run(update_profile, user_id="U0DANA", specializations="Healthcare")
    for team, user in ((OTHER, "U0OLIVER"), ("T0THIRD", "U0TESS")):
        as_team(book, team, lambda s, u=user: update_profile(s, u, specializations="Healthcare"))
    assert [f.member.name for f in book.run(find_partners, niche="health")] == ["Dana Importer"]

    as_team(book, "T0THIRD", lambda scope: set_directory(scope, "U0TESS", listed=True))
    found = book.run(find_partners, niche="health")
    assert [(f.member.name, f.member.team_id) for f in found] == [
        ("Dana Importer", "T0ACME"),
        ("Tess Third", "T0THIRD"),
    ]
    with pytest.raises(NotAllowed):  # Oliver is no admin; Erin is no admin of Other Firm
        as_team(book, OTHER, lambda scope: set_directory(scope, "U0OLIVER", listed=True))
    with pytest.raises(NotAllowed):
        as_team(book, OTHER, lambda scope: set_directory(scope, "U0ALEX", listed=True))
    as_team(book, "T0THIRD", lambda scope: set_directory(scope, "U0TESS", listed=False))
    assert [f.member.name for f in book.run(find_partners, niche="health")] == ["Dana Importer"]


def test_an_admin_of_a_partner_firm_has_no_say_in_ours(book: LedgerBook) -> None:
    olga = SlackProfile("U0OADMIN", "Olga Admin", "Asia/Tokyo", True, team_id=OTHER)
    as_team(book, OTHER, lambda scope: upsert_member(scope, olga))
    with pytest.raises(NotAllowed):
        book.run(set_job_channel, actor_id="U0OADMIN", channel="C0JOBS")
    with pytest.raises(NotAllowed):
        book.run(set_nudge_policy, actor_id="U0OADMIN", max_nudges=3)
    with pytest.raises(NotAllowed):
        book.run(set_directory, actor_id="U0OADMIN", listed=True)
    assert as_team(book, OTHER, lambda scope: set_directory(scope, "U0OADMIN", listed=True))


def test_strangers_are_asked_about_once_partners_of_other_firms_every_time(
    book: LedgerBook,
) -> None:
    meet_oliver(book)
    bot = core(book, BOTH)
    unknown = "U0NEWBIE"
    assert members.strangers(bot, "T0ACME", ["U0ERIN", "U0OLIVER", unknown]) == [
        "U0OLIVER",
        unknown,
    ]
    assert ("T0ACME", "U0ERIN") in bot.met  # met in their own workspace: no look again
    # Erin is not looked for again; Oliver (another firm) and the newcomer are asked about.
    assert members.strangers(bot, "T0ACME", ["U0ERIN"]) == []
    assert members.strangers(bot, "T0ACME", ["U0OLIVER", unknown]) == ["U0OLIVER", unknown]
    # Once met, the newcomer is a member like Erin: no read at all for them.
    book.add_member(unknown, "New Partner", "Europe/London")
    assert members.strangers(bot, "T0ACME", [unknown]) == []
    assert members.strangers(bot, "T0ACME", [unknown, "U0ERIN"]) == []
    assert ("T0ACME", unknown) in bot.met
    # From Oliver's own workspace, Erin is a partner of another firm: asked about each time.
    assert members.strangers(bot, OTHER, ["U0ERIN"]) == ["U0ERIN"]
    assert members.strangers(bot, OTHER, ["U0ERIN"]) == ["U0ERIN"]
