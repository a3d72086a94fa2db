"""The driver's requests as Socket Mode envelopes, and their acknowledgements as HTTP answers."""

from __future__ import annotations

import json
from typing import Any

from sandbox.socket_mode import Delivered, SocketModeServer
from sandbox.transport import DriverResponse

JSON = dict[str, Any]

# Interactive payloads whose acknowledgement may carry a response (view_submission's
# response_action, block_suggestion's options); every slash command's may.
RESPONSE_PAYLOAD_TYPES = frozenset({"view_submission", "block_suggestion"})


def accepts_response_payload(kind: str, payload: JSON) -> bool:
    """The envelope's accepts_response_payload flag for this kind of request."""
    if kind == "slash_commands":
        return True
    return kind == "interactive" and payload.get("type") in RESPONSE_PAYLOAD_TYPES


def as_response(delivered: Delivered) -> DriverResponse:
    """Read an acknowledgement as the HTTP answer it stands for: its payload is the body.

    Bolt's Socket Mode adapter acknowledges with the body it would have answered over HTTP
    (a text body as {"text": …}), so the driver applies it exactly as an HTTP ack body.
    """
    problems = (delivered.problem,) if delivered.problem else ()
    if not delivered.acked:
        return DriverResponse(
            0, b"", {}, delivered.elapsed, envelope_id=delivered.envelope_id, problems=problems
        )
    body = json.dumps(delivered.payload).encode() if delivered.payload else b""
    headers = {"content-type": "application/json"} if body else {}
    return DriverResponse(
        200,
        body,
        headers,
        delivered.elapsed,
        envelope_id=delivered.envelope_id,
        problems=problems,
    )


def send_envelope(
    server: SocketModeServer,
    kind: str,
    payload: JSON,
    *,
    ack_timeout: float,
    connect_timeout: float,
    retry: tuple[int, str] | None = None,
) -> DriverResponse:
    """Deliver one slash_commands, interactive or events_api envelope and wait for its ack."""
    delivered = server.deliver(
        kind,
        payload,
        accepts_response_payload=accepts_response_payload(kind, payload),
        ack_timeout=ack_timeout,
        connect_timeout=connect_timeout,
        retry=retry,
    )
    return as_response(delivered)
