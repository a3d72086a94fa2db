"""Tiny Block Kit builders, so renderers read as content rather than JSON."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]

SECTION_LIMIT = 3000


def section(text: str, *, block_id: str | None = None) -> Block:
    """A section of mrkdwn text, trimmed to Slack's limit."""
    block: Block = {"type": "section", "text": mrkdwn(text[:SECTION_LIMIT])}
    if block_id:
        block["block_id"] = block_id
    return block


def context(text: str) -> Block:
    """Small grey text under a section."""
    return {"type": "context", "elements": [mrkdwn(text[:SECTION_LIMIT])]}


def header(text: str) -> Block:
    """A bold heading line."""
    return {"type": "header", "text": plain(text[:150])}


def divider() -> Block:
    """A horizontal rule."""
    return {"type": "divider"}


def actions(block_id: str, *buttons: Block) -> Block:
    """A row of buttons."""
    return {"type": "actions", "block_id": block_id, "elements": list(buttons)}


def button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    """A button; style is 'primary', 'danger' or None."""
    element: Block = {
        "type": "button",
        "text": plain(label),
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def mrkdwn(text: str) -> Block:
    """A mrkdwn text object."""
    return {"type": "mrkdwn", "text": text}


def plain(text: str) -> Block:
    """A plain_text object with emoji."""
    return {"type": "plain_text", "text": text, "emoji": True}
