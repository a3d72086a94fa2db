"""Buttons and menus on ephemeral messages and inside modals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from sandbox import SlackStandIn

if TYPE_CHECKING:
    from tests.sandbox.conftest import BoltHarness

JSON = dict[str, Any]


def _button(label: str, action_id: str) -> JSON:
    return {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": action_id}


PICKER_MODAL = {
    "type": "modal",
    "callback_id": "picker",
    "title": {"type": "plain_text", "text": "Pick"},
    "submit": {"type": "plain_text", "text": "Done"},
    "blocks": [
        {
            "type": "actions",
            "block_id": "tools",
            "elements": [
                _button("Refresh", "refresh"),
                {
                    "type": "static_select",
                    "action_id": "partner",
                    "placeholder": {"type": "plain_text", "text": "Partner"},
                    "options": [
                        {"text": {"type": "plain_text", "text": "Dana"}, "value": "U0DANA"},
                        {"text": {"type": "plain_text", "text": "Sam"}, "value": "U0SAM"},
                    ],
                },
            ],
        },
        {
            "type": "input",
            "block_id": "note",
            "optional": True,
            "label": {"type": "plain_text", "text": "Note"},
            "element": {"type": "plain_text_input", "action_id": "text"},
        },
    ],
}


def test_button_on_an_ephemeral_message(bolt: BoltHarness, slack: SlackStandIn) -> None:
    clicks: list[JSON] = []

    @bolt.app.action("undo")
    def undo(ack: Ack, body: JSON, respond: Respond) -> None:
        clicks.append(body)
        ack()
        respond(replace_original=True, text="Undone")

    blocks = [{"type": "actions", "elements": [_button("Undo", "undo")]}]
    slack.client().chat_postEphemeral(channel="C0SPLITS", user="U0SAM", text="Saved", blocks=blocks)
    bolt.driver.click_button("U0SAM", "Undo", where="ephemeral")
    assert clicks[0]["container"]["is_ephemeral"] is True
    assert "message" not in clicks[0]
    assert [e.text for e in slack.ephemerals_to("U0SAM")] == ["Undone"]


def test_modal_actions_update_the_view_and_keep_state(
    bolt: BoltHarness, slack: SlackStandIn
) -> None:
    seen: list[JSON] = []

    @bolt.app.action("refresh")
    def refresh(ack: Ack, body: JSON, client: WebClient) -> None:
        ack()
        seen.append(body)
        title = {"type": "plain_text", "text": "Refreshed"}
        client.views_update(view_id=body["view"]["id"], view={**PICKER_MODAL, "title": title})

    @bolt.app.action("partner")
    def partner(ack: Ack, body: JSON) -> None:
        seen.append(body)
        ack()

    @bolt.app.view("picker")
    def done(ack: Ack, body: JSON) -> None:
        seen.append(body)
        ack()

    slack.client().views_open(trigger_id=slack.issue_trigger("U0ERIN"), view=PICKER_MODAL)
    bolt.driver.choose("U0ERIN", "partner", "U0SAM")
    bolt.driver.click_button("U0ERIN", "Refresh")
    assert seen[1]["container"]["type"] == "view"
    assert [v.title for v in slack.views_open_for("U0ERIN")] == ["Refreshed"]
    bolt.driver.submit_view("U0ERIN", {"note": {"text": "ping Sam"}})
    values = seen[2]["view"]["state"]["values"]
    assert values["tools"]["partner"]["selected_option"]["value"] == "U0SAM"
    assert values["note"]["text"]["value"] == "ping Sam"
