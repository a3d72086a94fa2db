"""Posting DMs through the Web API, classifying every failure as 'try again later'."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from scheduler.pacer import Pacer

log = logging.getLogger(__name__)

METADATA_TYPE = "followthrough_nudge"
HISTORY_PAGE = 100


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


Outcome = Posted | Later


class Delivery(Protocol):
    """Where a sweep sends DMs (Slack, or a recorder in benchmarks)."""

    def post(
        self, team_id: str, user_id: str, text: str, blocks: list[Any], metadata: dict[str, Any]
    ) -> Outcome: ...

    def find(
        self, team_id: str, user_id: str, dm_channel: str | None, key: str
    ) -> Outcome | None: ...


class SlackDelivery:
    """Paced posting to a workspace's users; a 429 is returned, never slept on (rescheduled)."""

    def __init__(
        self, client: WebClient, pacer: Pacer, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.client, self.pacer, self.sleep = client, pacer, sleep

    def post(
        self, team_id: str, user_id: str, text: str, blocks: list[Any], metadata: dict[str, Any]
    ) -> Outcome:
        """DM a user (channel = their user id: no conversations.open per nudge)."""
        response = self._call(
            team_id,
            "chat.postMessage",
            channel=user_id,
            text=text,
            blocks=blocks,
            metadata={"event_type": METADATA_TYPE, "event_payload": metadata},
            unfurl_links=False,
        )
        if isinstance(response, Later):
            return response
        return Posted(str(response["channel"]), str(response["ts"]))

    def find(self, team_id: str, user_id: str, dm_channel: str | None, key: str) -> Outcome | None:
        """Look for an earlier post of this batch in the DM (after a crash); None if absent."""
        if dm_channel is None:
            opened = self._call(team_id, "conversations.open", users=user_id)
            if isinstance(opened, Later):
                return opened
            dm_channel = str(opened["channel"]["id"])
        history = self._call(
            team_id,
            "conversations.history",
            channel=dm_channel,
            limit=HISTORY_PAGE,
            include_all_metadata=True,
        )
        if isinstance(history, Later):
            return history
        for message in history.get("messages", []):
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("batch") == key:
                return Posted(dm_channel, str(message["ts"]))
        return None

    def _call(self, team_id: str, method: str, **arguments: Any) -> Any:
        wait = self.pacer.reserve(team_id, method)
        if wait:
            self.sleep(wait)  # pacing between calls, never waiting out a 429
        call = {
            "chat.postMessage": self.client.chat_postMessage,
            "conversations.open": self.client.conversations_open,
            "conversations.history": self.client.conversations_history,
        }[method]
        try:
            return call(**arguments)
        except SlackApiError as err:
            return self._later(team_id, method, err)
        except (SlackClientError, OSError) as err:
            log.warning("%s to %s failed: %s; will retry", method, team_id, err)
            return Later(f"network: {err}")

    def _later(self, team_id: str, method: str, err: SlackApiError) -> Later:
        status = err.response.status_code
        if status == 429:
            retry_after = float(err.response.headers.get("Retry-After", 30))
            log.info("%s rate limited in %s; retrying after %.0fs", method, team_id, retry_after)
            return Later("rate limited", retry_after=retry_after)
        error = err.response.get("error") if status < 500 else f"HTTP {status}"
        log.warning("%s refused in %s: %s; will retry", method, team_id, error)
        return Later(str(error))
