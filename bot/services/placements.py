"""Acceptance, placement and payment: each step tells the other party and cards the next debt."""

from __future__ import annotations

from bot import ledger
from bot.ledger import Resolved
from bot.ledger.falloffs import FellOff, fall_off
from bot.ledger.payments import PaymentRecorded, record_payment, share_owed
from bot.ledger.placements import OfferAccepted, Placed, accept_offer, place
from bot.models import MessageKind, Resolution
from bot.services.announce import announce_outcome, refresh_messages, send_card
from bot.services.core import Core, Origin, Unit
from bot.services.deals import Say


def offer_accepted(
    core: Core, origin: Origin, *, ref: str, say: Say[OfferAccepted]
) -> OfferAccepted | None:
    """Either party records the candidate's yes: the importer is carded with the report owed."""

    def work(unit: Unit) -> OfferAccepted:
        actor = ledger.get_member(unit.scope, _who(origin))
        accepted = accept_offer(unit.scope, actor_id=_who(origin), ref=ref)
        send_card(unit, accepted.report)
        exporter = accepted.report.creditor
        if exporter.id != actor.id:
            notice = unit.wording.offer_notice(accepted.report, actor, exporter)
            unit.post.dm(exporter, notice, MessageKind.NOTICE)
        unit.answer(say(accepted, actor))
        return accepted

    return core.run(origin, work)


def placed(
    core: Core,
    origin: Origin,
    *,
    ref: str,
    start: str,
    fee: str,
    salary: str | None,
    say: Say[Placed],
) -> Placed | None:
    """The importer reports the placement; the exporter is told its ref, start and fee."""

    def work(unit: Unit) -> Placed:
        done = place(
            unit.scope, actor_id=_who(origin), ref=ref, start=start, fee=fee, salary=salary
        )
        if done.report is not None:
            refresh_messages(unit, done.report)
        exporter = done.placement.submission.exporter
        unit.post.dm(
            exporter, unit.wording.placed_notice(done.placement, exporter), MessageKind.NOTICE
        )
        unit.answer(say(done, ledger.get_member(unit.scope, _who(origin))))
        return done

    return core.run(origin, work)


def paid(
    core: Core, origin: Origin, *, ref: str, amount: str | None, say: Say[PaymentRecorded]
) -> PaymentRecorded | None:
    """The client paid: the importer owes the exporter's share, the exporter can say Received."""

    def work(unit: Unit) -> PaymentRecorded:
        recorded = record_payment(unit.scope, actor_id=_who(origin), ref=ref, amount=amount)
        send_card(unit, recorded.owed)
        exporter = recorded.owed.creditor
        unit.post.dm(
            exporter, unit.wording.paid_notice(recorded.owed, exporter), MessageKind.NOTICE
        )
        unit.answer(say(recorded, ledger.get_member(unit.scope, _who(origin))))
        return recorded

    return core.run(origin, work)


def received(core: Core, origin: Origin, *, ref: str, say: Say[Resolved]) -> Resolved | None:
    """The exporter got their share (`received P-3`): the importer's debt is done."""

    def work(unit: Unit) -> Resolved:
        owed = share_owed(unit.scope, ref)
        resolved = ledger.resolve(
            unit.scope, ref=owed.id, actor_id=_who(origin), resolution=Resolution.DONE
        )
        actor = ledger.get_member(unit.scope, _who(origin))
        announce_outcome(unit, resolved.follow_up, actor, resolved.opened)
        unit.answer(say(resolved, actor))
        return resolved

    return core.run(origin, work)


def falloff(
    core: Core, origin: Origin, *, ref: str, reason: str, say: Say[FellOff]
) -> FellOff | None:
    """A candidate fell off: both partners hear; inside the guarantee the importer is carded
    with what the terms imply (and no note comes a week before the guarantee ends)."""

    def work(unit: Unit) -> FellOff:
        fell = fall_off(unit.scope, actor_id=_who(origin), ref=ref, reason=reason)
        submission = fell.placement.submission
        for party in (submission.importer, submission.exporter):
            if party.id != fell.by.id:
                notice = unit.wording.falloff_notice(fell.placement, fell.by, fell.owed, party)
                unit.post.dm(party, notice, MessageKind.NOTICE)
        if fell.owed is not None:
            send_card(unit, fell.owed)
        unit.answer(say(fell, fell.by))
        return fell

    return core.run(origin, work)


def _who(origin: Origin) -> str:
    assert origin.user_id is not None, "a request with a verb always has a user"
    return origin.user_id
