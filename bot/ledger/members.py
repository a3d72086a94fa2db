"""Members and workspaces: first sight, profiles, business calendars, partner search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Insert, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.errors import InvalidInput, NotAllowed, UnknownMember
from bot.ledger.away import StatusSeen, see_status
from bot.ledger.scope import Scope
from bot.ledger.tidy import tidy
from bot.ledger.time_off import calendar_for, read_vacation, vacation_span
from bot.models import Member, Workspace
from bot.windows import BusinessCalendar, DateOrder, WindowError, WorkingHours
from bot.windows.zones import local_date, localize, zone

MAX_SPECIALIZATIONS = 500
MAX_REMINDERS = 10
MAX_SPACING_DAYS = 30


@dataclass(frozen=True)
class SlackProfile:
    """What Slack tells about a user (users.info), without any Slack types."""

    user_id: str
    name: str
    timezone: str | None = None
    is_admin: bool = False
    status: StatusSeen | None = None  # None: the profile said nothing about the status
    email: str | None = None  # with the users:read.email scope; fills an empty address only
    checked: bool = False  # asked for with users.info (not an event): the status is fresh
    team_id: str | None = None  # their home workspace, when Slack named it (users.info)


@dataclass(frozen=True)
class Listed:
    """A member found in the network directory, with their firm's name."""

    member: Member
    firm: str


def admin_of(member: Member, team_id: str) -> bool:
    """Whether the member is an admin of that workspace (an admin of a partner firm met in a
    shared channel has no say in ours)."""
    return member.is_admin and member.team_id == team_id


def ensure_workspace(session: Session, *, team_id: str, now: datetime, name: str = "") -> Workspace:
    """Return the workspace row, creating it on first sight (an upsert: safe when racing)."""
    values = {"team_id": team_id, "name": name, "active": True, "created_at": now}
    session.execute(_insert_if_new(session, Workspace, values))
    workspace = session.get(Workspace, team_id)
    assert workspace is not None
    return workspace


def upsert_member(scope: Scope, profile: SlackProfile) -> Member:
    """Create a member on first sight, or refresh their name, timezone and admin flag.

    A member belongs to their home workspace (a partner met in a shared channel belongs to
    their own firm's), whichever install saw them first.
    """
    home = profile.team_id or scope.team_id
    ensure_workspace(scope.session, team_id=home, now=scope.now)
    timezone = _known_timezone(profile.timezone) or scope.settings.default_timezone
    values = {
        "team_id": home,
        "slack_user_id": profile.user_id,
        "name": tidy(profile.name)[:255] or profile.user_id,
        "timezone": timezone,
        "specializations": "",
        "is_admin": profile.is_admin and home == scope.team_id,
        "created_at": scope.now,
        "updated_at": scope.now,
    }
    created = scope.session.scalar(
        _insert_if_new(scope.session, Member, values).returning(Member.id)
    )
    member = find_member(scope, profile.user_id)
    assert member is not None
    if created is None:
        member.name = tidy(profile.name)[:255] or profile.user_id
        member.timezone = timezone
        if member.team_id == scope.team_id:  # only their own workspace says who is an admin
            member.is_admin = profile.is_admin
        member.updated_at = scope.now
    if profile.status is not None:
        see_status(scope, member, profile.status)
    if profile.checked:
        member.status_checked_at = scope.now
    if profile.email and member.email is None:
        member.email = profile.email  # a typed address stands: it may be the one clients see
    if created is not None:
        member.next_digest_at = next_digest_time(calendar_for(scope, member), scope.now)
    return member


def _insert_if_new(
    session: Session, table: type[Workspace] | type[Member], values: dict[str, object]
) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING: first sight by two requests at once makes one row."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).values(values).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).values(values).on_conflict_do_nothing()
    raise NotImplementedError(f"Followthrough runs on SQLite or PostgreSQL, not {dialect}")


def next_digest_time(calendar: BusinessCalendar, now: datetime) -> datetime:
    """The first working instant of the next week: Monday morning, or later if Monday is off."""
    today = now.astimezone(calendar.tz).date()
    monday = today + timedelta(days=7 - today.weekday())
    return calendar.next_working_instant(localize(monday, time(0, 0), calendar.tz))


def find_member(scope: Scope, user_id: str) -> Member | None:
    """The member with this Slack user id, if known (once per transaction).

    Slack user ids are unique across workspaces; a member of another firm is found wherever
    they were met (their row names their home workspace).
    """
    known: dict[str, Member] = scope.session.info.setdefault("members", {})
    if user_id in known:
        return known[user_id]
    member = scope.session.scalars(
        select(Member)
        .where(Member.slack_user_id == user_id)
        .order_by((Member.team_id == scope.team_id).desc(), Member.id)
        .limit(1)
    ).first()
    if member is not None:
        known[user_id] = member
    return member


def get_member(scope: Scope, user_id: str) -> Member:
    """The member with this Slack user id, or an UnknownMember error."""
    member = find_member(scope, user_id)
    if member is None:
        raise UnknownMember(
            f"I don't know the person {user_id} in this workspace; mention them with @name."
        )
    return member


def update_profile(
    scope: Scope,
    user_id: str,
    *,
    specializations: str | None = None,
    working_hours: str | None = None,
    holiday_country: str | None = None,
    vacation: str | None = None,
    vacation_from: date | None = None,
    vacation_until: date | None = None,
    clear_vacation: bool = False,
    max_nudges: int | None = None,
) -> Member:
    """Change what a member keeps current about themselves; validates before writing.

    A vacation is typed (`vacation`: "until jan 2", "dec 20 to jan 2") or picked as dates; it
    covers days from today (or its first day) on, never days already gone.
    """
    member = get_member(scope, user_id)
    hours = _parse_hours(working_hours) if working_hours is not None else None
    country = _parse_country(holiday_country) if holiday_country is not None else None
    if max_nudges is not None and not 1 <= max_nudges <= MAX_REMINDERS:
        raise InvalidInput(f"Reminders must be between 1 and {MAX_REMINDERS}, e.g. `reminders 1`.")
    away = _vacation(scope, member, vacation, vacation_from, vacation_until)
    if specializations is not None:
        cleaned = ", ".join(tidy(part) for part in specializations.split(",") if tidy(part))
        if len(cleaned) > MAX_SPECIALIZATIONS:
            raise InvalidInput(f"Keep specializations under {MAX_SPECIALIZATIONS} characters.")
        member.specializations = cleaned
    if hours is not None:
        member.working_hours = str(hours)
    if holiday_country is not None:
        member.holiday_country = country
    if away is not None:
        member.vacation_from, member.vacation_until = away
    elif clear_vacation:
        member.vacation_from = member.vacation_until = None
    if max_nudges is not None:
        member.max_nudges = max_nudges
    member.updated_at = scope.now
    return member


def set_nudge_policy(
    scope: Scope,
    actor_id: str,
    *,
    max_nudges: int | None = None,
    spacing_days: int | None = None,
    date_order: str | None = None,
) -> Workspace:
    """A workspace admin changes how many reminders go out, how far apart, and how the
    workspace writes dates (12/04 as Dec 4 or 12 April)."""
    actor = get_member(scope, actor_id)
    if not admin_of(actor, scope.team_id):
        raise NotAllowed("Only a workspace admin can change the workspace settings.")
    if date_order is not None and date_order not in {order.value for order in DateOrder}:
        raise InvalidInput("Dates are `mdy` (12/04 is Dec 4) or `dmy` (12/04 is 12 April).")
    if max_nudges is not None and not 1 <= max_nudges <= MAX_REMINDERS:
        raise InvalidInput(f"Reminders must be between 1 and {MAX_REMINDERS}, e.g. `nudges 2`.")
    if spacing_days is not None and not 1 <= spacing_days <= MAX_SPACING_DAYS:
        raise InvalidInput(f"Spacing must be 1 to {MAX_SPACING_DAYS} business days.")
    workspace = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    if max_nudges is not None:
        workspace.max_nudges = max_nudges
    if spacing_days is not None:
        workspace.nudge_spacing_days = spacing_days
    if date_order is not None:
        workspace.date_order = date_order
    return workspace


def date_order_of(scope: Scope) -> DateOrder:
    """How this workspace writes numeric dates (month first unless an admin said otherwise)."""
    workspace = scope.session.get(Workspace, scope.team_id)
    stored = workspace.date_order if workspace is not None else None
    return DateOrder(stored) if stored in {o.value for o in DateOrder} else DateOrder.MDY


def find_partners(scope: Scope, niche: str) -> list[Listed]:
    """Members whose specializations mention the niche (case-insensitive): this workspace's,
    and those of every firm in the network directory; this workspace's first, then by name."""
    needle = tidy(niche).lower()
    if not needle:
        raise InvalidInput("Name a niche, e.g. `partners healthcare`.")
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    here = Member.team_id == scope.team_id
    query = (
        select(Member, Workspace.name)
        .join(Workspace, Workspace.team_id == Member.team_id)
        .where(here | Workspace.directory.is_(True))
        .where(func.lower(Member.specializations).like(pattern, escape="\\"))
        .order_by(here.desc(), Member.name, Member.id)
    )
    return [Listed(member, firm) for member, firm in scope.session.execute(query)]


def set_directory(scope: Scope, actor_id: str, *, listed: bool) -> Workspace:
    """A workspace admin lists (or unlists) the workspace's members in the network directory."""
    actor = get_member(scope, actor_id)
    if not admin_of(actor, scope.team_id):
        raise NotAllowed("Only a workspace admin can change the workspace settings.")
    workspace = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    workspace.directory = listed
    return workspace


def _known_timezone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        BusinessCalendar(timezone=name)
    except WindowError:
        return None
    return name


def _vacation(
    scope: Scope, member: Member, text: str | None, first: date | None, last: date | None
) -> tuple[date, date] | None:
    """The days a typed or picked vacation covers, in the member's own dates (None: not given)."""
    today = local_date(scope.now, zone(member.timezone))
    if text is not None:
        first, last = read_vacation(text, today=today, date_order=date_order_of(scope))
    return None if last is None else vacation_span(member, first, last, today=today)


def _parse_hours(text: str) -> WorkingHours:
    try:
        return WorkingHours.parse(text)
    except WindowError as err:
        raise InvalidInput(str(err)) from None


def _parse_country(code: str) -> str | None:
    """A country code, "" for no public holidays, or None to follow the member's timezone."""
    code = code.strip().upper()
    if code in {"", "NONE", "OFF"}:
        return ""
    if code in {"TIMEZONE", "AUTO"}:
        return None
    try:
        BusinessCalendar(country=code)
    except WindowError:
        raise InvalidInput(
            f"I don't know holidays for “{code[:20]}”; use a two-letter country code such as "
            "US or GB, or `timezone` to follow your timezone."
        ) from None
    return code
