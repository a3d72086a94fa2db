"""Clicking, choosing and filling in modals through the driver, against a real Bolt app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from sandbox import DriverError, SlackStandIn

if TYPE_CHECKING:
    from tests.sandbox.conftest import BoltHarness

JSON = dict[str, Any]

DEBT_MODAL = {
    "type": "modal",
    "callback_id": "new_debt",
    "title": {"type": "plain_text", "text": "New debt"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {
            "type": "input",
            "block_id": "debtor",
            "label": {"type": "plain_text", "text": "Who owes you?"},
            "element": {"type": "users_select", "action_id": "user"},
        },
        {
            "type": "input",
            "block_id": "amount",
            "label": {"type": "plain_text", "text": "Amount"},
            "element": {"type": "plain_text_input", "action_id": "value"},
        },
        {
            "type": "input",
            "block_id": "due",
            "label": {"type": "plain_text", "text": "Due"},
            "element": {"type": "datepicker", "action_id": "date"},
        },
        {
            "type": "input",
            "block_id": "kind",
            "label": {"type": "plain_text", "text": "Kind"},
            "element": {
                "type": "static_select",
                "action_id": "pick",
                "options": [
                    {"text": {"type": "plain_text", "text": "Placement fee"}, "value": "fee"},
                    {"text": {"type": "plain_text", "text": "Split"}, "value": "split"},
                ],
            },
        },
        {
            "type": "input",
            "block_id": "notify",
            "optional": True,
            "label": {"type": "plain_text", "text": "Notify"},
            "element": {
                "type": "checkboxes",
                "action_id": "how",
                "options": [
                    {"text": {"type": "plain_text", "text": "DM"}, "value": "dm"},
                    {"text": {"type": "plain_text", "text": "Email"}, "value": "email"},
                ],
            },
        },
        {
            "type": "input",
            "block_id": "urgency",
            "optional": True,
            "label": {"type": "plain_text", "text": "Urgency"},
            "element": {
                "type": "radio_buttons",
                "action_id": "level",
                "options": [{"text": {"type": "plain_text", "text": "High"}, "value": "high"}],
            },
        },
    ],
}

REMINDER = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "Dana owes you *$500*"}},
    {
        "type": "actions",
        "block_id": "debt-42",
        "elements": [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": "Mark paid"},
                "action_id": "mark_paid",
                "value": "42",
                "style": "primary",
            },
            {
                "type": "static_select",
                "action_id": "snooze",
                "placeholder": {"type": "plain_text", "text": "Snooze"},
                "options": [{"text": {"type": "plain_text", "text": "1 day"}, "value": "1d"}],
            },
        ],
    },
]


def test_command_opens_modal_and_submission_carries_state(
    bolt: BoltHarness, slack: SlackStandIn
) -> None:
    submitted: list[JSON] = []

    @bolt.app.command("/owe")
    def owe(ack: Ack, body: JSON, client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=DEBT_MODAL)

    @bolt.app.view("new_debt")
    def save(ack: Ack, body: JSON) -> None:
        submitted.append(body)
        ack()

    bolt.driver.slash_command("U0ERIN", "/owe")
    assert [v.title for v in slack.views_open_for("U0ERIN")] == ["New debt"]
    values = {
        "debtor": {"user": "U0DANA"},
        "amount": {"value": "500"},
        "due": {"date": "2025-12-01"},
        "kind": {"pick": "fee"},
        "notify": {"how": ["dm", "email"]},
    }
    assert bolt.driver.submit_view("U0ERIN", values).status == 200
    state = submitted[0]["view"]["state"]["values"]
    assert state["debtor"]["user"] == {"type": "users_select", "selected_user": "U0DANA"}
    assert state["amount"]["value"] == {"type": "plain_text_input", "value": "500"}
    assert state["due"]["date"]["selected_date"] == "2025-12-01"
    assert state["kind"]["pick"]["selected_option"]["value"] == "fee"
    assert [o["value"] for o in state["notify"]["how"]["selected_options"]] == ["dm", "email"]
    assert state["urgency"]["level"]["selected_option"] is None
    assert submitted[0]["view"]["callback_id"] == "new_debt"
    assert slack.views_open_for("U0ERIN") == []


def test_submission_errors_keep_the_modal_open(bolt: BoltHarness, slack: SlackStandIn) -> None:
    @bolt.app.view("new_debt")
    def save(ack: Ack) -> None:
        ack(response_action="errors", errors={"amount": "Use a number"})

    slack.client().views_open(trigger_id=slack.issue_trigger("U0SAM"), view=DEBT_MODAL)
    values = {"debtor": {"user": "U0ERIN"}, "amount": {"value": "lots"}}
    values |= {"due": {"date": "2025-01-01"}, "kind": {"pick": "split"}}
    bolt.driver.submit_view("U0SAM", values)
    (modal,) = slack.views_open_for("U0SAM")
    assert modal.errors == {"amount": "Use a number"}
    with pytest.raises(DriverError, match="Who owes you"):
        bolt.driver.submit_view("U0SAM", {"debtor": {"user": None}})
    with pytest.raises(DriverError, match="no option"):
        bolt.driver.submit_view("U0SAM", {"kind": {"pick": "gift"}})


def test_click_button_by_label_reaches_the_action_listener(
    bolt: BoltHarness, slack: SlackStandIn
) -> None:
    clicks: list[JSON] = []

    @bolt.app.action("mark_paid")
    def paid(ack: Ack, body: JSON, respond: Respond) -> None:
        clicks.append(body)
        ack()
        respond(replace_original=True, text="Marked paid")

    posted = slack.client().chat_postMessage(channel="U0ERIN", text="Reminder", blocks=REMINDER)
    assert bolt.driver.click_button("U0ERIN", "Mark paid").status == 200
    (body,) = clicks
    action = body["actions"][0]
    assert (action["action_id"], action["block_id"], action["value"]) == (
        "mark_paid",
        "debt-42",
        "42",
    )
    assert body["container"] == {
        "type": "message",
        "message_ts": posted["ts"],
        "channel_id": "D0ERIN",
        "is_ephemeral": False,
    }
    assert body["message"]["ts"] == posted["ts"]
    assert body["user"]["id"] == "U0ERIN"
    assert [m.visible_text for m in slack.dms_to("U0ERIN")] == ["Marked paid"]
    with pytest.raises(DriverError, match="sees no button"):
        bolt.driver.click_button("U0ERIN", "Mark paid")


def test_choose_from_a_menu(bolt: BoltHarness, slack: SlackStandIn) -> None:
    picked: list[JSON] = []
    bolt.app.action("snooze")(lambda ack, body: (picked.append(body), ack()))
    slack.client().chat_postMessage(channel="U0DANA", text="Reminder", blocks=REMINDER)
    bolt.driver.choose("U0DANA", "snooze", "1d")
    assert picked[0]["actions"][0]["selected_option"]["value"] == "1d"


def test_home_tab_button(bolt: BoltHarness, slack: SlackStandIn) -> None:
    clicks: list[JSON] = []

    @bolt.app.event("app_home_opened")
    def home(event: JSON, client: WebClient) -> None:
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": REMINDER})

    bolt.app.action("mark_paid")(lambda ack, body: (clicks.append(body), ack()))
    bolt.driver.open_home("U0ALEX")
    home_view = slack.home_of("U0ALEX")
    assert home_view is not None
    assert "Mark paid" in home_view.buttons
    bolt.driver.click_button("U0ALEX", "Mark paid", where="home")
    assert clicks[0]["container"] == {"type": "view", "view_id": home_view.id}
    assert clicks[0]["view"]["type"] == "home"


def test_modal_close_notifies_only_when_asked(bolt: BoltHarness, slack: SlackStandIn) -> None:
    closed: list[JSON] = []
    bolt.app.view_closed("new_debt")(lambda ack, body: (closed.append(body), ack()))
    client = slack.client()
    client.views_open(trigger_id=slack.issue_trigger("U0SAM"), view=DEBT_MODAL)
    assert bolt.driver.close_view("U0SAM") is None
    client.views_open(
        trigger_id=slack.issue_trigger("U0SAM"), view={**DEBT_MODAL, "notify_on_close": True}
    )
    response = bolt.driver.close_view("U0SAM")
    assert response is not None
    assert response.status == 200
    assert closed[0]["type"] == "view_closed"
    assert slack.views_open_for("U0SAM") == []


def test_message_shortcut(bolt: BoltHarness, slack: SlackStandIn) -> None:
    seen: list[JSON] = []
    bolt.app.shortcut("log_split")(lambda ack, body: (seen.append(body), ack()))
    typed = slack.add_user_message("U0SAM", "C0SPLITS", "placed the candidate!")
    bolt.driver.message_shortcut("U0ERIN", "log_split", "C0SPLITS", typed.ts)
    assert seen[0]["message"]["text"] == "placed the candidate!"
    assert seen[0]["channel"] == {"id": "C0SPLITS", "name": "splits"}
