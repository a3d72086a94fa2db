"""response_url posts and acknowledgement bodies: turning them into what a person sees."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sandbox.args import decode_body, flag
from sandbox.content import message_content, message_metadata
from sandbox.errors import SlackError
from sandbox.model import Ephemeral, Message
from sandbox.state import RESPONSE_URL_TTL, RESPONSE_URL_USES, ResponseUrl, SandboxState
from sandbox.workspace import Workspace

JSON = dict[str, Any]

_RESPONSE_KEYS = {
    "text",
    "blocks",
    "attachments",
    "response_type",
    "replace_original",
    "delete_original",
    "thread_ts",
    "mrkdwn",
    "markdown_text",
    "unfurl_links",
    "unfurl_media",
    "metadata",
    "parse",
    "link_names",
}


def _replace(ws: Workspace, origin: tuple[str, str, bool], user_id: str, payload: JSON) -> None:
    channel, ts, ephemeral = origin
    content = message_content(payload)
    target: Message | Ephemeral = (
        ws.find_ephemeral(user_id, ts) if ephemeral else ws.find_message(channel, ts)
    )
    target.text = content.text or ""
    target.blocks = content.blocks


def _delete(ws: Workspace, origin: tuple[str, str, bool], user_id: str) -> None:
    channel, ts, ephemeral = origin
    if ephemeral:
        ws.find_ephemeral(user_id, ts).deleted = True
    else:
        ws.delete_message(channel, ts)


def deliver(
    state: SandboxState,
    ws: Workspace,
    target: ResponseUrl,
    payload: Mapping[str, Any],
    source: str,
) -> None:
    """Apply a response payload: replace/delete the original, post in channel, or ephemerally."""
    unknown = sorted(set(payload) - _RESPONSE_KEYS)
    if unknown:
        raise SlackError("invalid_payload", [f"[ERROR] unknown field `{k}`" for k in unknown])
    body = dict(payload)
    origin = target.origin
    if flag(body, "delete_original"):
        if origin is None:
            raise SlackError("message_not_found")
        _delete(ws, origin, target.user_id)
        return
    if flag(body, "replace_original") and origin is not None:
        _replace(ws, origin, target.user_id, body)
        return
    if body.get("response_type") == "in_channel":
        _post_in_channel(state, ws, target.channel, body)
        return
    content = message_content(body)
    ephemeral = Ephemeral(
        target.user_id, target.channel, state.ids.ts(), content.text or "", source
    )
    ephemeral.blocks = content.blocks
    ephemeral.thread_ts = body.get("thread_ts")
    ws.ephemerals.append(ephemeral)


def _post_in_channel(state: SandboxState, ws: Workspace, channel: str, body: JSON) -> None:
    content = message_content(body)
    thread_ts = body.get("thread_ts")
    message = Message(
        channel=channel,
        ts=state.ids.ts(),
        user=ws.bot_user_id,
        text=content.text or "",
        team=ws.id,
        blocks=content.blocks,
        attachments=content.attachments,
        metadata=message_metadata(body),
        thread_ts=ws.thread_parent(channel, thread_ts).ts if thread_ts else None,
        bot_id=ws.team.bot_id,
        app_id=ws.api_app_id,
    )
    ws.add_message(message)


def post_to_response_url(
    state: SandboxState, url_id: str, content_type: str, body: bytes
) -> tuple[int, JSON]:
    """Handle a POST to a response_url; return (HTTP status, JSON body)."""
    with state.lock:
        target = state.response_urls.get(url_id)
        if target is None:
            result: tuple[int, JSON] = (404, {"ok": False, "error": "no_service"})
        elif state.clock() - target.issued_at > RESPONSE_URL_TTL:
            result = (404, {"ok": False, "error": "expired_url"})
        elif target.uses >= RESPONSE_URL_USES:
            result = (404, {"ok": False, "error": "used_url"})
        else:
            target.uses += 1
            result = _apply(state, target, content_type, body)
        state.response_posts.append((url_id, _loads(body), result[0]))
    return result


def _apply(
    state: SandboxState, target: ResponseUrl, content_type: str, body: bytes
) -> tuple[int, JSON]:
    try:
        payload = decode_body(content_type or "application/json", body)
        if "payload" in payload and isinstance(payload["payload"], str):
            payload = json.loads(payload["payload"])
        deliver(state, state.workspace(target.team_id), target, payload, "response_url")
    except SlackError as exc:
        return 400, exc.body()
    except json.JSONDecodeError:
        return 400, {"ok": False, "error": "invalid_payload"}
    return 200, {"ok": True}


def apply_ack_body(
    state: SandboxState, target: ResponseUrl, content_type: str, body: bytes
) -> str | None:
    """Show an acknowledgement body as Slack does; return a problem description if invalid."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return None
    payload: Any
    if content_type.startswith("application/json"):
        try:
            payload = json.loads(text)
        except json.JSONDecodeError:
            return "acknowledgement body is not valid JSON"
    else:
        payload = {"text": text}
    if not isinstance(payload, dict):
        return "acknowledgement body must be a JSON object"
    try:
        with state.lock:
            deliver(state, state.workspace(target.team_id), target, payload, "ack")
    except SlackError as exc:
        return f"acknowledgement rejected: {exc}"
    return None


def _loads(body: bytes) -> JSON:
    try:
        decoded = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {"raw": body.decode("utf-8", errors="replace")}
    return decoded if isinstance(decoded, dict) else {"raw": decoded}
