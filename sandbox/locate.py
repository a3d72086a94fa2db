"""Finding what a person can click: buttons and menus in messages, the Home tab and modals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sandbox.errors import DriverError
from sandbox.model import Ephemeral, Message, ViewRecord
from sandbox.visible import iter_elements
from sandbox.workspace import Workspace

JSON = dict[str, Any]
Match = Callable[[JSON], bool]


@dataclass
class Surface:
    """Somewhere blocks are shown to a person: a message, an ephemeral message or a view."""

    kind: str
    channel: str | None = None
    message: Message | None = None
    ephemeral: Ephemeral | None = None
    view: ViewRecord | None = None

    @property
    def blocks(self) -> list[JSON]:
        """The blocks shown on this surface."""
        if self.message is not None:
            return self.message.blocks or []
        if self.ephemeral is not None:
            return self.ephemeral.blocks or []
        return self.view.blocks if self.view is not None else []


@dataclass
class Found:
    """An element a person can act on, with where it is."""

    surface: Surface
    block: JSON
    element: JSON


def _messages(ws: Workspace, user_id: str, channel: str) -> Iterator[Surface]:
    for message in reversed(ws.messages.get(channel, [])):
        yield Surface("message", channel, message=message)


def surfaces(ws: Workspace, user_id: str, where: str | None, ts: str | None) -> Iterator[Surface]:
    """Yield the surfaces to search, in the order a person would look at them.

    Someone of another team (in a shared channel) has no DM or Home tab with this team's bot.
    """
    stack = ws.modal_stacks.get(user_id, [])
    if where in (None, "modal") and stack and ts is None:
        yield Surface("modal", view=ws.views[stack[-1]])
    if where in (None, "dm") and user_id in ws.members:
        yield from _messages(ws, user_id, ws.dm_channel(user_id))
    if where in (None, "ephemeral"):
        for ephemeral in reversed(ws.ephemerals):
            if ephemeral.user == user_id and not ephemeral.deleted:
                yield Surface("ephemeral", ephemeral.channel, ephemeral=ephemeral)
    if where is None or where.startswith(("C", "D")):
        for channel in ws.channels if where is None else [where]:
            if user_id in ws.channel_members(channel):
                yield from _messages(ws, user_id, channel)
    home = ws.homes.get(user_id)
    if where in (None, "home") and home and ts is None:
        yield Surface("home", view=ws.views[home])


def _surface_ts(surface: Surface) -> str | None:
    if surface.message is not None:
        return surface.message.ts
    return surface.ephemeral.ts if surface.ephemeral is not None else None


def find(
    ws: Workspace,
    user_id: str,
    match: Match,
    description: str,
    *,
    where: str | None = None,
    ts: str | None = None,
) -> Found:
    """Return the first element `match` accepts on the member's surfaces, newest first."""
    seen: list[str] = []
    for surface in surfaces(ws, user_id, where, ts):
        if ts is not None and _surface_ts(surface) != ts:
            continue
        for block, element in iter_elements(surface.blocks):
            if match(element):
                return Found(surface, block, element)
            label = element.get("text", {}).get("text") if element.get("type") == "button" else None
            if label:
                seen.append(label)
    where_text = f" in {where}" if where else ""
    raise DriverError(f"{user_id} sees no {description}{where_text}; buttons seen: {seen[:20]}")


def button_labelled(label: str) -> Match:
    """Match a button by its visible label."""

    def match(element: JSON) -> bool:
        text = element.get("text")
        shown = text.get("text") if isinstance(text, dict) else text
        return element.get("type") == "button" and str(shown).strip() == label.strip()

    return match


def element_with_action_id(action_id: str) -> Match:
    """Match any interactive element by action_id."""
    return lambda element: element.get("action_id") == action_id
