"""Who closes a deal's follow-ups, and how: each later step of a split has its own answer."""

from __future__ import annotations

from bot.errors import InvalidInput, NotAllowed
from bot.ledger.terms import check_acceptor
from bot.models import FollowUp, FollowUpKind, Member, Resolution


def check(follow_up: FollowUp, actor: Member, resolution: Resolution, note: str | None) -> None:
    """InvalidInput or NotAllowed, with the fix, for a close a deal's follow-up doesn't take."""
    kind = follow_up.kind
    if kind is FollowUpKind.ACCEPT_TERMS:
        check_acceptor(follow_up, actor)
        if resolution is not Resolution.DONE:
            raise InvalidInput(
                f"{follow_up.ref} asks for the terms to be accepted: click *Accept terms* on its "
                f"card or run `done {follow_up.ref}`."
            )
    if kind is FollowUpKind.GIVE_FEEDBACK:
        # Feedback is the importer's own words about the interview, relayed to the exporter.
        if actor.id != follow_up.debtor_id and not actor.is_admin:
            raise NotAllowed(
                f"Only {follow_up.debtor.name} can give the feedback on {follow_up.ref}."
            )
        if resolution is not Resolution.DONE or not note:
            raise InvalidInput(
                f"Say how the interview went, e.g. `feedback {follow_up.ref} strong on Java, "
                "second round next week`, or click *Give feedback* on its card."
            )
    if kind is FollowUpKind.REPORT_PLACEMENT:
        raise InvalidInput(
            f"Report the placement itself: `placed {follow_up.ref} start 2027-01-04 fee $25,000`."
        )
    if kind is FollowUpKind.PAY_SHARE and actor.id != follow_up.creditor_id and not actor.is_admin:
        raise NotAllowed(
            f"{follow_up.creditor.name} confirms the share arrived (*Received*); "
            f"{follow_up.ref} stays open until then."
        )
