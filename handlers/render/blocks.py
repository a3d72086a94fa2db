"""Tiny Block Kit builders, so renderers read as content rather than JSON."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]

SECTION_LIMIT = 3000  # characters in a section's text
HEADER_LIMIT = 150
BUTTON_LIMIT = 75


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words and marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    # Never end inside an escape such as &amp; (it would show as a broken "&am").
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + "…"


def section(text: str, *, block_id: str | None = None) -> Block:
    """A section of mrkdwn text, within Slack's limit."""
    block: Block = {"type": "section", "text": mrkdwn(clip(text, SECTION_LIMIT))}
    if block_id:
        block["block_id"] = block_id
    return block


def sections(lines: list[str], *, at_most: int = 50, more: str = "") -> list[Block]:
    """Lines packed into as few sections as Slack's 3,000-character limit allows.

    Past `at_most` blocks the rest is not cut silently: a last line says how many more, and
    `more` says where to see them.
    """
    packed: list[Block] = []
    current: list[str] = []
    for index, line in enumerate(clip(line, SECTION_LIMIT) for line in lines):
        if current and len("\n".join([*current, line])) > SECTION_LIMIT:
            if len(packed) + 2 >= at_most:
                packed.append(section("\n".join(current)))
                packed.append(context(f"…and {len(lines) - index} more{more}."))
                return packed
            packed.append(section("\n".join(current)))
            current = []
        current.append(line)
    if current:
        packed.append(section("\n".join(current)))
    return packed


def context(text: str) -> Block:
    """Small grey text under a section."""
    return {"type": "context", "elements": [mrkdwn(clip(text, SECTION_LIMIT))]}


def header(text: str) -> Block:
    """A bold heading line."""
    return {"type": "header", "text": plain(clip(text, HEADER_LIMIT))}


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
        "text": plain(clip(label, BUTTON_LIMIT)),
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
