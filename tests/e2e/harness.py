"""The real bot served over HTTP against the Slack stand-in, so tests read like a user's steps."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from bot.clock import FrozenClock
from bot.runtime import Runtime
from sandbox import Driver, DriverResponse, Message, SlackStandIn
from sandbox.payloads import block_actions


@dataclass
class Bot:
    """A running Followthrough, the stand-in it talks to, and a driver playing Slack toward it."""

    runtime: Runtime
    slack: SlackStandIn
    driver: Driver
    url: str

    def command(self, user: str, text: str, *, channel: str | None = None) -> DriverResponse:
        """Type `/followthrough <text>` as a user, and wait until the bot has finished."""
        response = self.driver.slash_command(user, "/followthrough", text, channel=channel)
        self.settle()
        return response

    def click(self, user: str, label: str, **where: Any) -> DriverResponse:
        """Click a button by its visible label."""
        response = self.driver.click_button(user, label, **where)
        self.settle()
        return response

    def submit(self, user: str, values: dict[str, dict[str, Any]]) -> DriverResponse:
        """Submit the modal open for a user."""
        response = self.driver.submit_view(user, values)
        self.settle()
        return response

    def click_as(self, user: str, card: Message, label: str) -> DriverResponse:
        """A click on someone else's card (as a forwarded or forged card would send it)."""
        button = next(
            (element, block)
            for block in card.blocks
            for element in block.get("elements", [])
            if element.get("type") == "button" and element["text"]["text"] == label
        )
        element, block = button
        action = {
            "type": "button",
            "action_id": element["action_id"],
            "block_id": block["block_id"],
            "value": element["value"],
            "text": element["text"],
            "action_ts": "1763758000.000001",
        }
        extra = {
            "channel": {"id": card.channel, "name": "directmessage"},
            "message": {"ts": card.ts, "text": card.text, "blocks": card.blocks},
            "response_url": self.slack.issue_response_url(user, card.channel),
        }
        payload = block_actions(
            self.driver.workspace,
            self.slack.seed,
            user,
            container={"type": "message", "message_ts": card.ts, "channel_id": card.channel},
            actions=[action],
            trigger_id=self.slack.issue_trigger(user),
            extra=extra,
        )
        body = urlencode({"payload": json.dumps(payload)}).encode()
        response = self.driver.post_raw(body, "application/x-www-form-urlencoded")
        self.settle()
        return response

    def travel(self, at: datetime) -> None:
        """Move the bot's clock to `at`, and Slack's clock along by as much."""
        clock = self.runtime.clock
        assert isinstance(clock, FrozenClock)
        step = (at - clock.now()).total_seconds()
        clock.set(at)
        if step > 0:
            self.slack.advance(step)

    def sweep(self, at: datetime) -> list[str]:
        """Run the nudge sweep as of `at`; one line per thing it did."""
        self.travel(at)
        return self.runtime.sweep.run()

    def settle(self) -> None:
        """Wait for the work the bot does after acknowledging."""
        assert self.runtime.listeners.drain(timeout=15), "listeners still running after 15 s"

    def said_to(self, user: str) -> str:
        """The last ephemeral message a user saw, as Slack would show it."""
        ephemerals = self.slack.ephemerals_to(user)
        assert ephemerals, f"{user} saw no ephemeral message"
        return self.seen(ephemerals[-1].visible_text)

    def dms(self, user: str) -> list[str]:
        """Every DM the bot sent a user, oldest first, as Slack would show them."""
        return [self.seen(message.visible_text) for message in self.slack.dms_to(user)]

    def seen(self, mrkdwn: str) -> str:
        """Text as a person reads it: mentions as @Full Name, no formatting marks."""

        def name(match: re.Match[str]) -> str:
            return "@" + str(self.slack.user(match.group(1))["real_name"])

        text = re.sub(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", name, mrkdwn)
        return html.unescape(text.replace("*", "").replace("`", ""))

    def session(self) -> Session:
        """A database session for checking what the ledger holds."""
        return self.runtime.sessions()
