"""Partners in other firms: telling a creditor, once, that a partner's firm has no install."""

from __future__ import annotations

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite

from bot.models import FollowUp, InstallAsk, MessageKind, Workspace
from bot.outbox.reach import place_of
from bot.services.core import Unit


def tell_not_installed(unit: Unit, follow_up: FollowUp) -> bool:
    """The debtor's firm has not installed the app: tell the creditor, once per firm, where the
    debtor will be reminded instead and the link to pass on; True if they were told now."""
    creditor, debtor = follow_up.creditor, follow_up.debtor
    if not unit.post.can_dm(creditor):
        return False
    values = {"member_id": creditor.id, "team_id": debtor.team_id, "created_at": unit.scope.now}
    first = unit.session.scalar(_insert_once(unit, values).returning(InstallAsk.member_id))
    if first is None:
        return False
    firm = unit.session.get(Workspace, debtor.team_id)
    place = place_of(unit.session, follow_up)
    message = unit.wording.partner_not_installed(
        follow_up,
        firm.name if firm is not None else "",
        place.channel if place is not None else None,
        unit.post.reach.install_url,
    )
    unit.post.dm(creditor, message, MessageKind.NOTICE)
    return True


def _insert_once(unit: Unit, values: dict[str, object]) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING: two follow-ups at once tell the creditor once."""
    if unit.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(InstallAsk).values(values).on_conflict_do_nothing()
    return sqlite.insert(InstallAsk).values(values).on_conflict_do_nothing()
