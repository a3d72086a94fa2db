"""User objects shaped like Slack's users.info / users.list members."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sandbox.seed import Member, Team

_LONG_ZONE_NAMES = {
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "JST": "Japan Standard Time",
    "UTC": "Coordinated Universal Time",
}


def tz_fields(tz: str, now: float) -> dict[str, Any]:
    """Return Slack's tz, tz_label and tz_offset (seconds east of UTC) for a zone at `now`."""
    local = datetime.fromtimestamp(now, UTC).astimezone(ZoneInfo(tz))
    offset = local.utcoffset()
    abbreviation = local.tzname() or tz
    return {
        "tz": tz,
        "tz_label": _LONG_ZONE_NAMES.get(abbreviation, abbreviation),
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
    }


def _profile(member: Member, team: Team) -> dict[str, Any]:
    first, _, last = member.real_name.partition(" ")
    avatar = hashlib.sha1(member.id.encode()).hexdigest()[:12]
    profile: dict[str, Any] = {
        "real_name": member.real_name,
        "real_name_normalized": member.real_name,
        "display_name": member.display_name,
        "display_name_normalized": member.display_name,
        "first_name": first,
        "last_name": last,
        "title": "",
        "phone": "",
        "skype": "",
        "status_text": member.status_text,
        "status_emoji": member.status_emoji,
        "status_expiration": member.status_expiration,
        "avatar_hash": avatar,
        "team": team.id,
    }
    for size in (24, 32, 48, 72, 192, 512):
        profile[f"image_{size}"] = f"https://avatars.sandbox.test/{avatar}_{size}.png"
    if member.email:
        profile["email"] = member.email
    return profile


def user_json(member: Member, team: Team, now: float, *, include_locale: bool = False) -> JSON:
    """Return the user object Slack's users.info answers for a member."""
    user: dict[str, Any] = {
        "id": member.id,
        "team_id": team.id,
        "name": member.name,
        "deleted": member.deleted,
        "color": hashlib.sha1(member.name.encode()).hexdigest()[:6],
        "real_name": member.real_name,
        **tz_fields(member.tz, now),
        "profile": _profile(member, team),
        "is_admin": member.is_admin,
        "is_owner": member.is_owner,
        "is_primary_owner": member.is_primary_owner,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": False,
        "is_app_user": False,
        "updated": int(now),
        "is_email_confirmed": member.email is not None,
        "who_can_share_contact_card": "EVERYONE",
    }
    if include_locale:
        user["locale"] = member.locale
    return user


def bot_user_json(team: Team, api_app_id: str, now: float) -> JSON:
    """Return the user object of the team's bot user."""
    bot = Member(team.bot_user_id, team.bot_name, team.bot_name.title(), "America/Los_Angeles")
    user = user_json(bot, team, now)
    user["is_bot"] = True
    user["profile"]["bot_id"] = team.bot_id
    user["profile"]["api_app_id"] = api_app_id
    user["profile"]["always_active"] = True
    user["is_email_confirmed"] = False
    return user


JSON = dict[str, Any]
