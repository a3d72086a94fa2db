"""Rate limits answered like Slack's, and injected faults: 5xx, 429 storms, delays, latency."""

from __future__ import annotations

import time

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from sandbox import Limit, ManualClock, RateLimitConfig, SlackStandIn


@pytest.fixture
def slack_clock() -> ManualClock:
    """A frozen clock, so buckets refill only when a test advances it."""
    return ManualClock()


@pytest.fixture
def instant_sleep(slack: SlackStandIn, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make slack_sdk's retry sleeps advance the stand-in clock instead of waiting."""
    slept: list[float] = []

    def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        slack.advance(seconds)

    monkeypatch.setattr("slack_sdk.http_retry.builtin_handlers.time.sleep", fake_sleep)
    monkeypatch.setattr("slack_sdk.http_retry.handler.time.sleep", fake_sleep)
    return slept


def test_post_message_per_channel_burst_then_429(slack: SlackStandIn) -> None:
    client = slack.client()
    for _ in range(3):
        client.chat_postMessage(channel="C0GENERAL", text="x")
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C0GENERAL", text="x")
    response = caught.value.response
    assert response.status_code == 429
    assert response.data == {"ok": False, "error": "ratelimited"}
    assert response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel="C0SPLITS", text="other channel")["ok"]
    slack.advance(1)
    assert client.chat_postMessage(channel="C0GENERAL", text="x")["ok"]
    assert [c.status for c in slack.calls("chat.postMessage")] == [200, 200, 200, 429, 200, 200]


def test_user_id_and_dm_id_share_a_bucket(slack: SlackStandIn) -> None:
    client = slack.client()
    for channel in ("U0ERIN", "D0ERIN", "U0ERIN"):
        client.chat_postMessage(channel=channel, text="x")
    with pytest.raises(SlackApiError, match="ratelimited"):
        client.chat_postMessage(channel="D0ERIN", text="x")


@pytest.fixture
def slack_rate_limits() -> RateLimitConfig:
    """Tight users.info limit so a workspace cap is quick to hit."""
    config = RateLimitConfig()
    config.methods["users.info"] = Limit(per_minute=2)
    return config


def test_method_cap_is_per_workspace(slack: SlackStandIn) -> None:
    acme, other = slack.client(), slack.client("T0OTHER")
    acme.users_info(user="U0ERIN")
    acme.users_info(user="U0ERIN")
    with pytest.raises(SlackApiError) as caught:
        acme.users_info(user="U0ERIN")
    assert caught.value.response.headers["Retry-After"] == "30"
    assert other.users_info(user="U0OLIVER")["ok"]
    slack.advance(30)
    assert acme.users_info(user="U0ERIN")["ok"]


def test_rate_limit_retry_handler_recovers(slack: SlackStandIn, instant_sleep: list[float]) -> None:
    client = slack.client(retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    for _ in range(4):
        assert client.chat_postMessage(channel="C0GENERAL", text="x")["ok"]
    assert len(instant_sleep) == 1
    assert 1 <= instant_sleep[0] < 2


def test_429_storm(slack: SlackStandIn, instant_sleep: list[float]) -> None:
    slack.faults.ratelimit_next(2, retry_after=5, method="users.info")
    client = slack.client()
    with pytest.raises(SlackApiError) as caught:
        client.users_info(user="U0ERIN")
    assert caught.value.response.headers["Retry-After"] == "5"
    assert client.auth_test()["ok"]
    patient = slack.client(retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)])
    assert patient.users_info(user="U0ERIN")["ok"]
    assert len(instant_sleep) == 1
    assert instant_sleep[0] >= 5


def test_server_errors_for_next_calls(slack: SlackStandIn, instant_sleep: list[float]) -> None:
    slack.faults.fail_next(2, status=500)
    client = slack.client()
    with pytest.raises(SlackApiError) as caught:
        client.auth_test()
    assert caught.value.response.status_code == 500
    retrying = slack.client(retry_handlers=[ServerErrorRetryHandler(max_retry_count=2)])
    assert retrying.auth_test()["ok"]
    assert [c.status for c in slack.calls("auth.test")] == [500, 500, 200]


def test_server_errors_for_a_while(slack: SlackStandIn) -> None:
    slack.faults.fail_for(10, status=503, method="chat.postMessage")
    client = slack.client()
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C0GENERAL", text="x")
    assert client.auth_test()["ok"]
    slack.advance(10)
    assert client.chat_postMessage(channel="C0GENERAL", text="x")["ok"]


def test_slow_response_times_out_but_still_takes_effect(slack: SlackStandIn) -> None:
    slack.faults.delay_next(0.4, method="chat.postMessage")
    client = slack.client(timeout=0.1, retry_handlers=[])
    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel="C0GENERAL", text="did it post?")
    assert [m.text for m in slack.messages_in("C0GENERAL")] == ["did it post?"]


def test_fixed_latency(slack: SlackStandIn) -> None:
    slack.faults.latency = 0.25
    started = time.monotonic()
    slack.client().auth_test()
    assert time.monotonic() - started >= 0.25
    slack.faults.clear()
    started = time.monotonic()
    slack.client().auth_test()
    assert time.monotonic() - started < 0.25


def test_response_url_faults(slack: SlackStandIn) -> None:
    url = slack.issue_response_url("U0ERIN", "C0GENERAL")
    slack.faults.fail_next(1, status=503, method="response_url")
    assert WebhookClient(url).send(text="x").status_code == 503
    assert WebhookClient(url).send(text="x").status_code == 200
