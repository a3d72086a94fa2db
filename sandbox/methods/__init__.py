"""Web API method handlers, by method name."""

from __future__ import annotations

from sandbox.methods import channels, chat, conversations, reactions, users, views
from sandbox.methods.base import Call, Handler

HANDLERS: dict[str, Handler] = {
    **users.HANDLERS,
    **conversations.HANDLERS,
    **channels.HANDLERS,
    **chat.HANDLERS,
    **reactions.HANDLERS,
    **views.HANDLERS,
}

__all__ = ["HANDLERS", "Call", "Handler"]
