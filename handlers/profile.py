"""`/followthrough profile …`: what a member keeps current about themselves."""

from __future__ import annotations

from bot import ledger
from bot.config import Settings
from bot.errors import InvalidInput
from bot.ledger import Scope
from bot.ledger.emails import set_email
from bot.ledger.phones import set_phone, shown_phone
from bot.ledger.time_off import HolidaySource, holidays_of
from bot.models import Member
from handlers.render.escape import shown
from handlers.render.words import away_until

USAGE = (
    "Try `profile specializations IT, Healthcare`, `profile hours Mon-Fri 8-4:30`, "
    "`profile holidays GB`, `profile reminders 1`, `profile phone +44 20 7946 0958`, "
    "`profile email jane@firm.com` or `profile vacation dec 20 to jan 2` (`off` clears a "
    "phone, email or vacation)."
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
    if field in {"phone", "number", "mobile"}:
        return set_phone(scope, user_id, value)
    if field in {"email", "mail", "e-mail"}:
        return set_email(scope, user_id, value)
    if field in {"vacation", "away"}:
        if value.lower() in {"off", "none", "back"}:
            return ledger.update_profile(scope, user_id, clear_vacation=True)
        return ledger.update_profile(scope, user_id, vacation=value)
    raise InvalidInput(f"I can't change “{field[:20]}” in a profile. {USAGE}")


def describe_profile(member: Member, settings: Settings) -> str:
    """What Followthrough knows about a member: one line, then their public holidays."""
    hours = member.working_hours or settings.working_hours
    away = ""
    if member.vacation_until is not None:
        away = f"; away until {member.vacation_until:%a %d %b}"
        if member.vacation_from is not None:
            away += f" (from {member.vacation_from:%a %d %b})"
    if member.away_says is not None and member.away_until is not None and member.away_since:
        away += f"; out of office{away_until(member)} (Slack status “{shown(member.away_says)}”)"
    niches = shown(member.specializations) or "no specializations yet"
    cap = f"; at most {member.max_nudges} reminders" if member.max_nudges else ""
    phone = f"; phone {shown_phone(member.phone)}" if member.phone else ""
    mail = f"; email {shown(member.email)}" if member.email else ""
    summary = f"Your profile: {niches}; {hours} ({member.timezone}){away}{cap}{phone}{mail}."
    return f"{summary}\n{describe_holidays(member, settings)}"


def describe_holidays(member: Member, settings: Settings) -> str:
    """Whose public holidays a member keeps, where that comes from, and how to change it."""
    held = holidays_of(settings, member)
    other = "GB" if held.country == "US" else "US"
    change = f"`profile holidays {other}` to change"
    if held.source is HolidaySource.PROFILE:
        why = "you chose this"
        change += ", `profile holidays timezone` to follow your timezone"
    elif held.source is HolidaySource.TIMEZONE:
        why = f"from your timezone {member.timezone}"
    elif held.zone_country is None:
        why = f"your timezone {member.timezone} has no country"
    else:
        why = f"there are none on record for {held.zone_country}, your timezone's country"
    if held.source is HolidaySource.SETTINGS and held.country is not None:
        why = f"the workspace default: {why}"
    return f"Public holidays: {held.country or 'none'} ({why}; {change})."


def _count(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput("Give a number of reminders, e.g. `profile reminders 1`.")
    return int(text)
