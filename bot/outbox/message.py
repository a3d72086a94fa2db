"""A rendered message and where a person who asked sees the answer (no Slack types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Block = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """What a person reads: the notification text and, optionally, Block Kit blocks."""

    text: str
    blocks: list[Block] | None = field(default=None)


@dataclass(frozen=True)
class ReplyTo:
    """Where the answer to a request goes, seen only by the person who asked.

    `channel` is where they asked (a channel id, or their user id for the bot's DM); a
    `response_url` answers slash commands and clicks (`replace`: in place of the message
    clicked, e.g. a question once answered); `public` answers in the thread for all.
    """

    channel: str
    response_url: str | None = None
    thread_ts: str | None = None
    public: bool = False
    replace: bool = False
