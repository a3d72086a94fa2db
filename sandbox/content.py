"""Message content checks shared by chat.*, response_url posts and acknowledgement bodies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.args import structured, text_arg
from sandbox.blocks import MESSAGE_MAX_BLOCKS, BlockKitError, check_blocks, normalize_blocks
from sandbox.errors import SlackError

JSON = dict[str, Any]

MAX_TEXT = 40_000


@dataclass(frozen=True)
class Content:
    """Validated message content; fields are None when the argument was not given."""

    text: str | None
    blocks: list[JSON] | None
    attachments: list[JSON] | None


def message_content(args: Mapping[str, Any], *, need_something: bool = True) -> Content:
    """Validate text/blocks/attachments as chat.postMessage does."""
    text = text_arg(args, "text")
    markdown = text_arg(args, "markdown_text")
    if markdown is not None:
        if text is not None or args.get("blocks") not in (None, "", []):
            raise SlackError("markdown_text_conflict")
        text = markdown
    blocks = structured(args, "blocks", "invalid_blocks_format")
    attachments = structured(args, "attachments", "invalid_attachments")
    if blocks is not None:
        try:
            check_blocks(blocks, "/blocks", MESSAGE_MAX_BLOCKS)
        except BlockKitError as exc:
            raise SlackError("invalid_blocks", exc.messages) from exc
        blocks = normalize_blocks(blocks)
    if attachments is not None and not isinstance(attachments, list):
        raise SlackError("invalid_attachments", ["[ERROR] attachments must be an array"])
    if need_something and not (text or blocks or attachments):
        raise SlackError("no_text")
    if text is not None and len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")
    return Content(text, blocks, attachments)


def message_metadata(args: Mapping[str, Any]) -> JSON | None:
    """Validate the `metadata` argument ({event_type, event_payload})."""
    metadata = structured(args, "metadata", "invalid_metadata_format")
    if metadata is None:
        return None
    problems = []
    if not isinstance(metadata, dict):
        problems.append("[ERROR] metadata must be an object")
    else:
        event_type = metadata.get("event_type")
        if not isinstance(event_type, str) or not event_type:
            problems.append("[ERROR] metadata.event_type must be a non-empty string")
        if not isinstance(metadata.get("event_payload"), dict):
            problems.append("[ERROR] metadata.event_payload must be an object")
        extra = set(metadata) - {"event_type", "event_payload"}
        problems.extend(f"[ERROR] unknown metadata field `{k}`" for k in sorted(extra))
    if problems:
        raise SlackError("invalid_metadata_format", problems)
    assert isinstance(metadata, dict)
    return metadata
