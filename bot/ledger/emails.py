"""Members' email addresses, as inbound-email services report them: set, cleared and looked up."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.errors import InvalidInput
from bot.ledger.members import get_member
from bot.ledger.scope import Scope
from bot.models import Member

CLEAR = {"off", "none", "clear", "remove"}
MAX_ADDRESS = 254  # RFC 5321's longest forward path
# One address as people type it: no spaces, one @, a dot in the domain. Deliberately plain:
# the address is only compared with what an email's headers say, never mailed to.
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[a-z0-9-]{2,}", re.IGNORECASE)


def set_email(scope: Scope, user_id: str, text: str) -> Member:
    """Save a member's address lower-cased (`off` clears it); refused with the fix if unread."""
    member = get_member(scope, user_id)
    typed = text.strip()
    member.email = None if typed.lower() in CLEAR else normalise_email(typed)
    member.updated_at = scope.now
    return member


def normalise_email(text: str) -> str:
    """A typed address lower-cased (`jane@firm.com`), or InvalidInput saying how to type it."""
    typed = text.strip().strip("<>").strip()
    if len(typed) > MAX_ADDRESS or not _ADDRESS.fullmatch(typed):
        shown = typed[:60].replace("`", "'")
        raise InvalidInput(
            f"“{shown}” is not an email address I can use; try `profile email jane@firm.com`."
        )
    return typed.lower()


def as_address(raw: str | None) -> str | None:
    """An address as a header gave it (already split from its display name), or None."""
    if not raw:
        return None
    address = raw.strip().strip("<>").strip().lower()
    return address if len(address) <= MAX_ADDRESS and _ADDRESS.fullmatch(address) else None


def members_with_emails(scope: Scope, addresses: list[str]) -> dict[str, Member]:
    """The members of this workspace with these addresses, by address."""
    wanted = sorted({a for a in addresses if a})
    if not wanted:
        return {}
    found = scope.session.scalars(
        select(Member)
        .where(Member.team_id == scope.team_id, Member.email.in_(wanted))
        .order_by(Member.id)
    )
    by_address: dict[str, Member] = {}
    for member in found:
        assert member.email is not None
        by_address.setdefault(member.email, member)  # two sharing an inbox: the first
    return by_address
