"""Slack Connect: a channel shared by Acme Splits and Other Firm, seen from both sides."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import (
    CONNECT_CHANNEL,
    Driver,
    DriverError,
    Seed,
    SlackStandIn,
    connect_seed,
    network_seed,
)

if TYPE_CHECKING:
    from tests.sandbox.conftest import BoltHarness

JSON = dict[str, Any]
GO = {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "action_id": "go"}


@pytest.fixture
def slack_seed() -> Seed:
    """Acme and Other Firm with #acme-other shared between them."""
    return connect_seed()


@pytest.fixture
def bodies(bolt: BoltHarness) -> list[JSON]:
    """Request bodies the Acme app receives."""
    seen: list[JSON] = []

    @bolt.app.middleware
    def capture(req: BoltRequest, resp: BoltResponse, next: Any) -> Any:
        seen.append(req.body)
        return next()

    return seen


def _error(call: Callable[[], Any]) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return str(caught.value.response["error"])


def test_the_channel_is_ext_shared_from_both_sides(slack: SlackStandIn) -> None:
    acme = slack.client().conversations_info(channel=CONNECT_CHANNEL)["channel"]
    other = slack.client("T0OTHER").conversations_info(channel=CONNECT_CHANNEL)["channel"]
    for seen, team in ((acme, "T0ACME"), (other, "T0OTHER")):
        assert (seen["is_ext_shared"], seen["is_shared"], seen["context_team_id"]) == (
            True,
            True,
            team,
        )
        assert seen["shared_team_ids"] == ["T0ACME", "T0OTHER"]
        assert seen["conversation_host_id"] == "T0ACME"
        assert seen["is_member"] is True
    general = slack.client().conversations_info(channel="C0GENERAL", include_num_members=True)
    assert (general["channel"]["is_ext_shared"], general["channel"]["num_members"]) == (False, 5)
    members = slack.client().conversations_members(channel=CONNECT_CHANNEL, limit=3)
    rest = slack.client().conversations_members(
        channel=CONNECT_CHANNEL, cursor=members["response_metadata"]["next_cursor"]
    )
    assert members["members"] + rest["members"] == [
        "U0BOT",
        "U0DANA",
        "U0ERIN",
        "U0OBOT",
        "U0OLIVER",
    ]
    assert _error(lambda: slack.client().conversations_info(channel="C0OTHER")) == (
        "channel_not_found"
    )


def test_users_info_for_an_external_member(slack: SlackStandIn) -> None:
    oliver = slack.client().users_info(user="U0OLIVER")["user"]
    assert (oliver["team_id"], oliver["profile"]["team"], oliver["is_stranger"]) == (
        "T0OTHER",
        "T0OTHER",
        False,
    )
    assert oliver["real_name"] == "Oliver Outsider"
    their_bot = slack.client().users_info(user="U0OBOT")["user"]
    assert (their_bot["is_bot"], their_bot["team_id"]) == (True, "T0OTHER")
    assert "is_stranger" not in slack.client().users_info(user="U0ERIN")["user"]
    erin = slack.client("T0OTHER").users_info(user="U0ERIN")["user"]
    assert (erin["team_id"], erin["is_stranger"]) == ("T0ACME", False)
    assert _error(lambda: slack.client("T0OTHER").users_info(user="U0SAM")) == "user_not_found"
    assert [m["id"] for m in slack.client().users_list()["members"]] == [
        "U0ALEX",
        "U0BOT",
        "U0DANA",
        "U0ERIN",
        "U0SAM",
    ]


def test_no_dms_to_external_members(slack: SlackStandIn) -> None:
    client = slack.client()
    assert _error(lambda: client.chat_postMessage(channel="U0OLIVER", text="hi")) == (
        "channel_not_found"
    )
    assert _error(lambda: client.conversations_open(users="U0OLIVER")) == "user_not_visible"
    posted = client.chat_postMessage(channel=CONNECT_CHANNEL, text="<@U0OLIVER> owes <@U0ERIN>")
    seen = slack.client("T0OTHER").conversations_history(channel=CONNECT_CHANNEL)["messages"]
    assert [(m["ts"], m["text"], m["team"]) for m in seen] == [
        (posted["ts"], "<@U0OLIVER> owes <@U0ERIN>", "T0ACME")
    ]
    client.chat_postEphemeral(channel=CONNECT_CHANNEL, user="U0OLIVER", text="just you")
    assert [e.text for e in slack.ephemerals_to("U0OLIVER")] == ["just you"]


def test_events_from_an_external_member(
    bolt: BoltHarness, slack: SlackStandIn, bodies: list[JSON]
) -> None:
    actors: list[tuple[str | None, str | None]] = []

    @bolt.app.event("message")
    def on_message(context: BoltContext) -> None:
        actors.append((context.team_id, context.actor_team_id))

    posted = bolt.driver.post_message("U0OLIVER", CONNECT_CHANNEL, "@erin paid you @followthrough")
    assert posted.message.text == "<@U0ERIN> paid you <@U0BOT>"
    body = bodies[0]
    assert (body["team_id"], body["is_ext_shared_channel"]) == ("T0ACME", True)
    assert body["authorizations"][0]["team_id"] == "T0ACME"
    assert body["authorizations"][0]["user_id"] == "U0BOT"
    event = body["event"]
    assert (event["user"], event["team"], event["user_team"], event["source_team"]) == (
        "U0OLIVER",
        "T0OTHER",
        "T0OTHER",
        "T0OTHER",
    )
    assert actors == [("T0ACME", "T0OTHER")]
    local = bolt.driver.post_message("U0ERIN", "C0GENERAL", "hello")
    assert local.responses[0].ok
    assert bodies[-1]["is_ext_shared_channel"] is False
    assert "user_team" not in bodies[-1]["event"]


def test_an_external_member_clicks_a_button(
    bolt: BoltHarness, slack: SlackStandIn, bodies: list[JSON]
) -> None:
    bolt.app.action("go")(lambda ack: ack(text="clicked"))
    blocks = [{"type": "actions", "elements": [GO]}]
    slack.client().chat_postMessage(channel=CONNECT_CHANNEL, text="Go?", blocks=blocks)
    bolt.driver.click_button("U0OLIVER", "Go")
    payload = bodies[0]
    assert payload["user"] == {
        "id": "U0OLIVER",
        "username": "oliver",
        "name": "oliver",
        "team_id": "T0OTHER",
    }
    assert payload["team"]["id"] == "T0ACME"
    assert payload["channel"]["id"] == CONNECT_CHANNEL
    assert [e.text for e in slack.ephemerals_to("U0OLIVER")] == ["clicked"]
    with pytest.raises(DriverError, match="not a member"):
        bolt.driver.slash_command("U0OLIVER", "/owe", channel=CONNECT_CHANNEL)


def test_the_other_team_hears_the_shared_channel_too(
    slack: SlackStandIn, wsgi_server: Callable[[Any], str], bolt: BoltHarness
) -> None:
    seen: list[JSON] = []

    @bolt.app.middleware
    def capture(req: BoltRequest, resp: BoltResponse, next: Any) -> Any:
        seen.append(req.body)
        return next()

    bolt.app.event("message")(lambda: None)
    other = Driver(slack, bolt.url, team_id="T0OTHER")
    other.post_message("U0ERIN", CONNECT_CHANNEL, "from Acme's side")
    assert (seen[0]["team_id"], seen[0]["authorizations"][0]["user_id"]) == ("T0OTHER", "U0OBOT")
    assert seen[0]["event"]["user_team"] == "T0ACME"


def test_shared_channel_events_over_socket_mode(
    slack: SlackStandIn, socket_app: Callable[..., Any], socket_driver: Callable[..., Driver]
) -> None:
    app = App(client=WebClient(base_url=slack.api_url, token=slack.token()))
    heard: list[JSON] = []
    app.event("message")(lambda body: heard.append(body))
    socket_app(app)
    posted = socket_driver().post_message("U0OLIVER", CONNECT_CHANNEL, "hello from Other Firm")
    assert posted.responses[0].status == 200
    (envelope,) = slack.socket_mode.envelopes()
    assert envelope["type"] == "events_api"
    body = envelope["payload"]
    assert (body["team_id"], body["is_ext_shared_channel"]) == ("T0ACME", True)
    assert body["event"]["user_team"] == "T0OTHER"
    deadline = time.monotonic() + 5
    while not heard and time.monotonic() < deadline:
        time.sleep(0.01)  # Bolt runs the listener after acknowledging
    assert heard == [body]


def test_network_seed_connects_firms() -> None:
    seed = network_seed(3, connect=[(0, 2)])
    with SlackStandIn(seed) as slack:
        shared = seed.teams[0].channels[-1].id
        assert shared == "C0F0000X0002"
        info = slack.client("T0F0002").conversations_info(channel=shared)["channel"]
        assert info["shared_team_ids"] == ["T0F0000", "T0F0002"]
        assert _error(lambda: slack.client("T0F0001").conversations_info(channel=shared)) == (
            "channel_not_found"
        )
        person = slack.client("T0F0000").users_info(user="U0F0002M1")["user"]
        assert person["team_id"] == "T0F0002"
