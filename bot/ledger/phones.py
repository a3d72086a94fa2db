"""Members' phone numbers in E.164, as phone systems report them: set, cleared and looked up."""

from __future__ import annotations

import phonenumbers
from sqlalchemy import select

from bot.errors import InvalidInput
from bot.ledger.members import get_member
from bot.ledger.scope import Scope
from bot.models import Member
from bot.windows.countries import zone_country

CLEAR = {"off", "none", "clear", "remove"}


def set_phone(scope: Scope, user_id: str, text: str) -> Member:
    """Save a member's number in E.164 (`off` clears it); refused with the fix if unreadable."""
    member = get_member(scope, user_id)
    if text.strip().lower() in CLEAR:
        member.phone = None
    else:
        member.phone = normalise(text, home_country(member))
    member.updated_at = scope.now
    return member


def home_country(member: Member) -> str | None:
    """Where a number without a country code is read: the member's holiday country, else their
    timezone's (never the workspace's default: a guess would store someone else's number)."""
    return member.holiday_country or zone_country(member.timezone)


def normalise(text: str, country: str | None) -> str:
    """A typed number as E.164 (`+442079460958`), or InvalidInput saying how to type it."""
    typed = text.strip()[:40]
    example = "`profile phone +44 20 7946 0958`"
    if not typed.startswith("+") and country is None:
        raise InvalidInput(
            f"Which country is “{typed}” in? Start it with + and the country code, e.g. {example}."
        )
    try:
        number = phonenumbers.parse(typed, None if typed.startswith("+") else country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise InvalidInput(f"“{typed}” is not a phone number I can read; try {example}.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def as_e164(raw: str | None) -> str | None:
    """A number as a phone system reports it (`+44 20 7946 0958`, `+442079460958`), or None."""
    if not raw or not raw.strip().startswith("+"):
        return None  # a client id, an anonymous caller, a number with no country code
    try:
        number = phonenumbers.parse(raw.strip()[:40], None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def member_with_phone(scope: Scope, phone: str | None) -> Member | None:
    """The member of this workspace with this number (the first one, if two share a line)."""
    if phone is None:
        return None
    return scope.session.scalars(
        select(Member)
        .where(Member.team_id == scope.team_id, Member.phone == phone)
        .order_by(Member.id)
        .limit(1)
    ).first()


def shown_phone(phone: str) -> str:
    """A stored number as people write it: `+44 20 7946 0958`."""
    number = phonenumbers.parse(phone, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
