"""The driver against a real Bolt app over HTTP: signatures, commands, acks and events."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest
from slack_bolt import Ack, BoltRequest, BoltResponse

from sandbox import Driver, InteractionFailed, SlackStandIn

if TYPE_CHECKING:
    from tests.sandbox.conftest import BoltHarness

JSON = dict[str, Any]


def test_slash_command_is_signed_escaped_and_acked(bolt: BoltHarness, slack: SlackStandIn) -> None:
    received: list[JSON] = []

    @bolt.app.command("/owe")
    def owe(ack: Ack, body: JSON) -> None:
        received.append(body)
        ack("Got it")

    response = bolt.driver.slash_command("U0ERIN", "/owe", "@dana owes <me> $5 in #splits")
    assert response.status == 200
    (body,) = received
    assert body["text"] == "<@U0DANA|dana> owes &lt;me&gt; $5 in <#C0SPLITS|splits>"
    assert (body["user_id"], body["channel_id"], body["team_id"]) == ("U0ERIN", "D0ERIN", "T0ACME")
    assert body["response_url"].startswith(slack.base_url + "/response/")
    assert [e.text for e in slack.ephemerals_to("U0ERIN")] == ["Got it"]
    assert slack.ephemerals_to("U0ERIN")[0].source == "ack"


@pytest.mark.parametrize("forgery", ["secret", "stale"])
def test_forged_or_stale_requests_are_rejected(bolt: BoltHarness, forgery: str) -> None:
    calls: list[JSON] = []
    bolt.app.command("/owe")(lambda ack, body: (calls.append(body), ack()))
    if forgery == "secret":
        bad = bolt.driver.with_signing(secret="not-the-secret")
    else:
        bad = bolt.driver.with_signing(timestamp=int(time.time()) - 10 * 60)
    assert bad.slash_command("U0ERIN", "/owe").status == 401
    assert bad.send_event({"type": "app_mention", "text": "x"}).status == 401
    assert calls == []


def test_late_or_invalid_acks_fail_loudly(bolt: BoltHarness, slack: SlackStandIn) -> None:
    @bolt.app.command("/slow")
    def slow(ack: Ack) -> None:
        time.sleep(0.15)
        ack()

    @bolt.app.command("/broken")
    def broken(ack: Ack) -> None:
        ack(blocks=[{"type": "carrot"}])

    impatient = Driver(slack, bolt.url, ack_deadline=0.1)
    with pytest.raises(InteractionFailed, match="answered after"):
        impatient.slash_command("U0ERIN", "/slow")
    with pytest.raises(InteractionFailed, match="invalid_blocks"):
        bolt.driver.slash_command("U0ERIN", "/broken")
    lenient = Driver(slack, bolt.url, strict=False)
    assert lenient.slash_command("U0ERIN", "/broken").problems


def test_event_retries_carry_retry_headers(bolt: BoltHarness) -> None:
    headers: list[dict[str, Any]] = []

    @bolt.app.middleware
    def capture(req: BoltRequest, resp: BoltResponse, next: Any) -> Any:
        headers.append(req.headers)
        return next()

    bolt.app.event("reaction_added")(lambda event: None)
    first = bolt.driver.send_event(
        {"type": "reaction_added", "user": "U0ERIN", "reaction": "eyes", "item": {}}
    )
    assert first.event_id is not None
    again = bolt.driver.replay_event(first.event_id, retry_num=2, reason="http_timeout")
    assert again.event_id == first.event_id
    assert "x-slack-retry-num" not in headers[0]
    assert headers[1]["x-slack-retry-num"] == ["2"]
    assert headers[1]["x-slack-retry-reason"] == ["http_timeout"]


def test_url_verification(bolt: BoltHarness) -> None:
    response = bolt.driver.url_verification("abc123")
    assert response.status == 200
    assert "abc123" in response.text


def test_late_events_are_retried_when_asked(bolt: BoltHarness, slack: SlackStandIn) -> None:
    seen: list[dict[str, Any]] = []

    @bolt.app.event("reaction_added")
    def slow_first(request: BoltRequest) -> None:
        seen.append(request.headers)
        if len(seen) == 1:
            time.sleep(0.3)

    patient = Driver(slack, bolt.url, ack_deadline=0.2, event_retries=2)
    response = patient.send_event(
        {"type": "reaction_added", "user": "U0ERIN", "reaction": "eyes", "item": {}}
    )
    assert (response.status, response.attempts) == (200, 2)
    assert seen[1]["x-slack-retry-num"] == ["1"]
    assert seen[1]["x-slack-retry-reason"] == ["http_timeout"]
