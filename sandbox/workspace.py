"""One workspace's live state: members, channels, DMs, messages, ephemerals and views."""

from __future__ import annotations

import bisect
import dataclasses
from typing import Any

from sandbox.connect import Outsider, outsider, outsider_json
from sandbox.errors import SlackError
from sandbox.model import Ephemeral, Message, ViewRecord
from sandbox.seed import Channel, Member, Seed, Team
from sandbox.users import bot_user_json, user_json

JSON = dict[str, Any]


def ts_key(ts: str) -> tuple[int, int]:
    """Return a sortable key for a message timestamp such as "1763758000.000100"."""
    seconds, _, fraction = ts.partition(".")
    return int(seconds), int(fraction.ljust(6, "0")[:6] or 0)


class Workspace:
    """Mutable state of one team; callers hold the stand-in's lock while using it."""

    def __init__(self, team: Team, seed: Seed) -> None:
        self.team = team
        self.api_app_id = seed.api_app_id
        self.members: dict[str, Member] = {m.id: m for m in team.members}
        self.channels: dict[str, Channel] = {c.id: c for c in team.channels}
        self.messages: dict[str, list[Message]] = {}
        self.ephemerals: list[Ephemeral] = []
        self.views: dict[str, ViewRecord] = {}
        self.modal_stacks: dict[str, list[str]] = {}
        self.homes: dict[str, str] = {}
        self.installed = True
        # Every workspace of the stand-in, and the host team of channels shared into this one.
        self.peers: dict[str, Workspace] = {team.id: self}
        self.hosted_by: dict[str, str] = {}

    @property
    def id(self) -> str:
        """The team id."""
        return self.team.id

    @property
    def bot_user_id(self) -> str:
        """The bot user's id in this team."""
        return self.team.bot_user_id

    def member(self, user_id: str) -> Member:
        """Return a person in this team or raise user_not_found."""
        member = self.members.get(user_id)
        if member is None:
            raise SlackError("user_not_found")
        return member

    def user_json(self, user_id: str, now: float, *, include_locale: bool = False) -> JSON:
        """Return users.info's user object for a person, the bot user, or a shared-channel peer."""
        if user_id == self.bot_user_id:
            return bot_user_json(self.team, self.api_app_id, now)
        if user_id not in self.members:
            return outsider_json(self, user_id, now, include_locale=include_locale)
        return user_json(self.member(user_id), self.team, now, include_locale=include_locale)

    def outsider(self, user_id: str) -> Outsider | None:
        """Return who someone of another team is, if this team shares a channel with them."""
        return outsider(self, user_id)

    def home_team(self, user_id: str) -> str:
        """Return the team a member or a shared-channel peer belongs to (user_not_found else)."""
        if user_id in self.members or user_id == self.bot_user_id:
            return self.id
        found = self.outsider(user_id)
        if found is None:
            raise SlackError("user_not_found")
        return found.team.id

    def handle(self, user_id: str) -> str:
        """Return the name of a member or a shared-channel peer."""
        found = self.outsider(user_id)
        return found.name if found is not None else self.member(user_id).name

    def is_shared(self, channel: str) -> bool:
        """True for a Slack Connect channel (shared with, or into, another team)."""
        seeded = self.channels.get(channel)
        return seeded is not None and (bool(seeded.shared_with) or channel in self.hosted_by)

    def update_member(self, user_id: str, **changes: Any) -> Member:
        """Change a member's seeded fields (tz, real_name, deleted...)."""
        member = dataclasses.replace(self.member(user_id), **changes)
        self.members[user_id] = member
        return member

    def dm_channel(self, user_id: str) -> str:
        """Return the stable D… id of a member's DM with the bot."""
        self.member(user_id)
        return "D" + user_id[1:]

    def dm_user(self, channel: str) -> str | None:
        """Return the member whose bot DM this is, or None."""
        if not channel.startswith("D"):
            return None
        user_id = "U" + channel[1:]
        return user_id if user_id in self.members else None

    def resolve_channel(self, channel: str, *, user_ids: bool = False) -> str:
        """Map a channel argument to a conversation id, or raise channel_not_found."""
        if channel in self.channels or self.dm_user(channel) is not None:
            return channel
        if user_ids and channel in self.members:
            return self.dm_channel(channel)
        raise SlackError("channel_not_found")

    def channel_members(self, channel: str) -> set[str]:
        """Return the user ids (bot included) who can see a conversation."""
        dm_user = self.dm_user(channel)
        if dm_user is not None:
            return {dm_user, self.bot_user_id}
        return set(self.channels[channel].members)

    def require_bot_in(self, channel: str) -> None:
        """Raise not_in_channel unless the bot is a member of the conversation."""
        if self.bot_user_id not in self.channel_members(channel):
            raise SlackError("not_in_channel")

    def channel_name(self, channel: str) -> str:
        """Return the name interaction payloads give a conversation."""
        if channel in self.channels:
            return self.channels[channel].name
        return "directmessage"

    def add_message(self, message: Message) -> Message:
        """Store a message (thread replies are linked to their parent)."""
        history = self.messages.setdefault(message.channel, [])
        bisect.insort(history, message, key=lambda m: ts_key(m.ts))
        if message.is_reply and message.thread_ts is not None:
            parent = self.find_message(message.channel, message.thread_ts)
            parent.thread_ts = parent.ts
            parent.replies.append((message.ts, message.user))
            message.parent_user_id = parent.user
        return message

    def find_message(self, channel: str, ts: str) -> Message:
        """Return the message at (channel, ts) or raise message_not_found."""
        for message in self.messages.get(channel, []):
            if message.ts == ts:
                return message
        raise SlackError("message_not_found")

    def thread_parent(self, channel: str, ts: str) -> Message:
        """Return the parent of the thread `ts` belongs to, or raise thread_not_found."""
        try:
            message = self.find_message(channel, ts)
        except SlackError as exc:
            raise SlackError("thread_not_found") from exc
        if message.is_reply and message.thread_ts is not None:
            return self.find_message(channel, message.thread_ts)
        return message

    def thread(self, channel: str, ts: str) -> list[Message]:
        """Return a thread's parent followed by its replies, oldest first."""
        parent = self.thread_parent(channel, ts)
        replies = [m for m in self.messages.get(channel, []) if m.thread_ts == parent.ts]
        return [parent, *[m for m in replies if m is not parent]]

    def delete_message(self, channel: str, ts: str) -> None:
        """Remove a message from its conversation."""
        message = self.find_message(channel, ts)
        self.messages[channel].remove(message)

    def find_ephemeral(self, user_id: str, ts: str) -> Ephemeral:
        """Return an ephemeral message shown to a user, or raise message_not_found."""
        for ephemeral in self.ephemerals:
            if ephemeral.user == user_id and ephemeral.ts == ts and not ephemeral.deleted:
                return ephemeral
        raise SlackError("message_not_found")

    def view_by_external_id(self, external_id: str) -> ViewRecord | None:
        """Return the view with this external_id, if any."""
        for view in self.views.values():
            if view.external_id == external_id:
                return view
        return None

    def open_modals(self, user_id: str) -> list[ViewRecord]:
        """Return a user's modal stack, bottom first."""
        return [self.views[v] for v in self.modal_stacks.get(user_id, [])]
