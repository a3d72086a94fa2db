"""The Web API calls that deliver a message, each failure sorted: try later, or refused for good."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient

from bot.models import Delivery
from bot.outbox.dispatch import Parcel
from scheduler.pacer import Pacer

log = logging.getLogger(__name__)

METADATA_TYPE = "followthrough_message"
HISTORY_PAGE = 200
# Errors that say the workspace's token is not usable now: wait, it may be reinstalled.
TOKEN_TROUBLE = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
# An ephemeral message can't reach someone where the bot isn't: tell them in their DM instead.
NOT_THERE = frozenset({"channel_not_found", "not_in_channel", "user_not_in_channel"})


@dataclass(frozen=True)
class Posted:
    """The message is in Slack."""

    channel: str
    ts: str


@dataclass(frozen=True)
class Later:
    """Not delivered now; `retry_after` is Slack's Retry-After, or None to back off."""

    reason: str
    retry_after: float | None = None


@dataclass(frozen=True)
class Refused:
    """Slack will never accept this message as it is (malformed, or its place is gone)."""

    reason: str


Outcome = Posted | Later | Refused


class Slack:
    """One workspace's Web API, paced, with every answer sorted into an Outcome."""

    def __init__(
        self,
        client: WebClient,
        pacer: Pacer,
        *,
        sleep: Callable[[float], None] = time.sleep,
        webhook: Callable[[str], WebhookClient] = WebhookClient,
    ) -> None:
        self.client, self.pacer, self.sleep, self.webhook = client, pacer, sleep, webhook

    def deliver(self, parcel: Parcel) -> Outcome:
        """Post, post ephemerally, answer a response_url or update, as the parcel says."""
        if parcel.delivery is Delivery.RESPOND:
            return self._respond(parcel)
        if parcel.delivery is Delivery.UPDATE:
            return self._answer(
                parcel,
                "chat.update",
                channel=parcel.channel,
                ts=parcel.target_ts,
                text=parcel.text,
                blocks=parcel.blocks,
            )
        if parcel.delivery is Delivery.EPHEMERAL:
            outcome = self._answer(
                parcel,
                "chat.postEphemeral",
                channel=parcel.channel,
                user=parcel.user_id,
                text=parcel.text,
                blocks=parcel.blocks,
                thread_ts=parcel.thread_ts,
            )
            if isinstance(outcome, Refused) and outcome.reason in NOT_THERE and parcel.user_id:
                return self._post(parcel, channel=parcel.user_id, thread_ts=None)
            return outcome
        return self._post(parcel, channel=parcel.channel, thread_ts=parcel.thread_ts)

    def find(self, parcel: Parcel) -> Outcome | None:
        """Look for an earlier post of this message (after a crash); None if it is not there."""
        channel = parcel.dm_channel or parcel.channel
        if channel.startswith(("U", "W")):
            opened = self._call(parcel, "conversations.open", users=channel)
            if not isinstance(opened, dict):
                return opened
            channel = str(opened["channel"]["id"])
        method = "conversations.replies" if parcel.thread_ts else "conversations.history"
        cursor: str | None = None
        while True:
            page = self._call(
                parcel,
                method,
                channel=channel,
                ts=parcel.thread_ts,
                oldest=parcel.after_ts or "0",
                limit=HISTORY_PAGE,
                include_all_metadata=True,
                cursor=cursor,
            )
            if not isinstance(page, dict):
                return page
            for message in page.get("messages", []):
                payload = (message.get("metadata") or {}).get("event_payload") or {}
                if payload.get("key") == parcel.key:
                    return Posted(channel, str(message["ts"]))
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return None

    def _post(self, parcel: Parcel, *, channel: str, thread_ts: str | None) -> Outcome:
        answer = self._call(
            parcel,
            "chat.postMessage",
            channel=channel,
            text=parcel.text,
            blocks=parcel.blocks,
            thread_ts=thread_ts,
            metadata={
                "event_type": METADATA_TYPE,
                "event_payload": {
                    "key": parcel.key,
                    "kind": parcel.kind.value,
                    "follow_ups": parcel.follow_ups,
                },
            },
            unfurl_links=False,
            unfurl_media=False,
        )
        if not isinstance(answer, dict):
            return answer
        posted_in = str(answer["channel"])
        self.pacer.same_channel(parcel.team_id, channel, posted_in)
        return Posted(posted_in, str(answer["ts"]))

    def _answer(self, parcel: Parcel, method: str, **arguments: Any) -> Outcome:
        answer = self._call(parcel, method, **arguments)
        if not isinstance(answer, dict):
            return answer
        return Posted(str(answer.get("channel") or parcel.channel), str(answer.get("ts") or ""))

    def _respond(self, parcel: Parcel) -> Outcome:
        wait = self.pacer.reserve(parcel.team_id, "response_url", parcel.channel)
        if wait:
            self.sleep(wait)
        try:
            response = self.webhook(str(parcel.response_url)).send(
                text=parcel.text,
                blocks=parcel.blocks,
                response_type="ephemeral",
                replace_original=parcel.replace_original,
            )
        except (SlackClientError, OSError) as err:
            return Later(f"response_url: {err}")
        if response.status_code == 200:
            return Posted(parcel.channel, "")
        if response.status_code == 429:
            return Later("rate limited", retry_after=float(response.headers.get("Retry-After", 5)))
        if response.status_code >= 500:
            return Later(f"response_url: HTTP {response.status_code}")
        # Expired or used up (5 answers in 30 minutes): say it in their DM instead.
        if parcel.user_id:
            return self._post(parcel, channel=parcel.user_id, thread_ts=None)
        return Refused(f"response_url: HTTP {response.status_code} {response.body[:100]}")

    def _call(self, parcel: Parcel, method: str, **arguments: Any) -> dict[str, Any] | Outcome:
        channel = arguments.get("channel") if method != "conversations.open" else None
        wait = self.pacer.reserve(parcel.team_id, method, channel)
        if wait:
            self.sleep(wait)  # pacing between calls; a 429 is never slept on here
        arguments = {name: value for name, value in arguments.items() if value is not None}
        try:
            # The typed methods encode each call as Slack expects it (GET or JSON).
            response = getattr(self.client, method.replace(".", "_"))(**arguments)
        except SlackApiError as err:
            return _sorted(parcel, method, err)
        except (SlackClientError, OSError) as err:
            log.warning("%s in %s failed: %s; will retry", method, parcel.team_id, err)
            return Later(f"network: {err}")
        return dict(response.data) if isinstance(response.data, dict) else {}


def _sorted(parcel: Parcel, method: str, err: SlackApiError) -> Outcome:
    status = err.response.status_code
    if status == 429:
        retry_after = float(err.response.headers.get("Retry-After", 30))
        log.info("%s rate limited in %s; retrying after %.0fs", method, parcel.team_id, retry_after)
        return Later("rate limited", retry_after=retry_after)
    if status >= 500:
        return Later(f"HTTP {status}")
    error = str(err.response.get("error") or f"HTTP {status}")
    if error in TOKEN_TROUBLE or error in {"ratelimited", "fatal_error", "internal_error"}:
        return Later(error)
    return Refused(error)
