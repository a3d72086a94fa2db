"""The driver's plumbing: HTTP (signed requests to the app's URL) or Socket Mode, and failures."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, Self
from urllib.parse import urlencode

from sandbox.errors import DriverError
from sandbox.seed import ACME_TEAM_ID
from sandbox.socket_transport import send_envelope
from sandbox.transport import ACK_DEADLINE, DriverResponse, Signing, send
from sandbox.workspace import Workspace

if TYPE_CHECKING:
    from sandbox.standin import SlackStandIn
    from sandbox.state import SandboxState

JSON = dict[str, Any]
Transport = Literal["http", "socket_mode"]


class InteractionFailed(DriverError):
    """Slack would show the person an error: late answer or a body Slack rejects."""

    def __init__(self, response: DriverResponse) -> None:
        super().__init__("; ".join(response.problems))
        self.response = response


class DriverBase:
    """Sends requests to one app on behalf of one workspace, over HTTP or Socket Mode.

    Over HTTP (the default) requests are signed and POSTed to the app's request URL(s). With
    transport="socket_mode" (see socket_mode()) the same requests travel as envelopes on the
    connection the app opened with apps.connections.open, and the app's acknowledgement stands
    for the HTTP answer; `connect_timeout` bounds the wait for a connection to be open.

    `event_retries` makes the stand-in redeliver an event whose delivery failed (no answer or
    ack within `ack_deadline`, or a non-200 answer), up to that many times and at once, with
    Slack's retry number and reason; Slack itself waits a minute, then five, between retries.
    """

    def __init__(
        self,
        slack: SlackStandIn,
        url: str | None = None,
        *,
        team_id: str = ACME_TEAM_ID,
        signing_secret: str | None = None,
        timestamp: int | None = None,
        timeout: float = 10.0,
        ack_deadline: float = ACK_DEADLINE,
        strict: bool = True,
        subscriptions: Iterable[str] | None = None,
        commands_url: str | None = None,
        interactivity_url: str | None = None,
        events_url: str | None = None,
        transport: Transport = "http",
        event_retries: int = 0,
        connect_timeout: float = 5.0,
    ) -> None:
        if transport not in ("http", "socket_mode"):
            raise ValueError(f"unknown transport {transport!r}")
        if (
            transport == "http"
            and not url
            and None in (commands_url, interactivity_url, events_url)
        ):
            raise ValueError("an HTTP driver needs the app's request URL")
        self.transport: Transport = transport
        self.event_retries = event_retries
        self.connect_timeout = connect_timeout
        self.slack = slack
        self.team_id = team_id
        self.signing = Signing(signing_secret or slack.signing_secret, timestamp)
        self.timeout = timeout
        self.ack_deadline = ack_deadline
        self.strict = strict
        self.subscriptions = None if subscriptions is None else frozenset(subscriptions)
        self.commands_url = commands_url or url or ""
        self.interactivity_url = interactivity_url or url or ""
        self.events_url = events_url or url or ""
        self._sent_events: dict[str, bytes] = {}

    @classmethod
    def socket_mode(cls, slack: SlackStandIn, **options: Any) -> Self:
        """A driver that delivers over the stand-in's Socket Mode connection instead of HTTP."""
        return cls(slack, None, transport="socket_mode", **options)

    @property
    def over_socket(self) -> bool:
        """True when requests travel over Socket Mode."""
        return self.transport == "socket_mode"

    @property
    def state(self) -> SandboxState:
        """The stand-in's state (hold state.lock while touching it)."""
        return self.slack.state

    @property
    def workspace(self) -> Workspace:
        """The workspace this driver acts in."""
        return self.state.workspace(self.team_id)

    def with_signing(self, *, secret: str | None = None, timestamp: int | None = None) -> Self:
        """Return a copy that signs with another secret and/or a fixed (e.g. stale) timestamp."""
        clone = copy.copy(self)
        clone.signing = dataclasses.replace(
            self.signing,
            secret=secret if secret is not None else self.signing.secret,
            timestamp=timestamp if timestamp is not None else self.signing.timestamp,
        )
        return clone

    def post_raw(
        self,
        body: bytes,
        content_type: str,
        *,
        url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> DriverResponse:
        """Sign and POST an arbitrary body to the app (HTTP drivers only)."""
        if self.over_socket:
            raise DriverError("this driver delivers over Socket Mode, not to an HTTP URL")
        target = url or self.events_url
        return send(
            target, body, content_type, self.signing, timeout=self.timeout, extra_headers=headers
        )

    def _member(self, user_id: str) -> None:
        if user_id not in self.workspace.members:
            raise DriverError(f"{user_id} is not a member of {self.team_id}")

    def _person(self, user_id: str) -> None:
        """Accept a member, or someone of another team in one of this team's shared channels."""
        with self.state.lock:
            if user_id in self.workspace.members or self.workspace.outsider(user_id) is not None:
                return
        raise DriverError(f"{user_id} is neither a member of {self.team_id} nor a peer there")

    def _send_form(self, url: str, form: dict[str, str]) -> DriverResponse:
        """Send a slash command: a form over HTTP, the same fields as a dict over Socket Mode."""
        if self.over_socket:
            return self._envelope("slash_commands", dict(form))
        body = urlencode(form).encode()
        return self.post_raw(body, "application/x-www-form-urlencoded", url=url)

    def _send_payload(self, payload: JSON) -> DriverResponse:
        if self.over_socket:
            return self._envelope("interactive", payload)
        return self._send_form(self.interactivity_url, {"payload": json.dumps(payload)})

    def _send_json(self, body: bytes, *, headers: dict[str, str] | None = None) -> DriverResponse:
        if self.over_socket:
            retry = None
            if headers and "X-Slack-Retry-Num" in headers:
                retry = (int(headers["X-Slack-Retry-Num"]), headers.get("X-Slack-Retry-Reason", ""))
            return self._envelope("events_api", json.loads(body), retry)
        return self.post_raw(body, "application/json", url=self.events_url, headers=headers)

    def _envelope(
        self, kind: str, payload: JSON, retry: tuple[int, str] | None = None
    ) -> DriverResponse:
        return send_envelope(
            self.slack.socket_mode,
            kind,
            payload,
            ack_timeout=self.ack_deadline,
            connect_timeout=self.connect_timeout,
            retry=retry,
        )

    def _finish(self, response: DriverResponse, problems: Iterable[str] = ()) -> DriverResponse:
        found = [*response.problems, *problems]
        if response.status != 0 and response.elapsed > self.ack_deadline:
            late = f"the app answered after {response.elapsed:.2f}s"
            found.append(f"{late} (Slack waits {self.ack_deadline:g}s)")
        result = dataclasses.replace(response, problems=tuple(dict.fromkeys(found)))
        if self.strict and result.problems:
            raise InteractionFailed(result)
        return result

    def _now(self) -> float:
        return self.state.clock()

    def _ts(self) -> str:
        return self.state.ids.ts()
