"""A datetimepicker in a modal, as Slack takes it and reports what the person picked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest
from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from sandbox import DriverError, SlackStandIn

if TYPE_CHECKING:
    from tests.sandbox.conftest import BoltHarness

JSON = dict[str, Any]
# Slack's own example: August 10th, 2021 at 03:17pm PST.
EXAMPLE = 1628633820


def _form(picker: JSON, *, optional: bool = True) -> JSON:
    return {
        "type": "modal",
        "callback_id": "meet",
        "title": {"type": "plain_text", "text": "Meet"},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "when",
                "optional": optional,
                "label": {"type": "plain_text", "text": "When"},
                "element": {"type": "datetimepicker", "action_id": "at", **picker},
            }
        ],
    }


def _submitted(bolt: BoltHarness) -> list[JSON]:
    states: list[JSON] = []

    @bolt.app.view("meet")
    def save(ack: Ack, body: JSON) -> None:
        states.append(body["view"]["state"]["values"]["when"]["at"])
        ack()

    return states


def test_a_picked_instant_comes_back_as_unix_seconds(
    bolt: BoltHarness, slack: SlackStandIn
) -> None:
    states = _submitted(bolt)
    picked = datetime(2026, 11, 19, 11, 30, tzinfo=timezone(timedelta(hours=-5)))
    for value in (picked, EXAMPLE, None):
        slack.client().views_open(trigger_id=slack.issue_trigger("U0ERIN"), view=_form({}))
        bolt.driver.submit_view("U0ERIN", {"when": {"at": value}})

    assert states == [
        {"type": "datetimepicker", "selected_date_time": 1795105800},
        {"type": "datetimepicker", "selected_date_time": EXAMPLE},
        {"type": "datetimepicker", "selected_date_time": None},
    ]
    assert datetime.fromtimestamp(1795105800, UTC) == datetime(2026, 11, 19, 16, 30, tzinfo=UTC)
    slack.client().views_open(trigger_id=slack.issue_trigger("U0ERIN"), view=_form({}))
    for impossible in ("1763569800", datetime(2026, 11, 19, 11, 30), True, 1.5, 10**10):
        with pytest.raises(DriverError, match=r"not a datetimepicker value|aware datetime"):
            bolt.driver.submit_view("U0ERIN", {"when": {"at": impossible}})


def test_an_untouched_picker_reports_its_initial_instant_and_a_required_one_must_be_picked(
    bolt: BoltHarness, slack: SlackStandIn
) -> None:
    states = _submitted(bolt)
    client = slack.client()
    client.views_open(
        trigger_id=slack.issue_trigger("U0ERIN"), view=_form({"initial_date_time": EXAMPLE})
    )
    bolt.driver.submit_view("U0ERIN", {})
    assert states == [{"type": "datetimepicker", "selected_date_time": EXAMPLE}]

    client.views_open(trigger_id=slack.issue_trigger("U0ERIN"), view=_form({}, optional=False))
    with pytest.raises(DriverError, match="`When` is required"):
        bolt.driver.submit_view("U0ERIN", {})


@pytest.mark.parametrize(
    ("picker", "needle"),
    [
        ({"placeholder": {"type": "plain_text", "text": "Pick"}}, "unknown field `placeholder`"),
        ({"initial_date_time": "1628633820"}, "/initial_date_time"),
        ({"initial_date_time": 10**10}, "/initial_date_time"),
        ({"initial_date_time": 1628633820.5}, "/initial_date_time"),
    ],
)
def test_a_picker_slack_would_refuse_is_refused(
    slack: SlackStandIn, picker: JSON, needle: str
) -> None:
    with pytest.raises(SlackApiError) as caught:
        slack.client().views_open(trigger_id=slack.issue_trigger("U0ERIN"), view=_form(picker))
    assert caught.value.response["error"] == "invalid_arguments"
    messages = caught.value.response["response_metadata"]["messages"]
    assert any(needle in m for m in messages), messages
