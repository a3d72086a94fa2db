"""Driver half for the Events API: what people do in Slack, delivered as event callbacks."""

from __future__ import annotations

import dataclasses
import json
import secrets
from dataclasses import dataclass

from sandbox import events
from sandbox.driver_base import JSON, DriverBase
from sandbox.errors import DriverError
from sandbox.model import Message
from sandbox.payloads import mention_markup
from sandbox.transport import DriverResponse


@dataclass(frozen=True)
class Posted:
    """A message a member typed, and the app's answers to the events it produced."""

    message: Message
    responses: tuple[DriverResponse, ...]

    @property
    def ts(self) -> str:
        """The new message's ts."""
        return self.message.ts


class EventsDriver(DriverBase):
    """Sends Events API callbacks, signed, with Slack's retry headers when replaying."""

    def subscribed(self, event_type: str) -> bool:
        """True if the app is subscribed to this event type (all types unless configured)."""
        return self.subscriptions is None or event_type in self.subscriptions

    def send_event(self, event: JSON) -> DriverResponse:
        """Wrap an event in an event_callback envelope and deliver it (retrying if configured)."""
        ws = self.workspace
        event_id = self.state.ids.event_id()
        envelope = events.envelope(ws, self.slack.seed, event, event_id, int(self._now()))
        body = json.dumps(envelope).encode()
        self._sent_events[event_id] = body
        response = self._send_json(body)
        attempt = 0
        while attempt < self.event_retries and self._undelivered(response):
            attempt += 1
            response = self._redeliver(event_id, attempt, self._retry_reason(response))
        return self._finish(dataclasses.replace(response, event_id=event_id, attempts=attempt + 1))

    def replay_event(
        self, event_id: str, *, retry_num: int = 1, reason: str | None = None
    ) -> DriverResponse:
        """Deliver an earlier event again, as Slack retries: same body, with the retry number
        and reason (HTTP headers, or the envelope's retry_attempt and retry_reason). The reason
        defaults to http_timeout over HTTP and timeout over Socket Mode."""
        reason = reason or ("timeout" if self.over_socket else "http_timeout")
        return self._finish(self._redeliver(event_id, retry_num, reason))

    def _redeliver(self, event_id: str, retry_num: int, reason: str) -> DriverResponse:
        body = self._sent_events[event_id]
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": reason}
        response = self._send_json(body, headers=headers)
        return dataclasses.replace(response, event_id=event_id)

    def _undelivered(self, response: DriverResponse) -> bool:
        return response.status != 200 or response.elapsed > self.ack_deadline

    def _retry_reason(self, response: DriverResponse) -> str:
        if self.over_socket:
            return "timeout"
        timed_out = response.status == 0 or response.elapsed > self.ack_deadline
        return "http_timeout" if timed_out else "http_error"

    def url_verification(self, challenge: str | None = None) -> DriverResponse:
        """Send the url_verification handshake; the app must echo the challenge (HTTP only)."""
        if self.over_socket:
            raise DriverError("Slack verifies request URLs over HTTP only, not over Socket Mode")
        token = challenge or secrets.token_urlsafe(24)
        body = json.dumps(events.url_verification(self.slack.seed, token)).encode()
        return self._send_json(body)

    def _bot_sees(self, channel: str) -> bool:
        return self.workspace.bot_user_id in self.workspace.channel_members(channel)

    def post_message(self, user_id: str, channel: str, text: str) -> Posted:
        """A member posts a message (channel id, D… id, or user id for their bot DM)."""
        self._person(user_id)
        typed = mention_markup(self.workspace, text)
        return self._typed(self.slack.add_user_message(user_id, channel, typed))

    def reply_in_thread(self, user_id: str, channel: str, thread_ts: str, text: str) -> Posted:
        """A member replies in a thread."""
        self._person(user_id)
        typed = mention_markup(self.workspace, text)
        message = self.slack.add_user_message(user_id, channel, typed, thread_ts=thread_ts)
        return self._typed(message)

    def _typed(self, message: Message) -> Posted:
        responses: list[DriverResponse] = []
        if not self._bot_sees(message.channel):
            return Posted(message, ())
        with self.state.lock:
            event = events.message_event(self.workspace, message)
            mention = f"<@{self.workspace.bot_user_id}>" in message.text
        if self.subscribed("message"):
            responses.append(self.send_event(event))
        if mention and self.subscribed("app_mention") and event["channel_type"] != "im":
            with self.state.lock:
                event = events.message_event(self.workspace, message, "app_mention")
            responses.append(self.send_event(event))
        return Posted(message, tuple(responses))

    def react(self, user_id: str, channel: str, ts: str, name: str) -> DriverResponse | None:
        """A member adds an emoji reaction; returns None if the app gets no event."""
        self._person(user_id)
        message = self.slack.add_reaction(user_id, channel, ts, name)
        if not (self._bot_sees(message.channel) and self.subscribed("reaction_added")):
            return None
        return self.send_event(events.reaction_event(message, user_id, name.strip(":"), self._ts()))

    def unreact(self, user_id: str, channel: str, ts: str, name: str) -> DriverResponse | None:
        """A member removes an emoji reaction; returns None if the app gets no event."""
        self._person(user_id)
        message = self.slack.remove_reaction(user_id, channel, ts, name)
        if not (self._bot_sees(message.channel) and self.subscribed("reaction_removed")):
            return None
        event = events.reaction_event(message, user_id, name.strip(":"), self._ts(), added=False)
        return self.send_event(event)

    def open_home(self, user_id: str, tab: str = "home") -> DriverResponse:
        """A member opens the app's Home (or Messages) tab."""
        self._member(user_id)
        home = self.slack.home_of(user_id)
        view = home.to_json() if home is not None else None
        with self.state.lock:
            event = events.app_home_opened(self.workspace, user_id, self._ts(), view, tab)
        return self.send_event(event)

    def change_user(self, user_id: str, **changes: object) -> DriverResponse:
        """A member's profile changes (tz, real_name, deleted...): user_change is sent."""
        self._member(user_id)
        user = self.slack.update_user(user_id, **changes)
        return self.send_event(events.user_change(user, int(self._now())))

    def revoke_tokens(self) -> DriverResponse:
        """The team's bot token is revoked: tokens_revoked is sent."""
        self.slack.revoke_token(self.slack.token(self.team_id))
        return self.send_event(events.tokens_revoked(self.workspace))

    def uninstall_app(self) -> tuple[DriverResponse, DriverResponse]:
        """The app is uninstalled: tokens are revoked, tokens_revoked then app_uninstalled sent."""
        self.slack.uninstall(self.team_id)
        first = self.send_event(events.tokens_revoked(self.workspace))
        return first, self.send_event(events.app_uninstalled())
