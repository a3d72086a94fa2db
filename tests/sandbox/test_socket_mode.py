"""Socket Mode against slack_sdk's websocket-client SocketModeClient: hello, envelopes, acks,
pings, refreshes, abrupt closes and tickets."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import websocket
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.socket_mode.websocket_client import SocketModeClient

from sandbox import Driver, DriverError, InteractionFailed, SlackStandIn
from sandbox.payloads import slash_command
from sandbox.socket_apps import shut_down

JSON = dict[str, Any]
SILENT = object()  # a reply that sends no acknowledgement at all
RECONNECT_WITHIN = 15.0  # websocket-client may need its 10 s select timeout to see a close


@dataclass
class App:
    """A bare Socket Mode app: what it received, and how it acknowledges."""

    client: SocketModeClient
    messages: list[JSON] = field(default_factory=list)
    requests: list[SocketModeRequest] = field(default_factory=list)
    reply: Callable[[SocketModeRequest], Any] = lambda request: None

    def hellos(self, count: int = 1, timeout: float = 5.0) -> list[JSON]:
        """Wait for `count` hello messages and return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            hellos = [m for m in self.messages if m.get("type") == "hello"]
            if len(hellos) >= count:
                return hellos
            time.sleep(0.01)
        raise AssertionError(f"fewer than {count} hello messages: {self.messages}")


@pytest.fixture
def app(slack: SlackStandIn) -> Iterator[App]:
    """A SocketModeClient connected to the stand-in, acking as `app.reply` decides."""
    client = SocketModeClient(
        app_token=slack.app_token, web_client=WebClient(base_url=slack.api_url)
    )
    bare = App(client)

    def on_request(client: Any, request: SocketModeRequest) -> None:
        bare.requests.append(request)
        payload = bare.reply(request)
        if payload is not SILENT:
            response = SocketModeResponse(envelope_id=request.envelope_id, payload=payload)
            client.send_socket_mode_response(response)

    client.socket_mode_request_listeners.append(on_request)
    client.message_listeners.append(lambda client, message, raw: bare.messages.append(message))
    client.connect()
    assert slack.socket_mode.wait_for_connections(1)
    yield bare
    shut_down(client, slack)


def test_hello_envelopes_and_acks(slack: SlackStandIn, app: App) -> None:
    (hello,) = app.hellos()
    assert hello == {
        "type": "hello",
        "num_connections": 1,
        "debug_info": {
            "host": "applink-sandbox",
            "build_number": 1,
            "approximate_connection_time": 18060,
        },
        "connection_info": {"app_id": "A0FOLLOW"},
    }
    app.reply = lambda r: (
        {"text": f"got {r.payload['command']}"} if r.type == "slash_commands" else None
    )
    driver = Driver.socket_mode(slack)
    response = driver.slash_command("U0ERIN", "/owe", "@dana owes $5")
    assert (response.status, response.json()) == (200, {"text": "got /owe"})
    assert [e.text for e in slack.ephemerals_to("U0ERIN")] == ["got /owe"]
    command = slack.socket_mode.envelopes()[0]
    assert command["envelope_id"] == response.envelope_id
    assert (command["type"], command["accepts_response_payload"]) == ("slash_commands", True)
    with slack.state.lock:
        form = slash_command(
            slack.state.workspace("T0ACME"),
            slack.seed,
            "U0ERIN",
            "/owe",
            "@dana owes $5",
            "D0ERIN",
            response_url="",
            trigger_id="",
        )
    assert set(command["payload"]) == set(form)
    assert command["payload"]["text"] == "<@U0DANA|dana> owes $5"
    assert app.requests[0].payload == command["payload"]

    posted = driver.post_message("U0ERIN", "D0ERIN", "hi")
    assert posted.responses[0].status == 200
    assert posted.responses[0].body == b""  # acknowledged without a payload
    event = slack.socket_mode.envelopes()[1]
    assert (event["type"], event["accepts_response_payload"]) == ("events_api", False)
    assert (event["retry_attempt"], event["retry_reason"]) == (0, "")
    assert event["payload"]["type"] == "event_callback"
    assert event["payload"]["event_id"] == posted.responses[0].event_id
    assert event["payload"]["event"]["text"] == "hi"
    acks = slack.socket_mode.frames()
    assert [a["envelope_id"] for a in acks] == [command["envelope_id"], event["envelope_id"]]
    assert acks[0]["payload"] == {"text": "got /owe"}
    assert "payload" not in acks[1]


def test_pings_with_and_without_payload(slack: SlackStandIn, app: App) -> None:
    app.hellos()
    assert slack.socket_mode.ping(b"")
    assert slack.socket_mode.ping(b"x")
    assert slack.socket_mode.ping(b"a longer ping payload")
    assert slack.socket_mode.connections() == 1
    assert Driver.socket_mode(slack).slash_command("U0ERIN", "/owe").status == 200


def test_reconnects_after_refresh_requested(slack: SlackStandIn, app: App) -> None:
    app.hellos()
    assert slack.socket_mode.disconnect(reason="refresh_requested") == 1
    assert slack.socket_mode.wait_for_reconnect(timeout=RECONNECT_WITHIN)
    assert slack.socket_mode.opened >= 2
    app.hellos(2)
    assert Driver.socket_mode(slack).slash_command("U0ERIN", "/owe").status == 200
    assert app.requests[-1].type == "slash_commands"


def test_reconnects_after_an_abrupt_close(slack: SlackStandIn, app: App) -> None:
    app.hellos()
    assert slack.socket_mode.drop() == 1
    assert slack.socket_mode.wait_for_reconnect(timeout=RECONNECT_WITHIN)
    app.hellos(2)
    assert Driver.socket_mode(slack).slash_command("U0ERIN", "/owe").status == 200


def test_reconnects_after_slack_closes_the_connection(slack: SlackStandIn, app: App) -> None:
    app.hellos()
    assert slack.socket_mode.close_connections() == 1
    assert slack.socket_mode.wait_for_reconnect(timeout=RECONNECT_WITHIN)
    assert Driver.socket_mode(slack).slash_command("U0ERIN", "/owe").status == 200


def test_tickets_are_single_use(slack: SlackStandIn) -> None:
    url = WebClient(base_url=slack.api_url).apps_connections_open(app_token=slack.app_token)["url"]
    assert url.startswith(f"{slack.socket_mode.base_url}/link/?ticket=")
    connection = websocket.create_connection(url, timeout=5)
    try:
        assert '"type": "hello"' in connection.recv()
        with pytest.raises(websocket.WebSocketBadStatusException) as reused:
            websocket.create_connection(url, timeout=5)
        assert reused.value.status_code == 401
    finally:
        connection.close()
    for bad in ("/link/?ticket=nope", "/link/", "/elsewhere/?ticket=x"):
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(slack.socket_mode.base_url + bad, timeout=5)
        assert refused.value.status_code == 401


@pytest.mark.parametrize(
    ("token", "error"),
    [
        (None, "not_authed"),
        ("xapp-1-A0FOLLOW-1-nope", "invalid_auth"),
        ("xoxb-acme-test", "not_allowed_token_type"),
    ],
)
def test_apps_connections_open_wants_the_app_token(
    slack: SlackStandIn, token: str | None, error: str
) -> None:
    client = WebClient(base_url=slack.api_url)
    with pytest.raises(SlackApiError) as caught:
        client.api_call("apps.connections.open", params={"token": token} if token else {})
    assert caught.value.response["error"] == error


def test_the_app_token_is_not_a_bot_token(slack: SlackStandIn) -> None:
    with pytest.raises(SlackApiError, match="not_allowed_token_type"):
        WebClient(token=slack.app_token, base_url=slack.api_url).auth_test()


def test_unacknowledged_events_are_retried(slack: SlackStandIn, app: App) -> None:
    app.reply = lambda r: SILENT if r.retry_attempt == 0 else None
    driver = Driver.socket_mode(slack, ack_deadline=0.3, event_retries=2)
    (response,) = driver.post_message("U0ERIN", "D0ERIN", "hello?").responses
    assert (response.status, response.attempts) == (200, 2)
    first, retry = slack.socket_mode.envelopes()
    assert (first["retry_attempt"], first["retry_reason"]) == (0, "")
    assert (retry["retry_attempt"], retry["retry_reason"]) == (1, "timeout")
    assert first["payload"] == retry["payload"]
    assert first["envelope_id"] != retry["envelope_id"]
    assert [r.retry_attempt for r in app.requests] == [0, 1]
    again = driver.replay_event(str(response.event_id), retry_num=3)
    assert again.status == 200
    assert slack.socket_mode.envelopes()[-1]["retry_attempt"] == 3
    assert slack.socket_mode.envelopes()[-1]["retry_reason"] == "timeout"


def test_a_missing_ack_fails_like_a_late_http_answer(slack: SlackStandIn, app: App) -> None:
    app.reply = lambda r: SILENT
    with pytest.raises(InteractionFailed, match=r"no acknowledgement within 0\.2s"):
        Driver.socket_mode(slack, ack_deadline=0.2).slash_command("U0ERIN", "/owe")
    lenient = Driver.socket_mode(slack, ack_deadline=0.2, strict=False)
    response = lenient.slash_command("U0ERIN", "/owe")
    assert (response.status, response.late) == (0, True)
    assert slack.ephemerals_to("U0ERIN") == []


def test_without_a_connection(slack: SlackStandIn) -> None:
    driver = Driver.socket_mode(slack, connect_timeout=0.1, strict=False)
    response = driver.slash_command("U0ERIN", "/owe")
    assert response.status == 0
    assert response.problems == ("no Socket Mode connection is open",)
    with pytest.raises(DriverError, match="HTTP only"):
        driver.url_verification()
    with pytest.raises(DriverError, match="Socket Mode"):
        driver.post_raw(b"{}", "application/json")
    with pytest.raises(ValueError, match="request URL"):
        Driver(slack)
