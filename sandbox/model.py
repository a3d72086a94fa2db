"""Records the stand-in keeps: messages, ephemeral messages, views and Web API calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.visible import button_labels, visible_text

JSON = dict[str, Any]


@dataclass
class Message:
    """A message in a channel or DM, with edits applied."""

    channel: str
    ts: str
    user: str
    text: str
    team: str
    blocks: list[JSON] | None = None
    attachments: list[JSON] | None = None
    metadata: JSON | None = None
    thread_ts: str | None = None
    bot_id: str | None = None
    app_id: str | None = None
    edited: JSON | None = None
    client_msg_id: str | None = None
    parent_user_id: str | None = None
    reactions: dict[str, list[str]] = field(default_factory=dict)
    replies: list[tuple[str, str]] = field(default_factory=list)

    @property
    def visible_text(self) -> str:
        """The text a person reads: blocks flattened, or the plain text without blocks."""
        return visible_text(self.text, self.blocks)

    @property
    def buttons(self) -> list[str]:
        """Labels of the buttons in this message."""
        return button_labels(self.blocks)

    @property
    def is_reply(self) -> bool:
        """True for a reply inside a thread (not the thread's parent)."""
        return self.thread_ts is not None and self.thread_ts != self.ts

    def to_json(self, *, include_metadata: bool = True) -> JSON:
        """Return the message as conversations.history renders it."""
        body: JSON = {"type": "message", "user": self.user, "text": self.text, "ts": self.ts}
        body["team"] = self.team
        optional = {
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "blocks": self.blocks,
            "attachments": self.attachments,
            "edited": self.edited,
            "client_msg_id": self.client_msg_id,
            "thread_ts": self.thread_ts,
        }
        body.update({k: v for k, v in optional.items() if v is not None})
        if include_metadata and self.metadata is not None:
            body["metadata"] = self.metadata
        if self.is_reply and self.parent_user_id:
            body["parent_user_id"] = self.parent_user_id
        self._add_thread_summary(body)
        if self.reactions:
            body["reactions"] = [
                {"name": name, "users": list(users), "count": len(users)}
                for name, users in self.reactions.items()
            ]
        return body

    def _add_thread_summary(self, body: JSON) -> None:
        if not self.replies:
            return
        users = list(dict.fromkeys(user for _, user in self.replies))
        body.update(
            reply_count=len(self.replies),
            reply_users=users,
            reply_users_count=len(users),
            latest_reply=self.replies[-1][0],
            is_locked=False,
            subscribed=False,
        )


@dataclass
class Ephemeral:
    """A message only one user sees (chat.postEphemeral, response_url or an ack body)."""

    user: str
    channel: str
    ts: str
    text: str
    source: str
    blocks: list[JSON] | None = None
    thread_ts: str | None = None
    deleted: bool = False

    @property
    def visible_text(self) -> str:
        """The text a person reads."""
        return visible_text(self.text, self.blocks)

    @property
    def buttons(self) -> list[str]:
        """Labels of the buttons in this ephemeral message."""
        return button_labels(self.blocks)

    def to_json(self) -> JSON:
        """Return the message body as an interaction payload would carry it."""
        body: JSON = {"type": "message", "text": self.text, "ts": self.ts}
        if self.blocks is not None:
            body["blocks"] = self.blocks
        return body


@dataclass
class ViewRecord:
    """A modal or Home tab view, as the stand-in holds it."""

    id: str
    team_id: str
    user_id: str
    definition: JSON
    hash: str
    app_id: str
    bot_id: str
    root_view_id: str
    previous_view_id: str | None = None
    state_values: JSON = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    # What the app last answered to a block_suggestion, per (block_id, action_id): the only
    # options a person can pick in an external select besides its initial option.
    offered: dict[tuple[str, str], list[JSON]] = field(default_factory=dict)

    def replace(self, definition: JSON, new_hash: str) -> None:
        """Swap in a new definition, keeping entered values of blocks that remain."""
        block_ids = {b.get("block_id") for b in definition.get("blocks", [])}
        self.state_values = {k: v for k, v in self.state_values.items() if k in block_ids}
        self.offered = {k: v for k, v in self.offered.items() if k[0] in block_ids}
        self.definition = definition
        self.hash = new_hash
        self.errors = {}

    @property
    def type(self) -> str:
        """ "modal" or "home"."""
        return str(self.definition.get("type", ""))

    @property
    def blocks(self) -> list[JSON]:
        """The view's blocks."""
        return list(self.definition.get("blocks") or [])

    @property
    def callback_id(self) -> str:
        """The view's callback_id ("" when unset)."""
        return str(self.definition.get("callback_id") or "")

    @property
    def external_id(self) -> str:
        """The view's external_id ("" when unset)."""
        return str(self.definition.get("external_id") or "")

    @property
    def title(self) -> str:
        """The modal title text ("" for a Home tab)."""
        title = self.definition.get("title")
        return str(title.get("text", "")) if isinstance(title, dict) else ""

    @property
    def visible_text(self) -> str:
        """The text a person reads in this view."""
        return visible_text(None, self.blocks)

    @property
    def buttons(self) -> list[str]:
        """Labels of the buttons in this view."""
        return button_labels(self.blocks)

    def to_json(self) -> JSON:
        """Return the view object Slack returns from views.* and sends in payloads."""
        d = self.definition
        body: JSON = {
            "id": self.id,
            "team_id": self.team_id,
            "type": self.type,
            "blocks": self.blocks,
            "private_metadata": d.get("private_metadata", ""),
            "callback_id": d.get("callback_id", ""),
            "state": {"values": self.state_values},
            "hash": self.hash,
            "clear_on_close": bool(d.get("clear_on_close", False)),
            "notify_on_close": bool(d.get("notify_on_close", False)),
            "external_id": d.get("external_id", ""),
            "root_view_id": self.root_view_id,
            "previous_view_id": self.previous_view_id,
            "app_id": self.app_id,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        for key in ("title", "close", "submit", "submit_disabled"):
            if key in d:
                body[key] = d[key]
        return body


@dataclass(frozen=True)
class CallRecord:
    """One request the Web API stand-in received and what it answered."""

    method: str
    args: JSON
    token: str | None
    team_id: str | None
    status: int
    response: JSON
    at: float

    @property
    def ok(self) -> bool:
        """True when the call succeeded."""
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        """The error code, or None for a successful call."""
        error = self.response.get("error")
        return str(error) if error is not None else None
