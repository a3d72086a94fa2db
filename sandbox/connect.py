"""Slack Connect: channels shared between seeded teams, and people one team sees from another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sandbox.errors import SlackError
from sandbox.seed import Member, Team
from sandbox.users import bot_user_json, user_json

if TYPE_CHECKING:
    from sandbox.workspace import Workspace

JSON = dict[str, Any]

# Conversations have no creation time in the seed; every seeded one reports this one.
SEEDED_AT = 1_700_000_000


@dataclass(frozen=True)
class Outsider:
    """Someone of another team that a workspace sees through a shared channel."""

    team: Team
    member: Member | None  # None for the other team's bot user

    @property
    def name(self) -> str:
        """The person's (or bot's) handle."""
        return self.member.name if self.member is not None else self.team.bot_name


def link_shared_channels(workspaces: dict[str, Workspace]) -> None:
    """Add every shared channel to each team it is shared with; all of them see one history."""
    for ws in workspaces.values():
        ws.peers = workspaces
    for host in workspaces.values():
        for channel in host.team.channels:
            for team_id in channel.shared_with:
                guest = workspaces.get(team_id)
                if guest is None:
                    raise KeyError(f"{channel.id} is shared with {team_id}, which is not seeded")
                guest.channels[channel.id] = channel
                guest.hosted_by[channel.id] = host.id
                guest.messages[channel.id] = host.messages.setdefault(channel.id, [])


def outsider(ws: Workspace, user_id: str) -> Outsider | None:
    """Return who `user_id` is if they belong to another team and share a channel with `ws`."""
    if user_id in ws.members or user_id == ws.bot_user_id:
        return None
    shared = (c for c in ws.channels.values() if ws.is_shared(c.id))
    if not any(user_id in channel.members for channel in shared):
        return None
    for peer in ws.peers.values():
        if user_id in peer.members:
            return Outsider(peer.team, peer.members[user_id])
        if user_id == peer.bot_user_id:
            return Outsider(peer.team, None)
    return None


def outsider_json(ws: Workspace, user_id: str, now: float, *, include_locale: bool) -> JSON:
    """users.info's object for a member of another team met in a shared channel.

    Their own team's id stays in `team_id` and `profile.team`; `is_stranger` is false because
    they share a channel with the caller ("Shared channels" in Slack's users.info reference:
    a user of a foreign workspace party to a shared channel carries an is_stranger boolean).
    """
    found = outsider(ws, user_id)
    if found is None:
        raise SlackError("user_not_found")
    if found.member is None:
        user = bot_user_json(found.team, ws.api_app_id, now)
    else:
        user = user_json(found.member, found.team, now, include_locale=include_locale)
    user["is_stranger"] = False
    return user


def shared_team_ids(ws: Workspace, channel: str) -> list[str]:
    """The teams a conversation belongs to, its host first."""
    host = ws.hosted_by.get(channel, ws.id)
    return [host, *ws.peers[host].channels[channel].shared_with] if ws.is_shared(channel) else []


def conversation_json(ws: Workspace, channel: str, *, num_members: bool = False) -> JSON:
    """conversations.info's object for a channel or a bot DM, as the token's team sees it."""
    dm_user = ws.dm_user(channel)
    if dm_user is not None:
        return {
            "id": channel,
            "created": SEEDED_AT,
            "is_im": True,
            "is_org_shared": False,
            "user": dm_user,
            "is_user_deleted": ws.members[dm_user].deleted,
            "priority": 0,
        }
    seeded = ws.channels[channel]
    shared = ws.is_shared(channel)
    body: JSON = {
        "id": channel,
        "name": seeded.name,
        "is_channel": not seeded.is_private,
        "is_group": seeded.is_private,
        "is_im": False,
        "is_mpim": False,
        "is_private": seeded.is_private,
        "created": SEEDED_AT,
        "is_archived": False,
        "is_general": seeded.name == "general" and not shared,
        "unlinked": 0,
        "name_normalized": seeded.name,
        "is_shared": shared,
        "is_org_shared": False,
        "is_ext_shared": shared,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "pending_connected_team_ids": [],
        "context_team_id": ws.id,
        "conversation_host_id": ws.hosted_by.get(channel, ws.id),
        "shared_team_ids": shared_team_ids(ws, channel) if shared else [ws.id],
        "internal_team_ids": [],
        "is_member": ws.bot_user_id in seeded.members,
        "creator": "",
        "topic": {"value": "", "creator": "", "last_set": 0},
        "purpose": {"value": "", "creator": "", "last_set": 0},
        "previous_names": [],
    }
    if num_members:
        body["num_members"] = len(seeded.members)
    return body
