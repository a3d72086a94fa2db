"""The real bot served over HTTP against the Slack stand-in, so tests read like a user's steps."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from followthrough.live import LiveBot
from sandbox import DriverResponse, Message
from sandbox.payloads import block_actions


class Bot(LiveBot):
    """The live bot, plus what only tests do: forged clicks and reading the database."""

    def click_as(self, user: str, card: Message, label: str) -> DriverResponse:
        """A click on someone else's card (as a forwarded or forged card would send it)."""
        response = self.driver.post_raw(
            self.click_body(user, card, label), "application/x-www-form-urlencoded"
        )
        self.settle()
        return response

    def click_body(self, user: str, card: Message, label: str) -> bytes:
        """The block_actions body Slack would send for a click on `label` in `card`."""
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
        return urlencode({"payload": json.dumps(payload)}).encode()

    def press(self, user: str, action_id: str, value: str) -> DriverResponse:
        """A button press from nowhere the bot posted (a stale or forged payload)."""
        action = {"type": "button", "action_id": action_id, "block_id": "b", "value": value}
        payload = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "team_id": "T0ACME"},
            "team": {"id": "T0ACME", "domain": "acme-splits"},
            "api_app_id": self.slack.seed.api_app_id,
            "trigger_id": self.slack.issue_trigger(user),
            "container": {"type": "message", "message_ts": "1.000", "channel_id": f"D{user[1:]}"},
            "response_url": self.slack.issue_response_url(user, f"D{user[1:]}"),
            "actions": [action],
        }
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.driver.post_raw(body, "application/x-www-form-urlencoded")
