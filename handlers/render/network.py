"""Wording for partners in other firms: a firm without the app, and the network directory."""

from __future__ import annotations

from bot.ledger import Listed
from bot.models import FollowUp
from handlers.render.escape import shown
from handlers.render.words import mention

DIRECTORY_LIMIT = 25  # partners shown at most; the rest are counted, not shown
SECTION_CHARS = 3000  # Slack's limit for one section's text


def not_installed(
    follow_up: FollowUp, firm: str, channel: str | None, install_url: str | None
) -> str:
    """Told once to a creditor: the partner's firm has no install, what happens instead."""
    debtor = follow_up.debtor
    their_firm = (
        f"{shown(firm)} ({mention(debtor)}'s firm)" if firm else f"{mention(debtor)}'s firm"
    )
    where = (
        f"I'll remind them in the thread in <#{channel}> instead, within the same limits."
        if channel
        else "I can't DM them, and this wasn't recorded in a channel we share, so record "
        "their follow-ups in a shared channel and I'll remind them in its thread."
    )
    fix = (
        f"Pass this link to their Slack admin to add Followthrough: <{install_url}>"
        if install_url
        else "Ask their Slack admin to install Followthrough in their workspace."
    )
    return (
        f"{their_firm} hasn't installed Followthrough, so I can't DM them ({follow_up.ref}). "
        f"{where} Once they install it, reminders come to them as DMs. {fix}"
    )


def directory(niche: str, found: list[Listed], home_team: str) -> str:
    """Partners for a niche across the firms in the directory, cut with "and N more"."""
    if not found:
        return (
            f"No one lists “{shown(niche)}” yet, here or in the firms in the network directory. "
            "Ask partners to add it with `profile`."
        )
    head = f"Partners for “{shown(niche)}”:"
    room = SECTION_CHARS - len(head) - 60  # the "and N more" line always fits
    lines: list[str] = []
    for listed in found[:DIRECTORY_LIMIT]:
        line = _partner_line(listed, home_team)
        if len(line) + 1 > room:
            break
        lines.append(line)
        room -= len(line) + 1
    if len(found) > len(lines):
        lines.append(f"…and {len(found) - len(lines)} more; name a narrower niche.")
    return "\n".join([head, *lines])


def _partner_line(listed: Listed, home_team: str) -> str:
    member = listed.member
    firm = shown(listed.firm) or "another firm"
    niches = shown(member.specializations)
    if member.team_id == home_team:
        return f"• {mention(member)} — {niches}"
    # A mention of someone in another firm shows only where the two firms share a channel;
    # the profile link opens them for anyone their workspace lets see them.
    link = f"<slack://user?team={member.team_id}&id={member.slack_user_id}|profile>"
    return f"• *{shown(member.name)}* · {firm} — {niches} · {mention(member)} ({link})"


def directory_saved(listed: bool) -> str:
    """The answer to `settings directory on|off`."""
    if listed:
        return (
            "Saved. Your workspace is in the network directory: partners at other firms that "
            "are in it too find your members' specializations with `partners healthcare`."
        )
    return "Saved. Your workspace is out of the network directory; `partners` still searches it."
