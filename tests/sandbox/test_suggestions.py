"""External select menus: Slack asks the app for options (block_suggestion), then a pick is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from slack_bolt import Ack, App, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler
from slack_sdk import WebClient

from sandbox import Driver, DriverError, InteractionFailed, SlackStandIn

if TYPE_CHECKING:
    from tests.sandbox.conftest import BoltHarness

JSON = dict[str, Any]
CITIES = ["London", "Lisbon", "Lagos", "Lima"]
# The fields of a block_suggestion from a modal, as Slack sends them (Slack's reference and
# slackapi/bolt-python's tests): no trigger_id, no response_url, the view with its state.
FIELDS = {
    "type",
    "user",
    "container",
    "api_app_id",
    "token",
    "action_id",
    "block_id",
    "value",
    "team",
    "enterprise",
    "is_enterprise_install",
    "view",
}


def modal(**select: Any) -> JSON:
    element = {"type": "external_select", "action_id": "city", **select}
    return {
        "type": "modal",
        "callback_id": "trip",
        "title": {"type": "plain_text", "text": "Trip"},
        "submit": {"type": "plain_text", "text": "Go"},
        "blocks": [
            {
                "type": "input",
                "block_id": "who",
                "label": {"type": "plain_text", "text": "Who"},
                "element": {"type": "users_select", "action_id": "person"},
            },
            {
                "type": "input",
                "block_id": "where",
                "label": {"type": "plain_text", "text": "City"},
                "element": element,
            },
        ],
    }


def option(city: str) -> JSON:
    return {"text": {"type": "plain_text", "text": f"{city} ✈"}, "value": city.lower()}


def cities(ack: Ack, payload: JSON) -> None:
    typed = payload["value"].lower()
    ack(options=[option(c) for c in CITIES if typed in c.lower()])


def open_modal(slack: SlackStandIn, user: str = "U0ERIN", **select: Any) -> None:
    slack.client().views_open(trigger_id=slack.issue_trigger(user), view=modal(**select))


def test_the_app_answers_what_was_typed_and_the_pick_is_one_of_its_options(
    bolt: BoltHarness, slack: SlackStandIn
) -> None:
    bodies: list[JSON] = []

    @bolt.app.middleware
    def capture(req: BoltRequest, resp: BoltResponse, next: Any) -> Any:
        bodies.append(req.body)
        return next()

    submitted: list[JSON] = []
    bolt.app.options("city")(cities)
    bolt.app.view("trip")(lambda ack, view: (submitted.append(view["state"]["values"]), ack()))
    open_modal(slack)
    with pytest.raises(DriverError, match="use enter"):
        bolt.driver.choose("U0ERIN", "person", "U0DANA")  # an input block: Slack sends nothing
    bolt.driver.enter("U0ERIN", {"who": {"person": "U0DANA"}})

    offered = bolt.driver.suggest("U0ERIN", "city", "lis")

    assert offered == [option("Lisbon")]
    suggestion = bodies[-1]
    assert set(suggestion) == FIELDS
    assert (suggestion["type"], suggestion["block_id"], suggestion["value"]) == (
        "block_suggestion",
        "where",
        "lis",
    )
    assert suggestion["container"] == {"type": "view", "view_id": suggestion["view"]["id"]}
    person = suggestion["view"]["state"]["values"]["who"]["person"]
    assert person == {"type": "users_select", "selected_user": "U0DANA"}
    with pytest.raises(DriverError, match="not among the options the app offered"):
        bolt.driver.submit_view("U0ERIN", {"where": {"city": "lima"}})
    bolt.driver.submit_view("U0ERIN", {"where": {"city": "lisbon"}})
    assert submitted[0]["where"]["city"]["selected_option"] == option("Lisbon")
    assert submitted[0]["who"]["person"]["selected_user"] == "U0DANA"


def test_slack_waits_for_min_query_length_and_keeps_the_initial_option(
    bolt: BoltHarness, slack: SlackStandIn
) -> None:
    submitted: list[JSON] = []
    bolt.app.options("city")(cities)
    bolt.app.view("trip")(lambda ack, view: (submitted.append(view["state"]["values"]), ack()))
    open_modal(slack, initial_option=option("Lagos"))
    with pytest.raises(DriverError, match="once 3 characters are typed"):
        bolt.driver.suggest("U0ERIN", "city", "l")
    bolt.driver.submit_view("U0ERIN", {"who": {"person": "U0SAM"}})
    assert submitted[0]["where"]["city"]["selected_option"] == option("Lagos")

    open_modal(slack, min_query_length=0)
    assert len(bolt.driver.suggest("U0ERIN", "city")) == len(CITIES)


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ({"options": [option(f"C{n}") for n in range(101)]}, "no more than 100 items"),
        ({"options": [{"text": {"type": "plain_text", "text": "x" * 76}, "value": "x"}]}, "76"),
        ({"options": [{"text": {"type": "mrkdwn", "text": "*x*"}, "value": "x"}]}, "plain_text"),
        ({"text": "no menu today"}, "not JSON"),
    ],
)
def test_answers_slack_would_refuse_fail_loudly(
    bolt: BoltHarness, slack: SlackStandIn, answer: JSON, problem: str
) -> None:
    bolt.app.options("city")(lambda ack: ack(**answer))
    open_modal(slack, min_query_length=0)
    with pytest.raises(InteractionFailed, match=problem):
        bolt.driver.suggest("U0ERIN", "city")


def test_options_over_socket_mode(
    slack: SlackStandIn,
    socket_app: Callable[..., SocketModeHandler],
    socket_driver: Callable[..., Driver],
) -> None:
    app = App(client=WebClient(base_url=slack.api_url, token=slack.token()))
    app.options("city")(cities)
    socket_app(app)
    open_modal(slack, min_query_length=0)
    assert socket_driver().suggest("U0ERIN", "city", "ima") == [option("Lima")]
