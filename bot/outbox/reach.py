"""Where a person can hear from the bot: a DM through their own firm's install, or a thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import FollowUp, FollowUpMessage, MessagePurpose
from bot.outbox.message import Block, Message


def _everywhere(_team_id: str) -> bool:
    return True


@dataclass(frozen=True)
class Reach:
    """Which workspaces have the app installed, and the link that installs it in another.

    A bot can DM a user only through an installation in the user's own workspace; a firm
    "has installed the app" when Followthrough holds a Slack client for it.
    """

    installed: Callable[[str], bool] = _everywhere
    install_url: str | None = None


@dataclass(frozen=True)
class Place:
    """A channel (and the thread in it) where a follow-up was recorded, seen by `team_id`."""

    team_id: str
    channel: str
    thread_ts: str | None = None


def place_of(session: Session, follow_up: FollowUp) -> Place | None:
    """Where a follow-up was recorded, with the thread of the card posted there, if any."""
    if not follow_up.channel:
        return None
    thread = session.scalar(
        select(FollowUpMessage.ts)
        .where(FollowUpMessage.follow_up_id == follow_up.id)
        .where(FollowUpMessage.purpose == MessagePurpose.CARD)
        .where(FollowUpMessage.channel == follow_up.channel)
        .order_by(FollowUpMessage.id)
        .limit(1)
    )
    return Place(follow_up.team_id, follow_up.channel, thread)


def addressed(
    user_id: str, text: str, blocks: list[Block] | None
) -> tuple[str, list[Block] | None]:
    """A message meant for one person, said in a channel: it starts by mentioning them."""
    mention = f"<@{user_id}>"
    if blocks is None:
        return f"{mention} {text}", None
    head = {"type": "section", "text": {"type": "mrkdwn", "text": mention}}
    return f"{mention} {text}", [head, *blocks[:49]]


def said_where(channel: str, to_user: str, message: Message) -> Message:
    """A message meant for one person as said in `channel`: named first when in a channel (a
    card or reminder for someone the bot can't DM), as it is in their DM otherwise."""
    if not channel.startswith(("C", "G")):
        return message
    return Message(*addressed(to_user, message.text, message.blocks))
