"""Opaque pagination cursors shaped like Slack's (base64 of "kind:value")."""

from __future__ import annotations

import base64
import binascii

from sandbox.errors import SlackError


def encode_cursor(kind: str, value: str) -> str:
    """Return an opaque cursor the way Slack builds them ("next_ts:…" base64)."""
    return base64.b64encode(f"{kind}:{value}".encode()).decode()


def decode_cursor(cursor: str, kind: str) -> str:
    """Return the value inside a cursor, or raise invalid_cursor."""
    try:
        decoded = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise SlackError("invalid_cursor") from exc
    prefix, _, value = decoded.partition(":")
    if prefix != kind or not value:
        raise SlackError("invalid_cursor")
    return value
