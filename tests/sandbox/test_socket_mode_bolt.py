"""The driver over Socket Mode against a Bolt app on slack_bolt's websocket-client adapter."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from slack_bolt import Ack, App, BoltRequest, BoltResponse, Respond
from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler
from slack_sdk import WebClient

from sandbox import Driver, SlackStandIn

if TYPE_CHECKING:
    from tests.sandbox.conftest import BoltHarness

JSON = dict[str, Any]
GO = {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "action_id": "go"}
MODAL = {
    "type": "modal",
    "callback_id": "owe",
    "title": {"type": "plain_text", "text": "Owe"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {
            "type": "input",
            "block_id": "amount",
            "label": {"type": "plain_text", "text": "Amount"},
            "element": {"type": "plain_text_input", "action_id": "value"},
        }
    ],
}


@dataclass
class SocketApp:
    """A Bolt app connected over Socket Mode, the requests it saw, and a Socket Mode driver."""

    app: App
    driver: Driver
    bodies: list[JSON] = field(default_factory=list)
    headers: list[dict[str, Any]] = field(default_factory=list)


def _capture(app: App, bodies: list[JSON], headers: list[dict[str, Any]]) -> None:
    @app.middleware
    def capture(req: BoltRequest, resp: BoltResponse, next: Any) -> Any:
        bodies.append(req.body)
        headers.append(req.headers)
        return next()


@pytest.fixture
def socket_bolt(
    slack: SlackStandIn,
    socket_app: Callable[..., SocketModeHandler],
    socket_driver: Callable[..., Driver],
) -> SocketApp:
    """A Bolt app (no request URL at all) connected to the stand-in over Socket Mode."""
    app = App(client=WebClient(base_url=slack.api_url, token=slack.token()))
    harness = SocketApp(app, socket_driver())
    _capture(app, harness.bodies, harness.headers)
    socket_app(app)
    return harness


def test_slash_command_acked_with_text(socket_bolt: SocketApp, slack: SlackStandIn) -> None:
    @socket_bolt.app.command("/owe")
    def owe(ack: Ack) -> None:
        ack("Got it")

    response = socket_bolt.driver.slash_command("U0ERIN", "/owe", "@dana owes <me> $5")
    assert (response.status, response.json()) == (200, {"text": "Got it"})
    (body,) = socket_bolt.bodies
    assert body["text"] == "<@U0DANA|dana> owes &lt;me&gt; $5"
    assert (body["user_id"], body["channel_id"], body["team_id"]) == ("U0ERIN", "D0ERIN", "T0ACME")
    (shown,) = slack.ephemerals_to("U0ERIN")
    assert (shown.text, shown.source) == ("Got it", "ack")


def test_payloads_match_the_http_path(
    socket_bolt: SocketApp, bolt: BoltHarness, slack: SlackStandIn
) -> None:
    over_http: list[JSON] = []
    _capture(bolt.app, over_http, [])
    for app in (socket_bolt.app, bolt.app):
        app.command("/owe")(lambda ack: ack())
        app.action("go")(lambda ack: ack())
    slack.client().chat_postMessage(
        channel="U0ERIN", text="x", blocks=[{"type": "actions", "elements": [GO]}]
    )
    for driver in (socket_bolt.driver, bolt.driver):
        driver.slash_command("U0ERIN", "/owe", "hi")
        driver.click_button("U0ERIN", "Go")
    varying = {"trigger_id", "response_url", "action_ts"}
    for socket_body, http_body in zip(socket_bolt.bodies, over_http, strict=True):
        assert set(socket_body) == set(http_body)
        assert {k: v for k, v in socket_body.items() if k not in varying | {"actions"}} == {
            k: v for k, v in http_body.items() if k not in varying | {"actions"}
        }


def test_button_click_and_response_url(socket_bolt: SocketApp, slack: SlackStandIn) -> None:
    @socket_bolt.app.action("go")
    def go(ack: Ack, respond: Respond, body: JSON) -> None:
        ack()
        respond(text="Done", replace_original=True)

    posted = slack.client().chat_postMessage(
        channel="C0SPLITS", text="Go?", blocks=[{"type": "actions", "elements": [GO]}]
    )
    response = socket_bolt.driver.click_button("U0SAM", "Go")
    assert (response.status, response.body) == (200, b"")
    (body,) = socket_bolt.bodies
    assert body["type"] == "block_actions"
    assert body["actions"][0]["action_id"] == "go"
    assert body["container"]["message_ts"] == posted["ts"]
    envelope = slack.socket_mode.envelopes()[0]
    assert (envelope["type"], envelope["accepts_response_payload"]) == ("interactive", False)
    assert _eventually(lambda: slack.message("C0SPLITS", posted["ts"]).text == "Done")


def test_view_submission_errors_then_success(socket_bolt: SocketApp, slack: SlackStandIn) -> None:
    @socket_bolt.app.view("owe")
    def submit(ack: Ack, view: JSON) -> None:
        amount = view["state"]["values"]["amount"]["value"]["value"]
        if not amount.isdigit():
            ack(response_action="errors", errors={"amount": "Use a number"})
        else:
            ack()

    slack.client().views_open(trigger_id=slack.issue_trigger("U0DANA"), view=MODAL)
    refused = socket_bolt.driver.submit_view("U0DANA", {"amount": {"value": "lots"}})
    assert refused.json() == {"response_action": "errors", "errors": {"amount": "Use a number"}}
    (modal,) = slack.views_open_for("U0DANA")
    assert modal.errors == {"amount": "Use a number"}
    envelope = slack.socket_mode.envelopes()[0]
    assert (envelope["type"], envelope["accepts_response_payload"]) == ("interactive", True)
    assert envelope["payload"]["type"] == "view_submission"
    socket_bolt.driver.submit_view("U0DANA", {"amount": {"value": "5"}})
    assert slack.views_open_for("U0DANA") == []


def test_events_home_tab_and_shortcut(socket_bolt: SocketApp, slack: SlackStandIn) -> None:
    app, heard = socket_bolt.app, []
    app.event("message")(lambda event: heard.append(("message", event["text"])))
    app.event("app_mention")(lambda event: heard.append(("app_mention", event["text"])))
    app.event("reaction_added")(lambda event: heard.append(("reaction", event["reaction"])))

    @app.event("app_home_opened")
    def home(event: JSON, client: WebClient) -> None:
        view = {
            "type": "home",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}],
        }
        client.views_publish(user_id=event["user"], view=view)

    app.shortcut("remind")(lambda ack: ack())
    posted = socket_bolt.driver.post_message("U0SAM", "C0SPLITS", "@followthrough ping @dana")
    assert [r.status for r in posted.responses] == [200, 200]
    socket_bolt.driver.react("U0DANA", "C0SPLITS", posted.ts, "eyes")
    socket_bolt.driver.open_home("U0ERIN")
    socket_bolt.driver.message_shortcut("U0SAM", "remind", "C0SPLITS", posted.ts)
    assert _eventually(lambda: len(heard) == 3 and slack.home_of("U0ERIN") is not None)
    assert sorted(heard) == [
        ("app_mention", "<@U0BOT> ping <@U0DANA>"),
        ("message", "<@U0BOT> ping <@U0DANA>"),
        ("reaction", "eyes"),
    ]
    kinds = [(e["type"], e["payload"].get("type")) for e in slack.socket_mode.envelopes()]
    assert kinds == [
        ("events_api", "event_callback"),
        ("events_api", "event_callback"),
        ("events_api", "event_callback"),
        ("events_api", "event_callback"),
        ("interactive", "message_action"),
    ]


def test_retried_events_reach_bolt_with_retry_headers(socket_bolt: SocketApp) -> None:
    socket_bolt.app.event("reaction_added")(lambda: None)
    first = socket_bolt.driver.send_event(
        {"type": "reaction_added", "user": "U0ERIN", "reaction": "eyes", "item": {}}
    )
    again = socket_bolt.driver.replay_event(str(first.event_id), retry_num=2)
    assert again.status == 200
    # First deliveries carry retry_attempt 0 and retry_reason "", which Bolt passes on as headers.
    assert socket_bolt.headers[0]["x-slack-retry-num"] == ["0"]
    assert socket_bolt.headers[1]["x-slack-retry-num"] == ["2"]
    assert socket_bolt.headers[1]["x-slack-retry-reason"] == ["timeout"]


def test_uninstall_over_socket_mode(socket_bolt: SocketApp, slack: SlackStandIn) -> None:
    for kind in ("tokens_revoked", "app_uninstalled"):
        socket_bolt.app.event(kind)(lambda: None)
    revoked, uninstalled = socket_bolt.driver.uninstall_app()
    assert (revoked.status, uninstalled.status) == (200, 200)
    kinds = [b["event"]["type"] for b in socket_bolt.bodies]
    assert kinds == ["tokens_revoked", "app_uninstalled"]


def test_the_app_reconnects_after_a_refresh(socket_bolt: SocketApp, slack: SlackStandIn) -> None:
    socket_bolt.app.command("/owe")(lambda ack: ack("still here"))
    slack.socket_mode.disconnect()
    assert slack.socket_mode.wait_for_reconnect(timeout=15)
    assert socket_bolt.driver.slash_command("U0ERIN", "/owe").json() == {"text": "still here"}
    slack.socket_mode.drop()
    assert slack.socket_mode.wait_for_reconnect(timeout=15)
    assert socket_bolt.driver.slash_command("U0ERIN", "/owe").json() == {"text": "still here"}


def _eventually(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return check()
