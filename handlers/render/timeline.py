"""A deal's record in Slack: one line per event in the reader's time, cut within Slack's limits."""

from __future__ import annotations

from bot.ledger.timeline import Timeline
from bot.models import Member
from handlers.render.blocks import Block, context, section
from handlers.render.escape import shown
from handlers.render.words import when, zone_label

SECTION_CHARS = 2900  # under Slack's 3,000 per section
MAX_SECTIONS = 40  # under Slack's 50 blocks, with room for the heading and the tail


def timeline_reply(timeline: Timeline, reader: Member) -> tuple[str, list[Block]]:
    """The chronology, oldest first; what does not fit ends with "and N more"."""
    heading = f"*The record of {shown(timeline.subject)}* ({len(timeline.events)} events)"
    if not timeline.events:
        return heading, [section(heading)]
    zone = zone_label(timeline.events[0].at, reader)
    blocks: list[Block] = [section(heading), context(f"Times in your zone ({zone}).")]
    chunks: list[list[str]] = [[]]
    hidden = 0
    for index, event in enumerate(timeline.events):
        ref = f"{event.ref} · " if event.ref else ""
        line = f"• {when(event.at, reader)} — {ref}{shown(event.what)}"[:SECTION_CHARS]
        if len("\n".join([*chunks[-1], line])) > SECTION_CHARS:
            if len(chunks) == MAX_SECTIONS:
                hidden = len(timeline.events) - index
                break
            chunks.append([])
        chunks[-1].append(line)
    blocks += [section("\n".join(chunk)) for chunk in chunks if chunk]
    if hidden > 0:
        blocks.append(
            context(f"…and {hidden} more — `followthrough export --deal …` writes them all.")
        )
    return heading, blocks
