"""`/followthrough profile …`: what a member keeps current about themselves."""

from __future__ import annotations

from datetime import date

from bot import ledger
from bot.config import Settings
from bot.errors import InvalidInput
from bot.ledger import Scope
from bot.models import Member
from handlers.render.escape import shown

USAGE = (
    "Try `profile specializations IT, Healthcare`, `profile hours Mon-Fri 08:00-16:30`, "
    "`profile country GB`, `profile reminders 1` or `profile vacation 2026-12-24` "
    "(`vacation off` to clear)."
)


def change_profile(scope: Scope, user_id: str, args: tuple[str, ...]) -> Member:
    """Apply `profile <field> <value…>`; validates before anything is written."""
    field, value = args[0].lower(), " ".join(args[1:]).strip()
    if not value:
        raise InvalidInput(f"Give a value after “{field[:20]}”. {USAGE}")
    if field in {"specializations", "specialties", "niches", "niche"}:
        return ledger.update_profile(scope, user_id, specializations=value)
    if field in {"hours", "working-hours"}:
        return ledger.update_profile(scope, user_id, working_hours=value)
    if field in {"country", "holidays"}:
        return ledger.update_profile(scope, user_id, holiday_country=value)
    if field in {"reminders", "nudges"}:
        return ledger.update_profile(scope, user_id, max_nudges=_count(value))
    if field in {"vacation", "away"}:
        if value.lower() in {"off", "none", "back"}:
            return ledger.update_profile(scope, user_id, clear_vacation=True)
        return ledger.update_profile(scope, user_id, vacation_until=_date(value))
    raise InvalidInput(f"I can't change “{field[:20]}” in a profile. {USAGE}")


def describe_profile(member: Member, settings: Settings) -> str:
    """One line of what Followthrough knows about a member."""
    hours = member.working_hours or settings.working_hours
    country = member.holiday_country
    holidays = settings.holiday_country or "none" if country is None else (country or "none")
    away = f"; away until {member.vacation_until:%a %d %b}" if member.vacation_until else ""
    niches = shown(member.specializations) or "no specializations yet"
    cap = f"; at most {member.max_nudges} reminders" if member.max_nudges else ""
    return f"Your profile: {niches}; {hours} ({member.timezone}); holidays {holidays}{away}{cap}."


def _count(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput("Give a number of reminders, e.g. `profile reminders 1`.")
    return int(text)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("Write the last day of your vacation as 2026-12-24.") from None
