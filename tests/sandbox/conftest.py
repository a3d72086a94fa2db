"""Fixtures for the stand-in's own tests: the sandbox plugin plus a tiny Bolt app."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from sandbox import Driver, SlackStandIn, pytest_plugin

# The sandbox plugin's fixtures, for this directory (a root conftest may load the plugin too).
slack = pytest_plugin.slack
slack_seed = pytest_plugin.slack_seed
slack_clock = pytest_plugin.slack_clock
slack_rate_limits = pytest_plugin.slack_rate_limits
driver = pytest_plugin.driver
wsgi_server = pytest_plugin.wsgi_server
socket_driver = pytest_plugin.socket_driver
socket_app = pytest_plugin.socket_app

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "slack-reference"


@dataclass
class BoltHarness:
    """A Bolt app served over HTTP, wired to the stand-in, plus a driver pointed at it."""

    app: App
    url: str
    driver: Driver
    seen: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def bolt(
    slack: SlackStandIn,
    wsgi_server: Callable[[Any], str],
    driver: Callable[..., Driver],
) -> BoltHarness:
    """A Bolt app (process_before_response) whose listeners tests register."""
    token = slack.token()
    app = App(
        token=token,
        signing_secret=slack.signing_secret,
        client=WebClient(base_url=slack.api_url, token=token),
        process_before_response=True,
    )
    url = wsgi_server(SlackRequestHandler(app)) + "/slack/events"
    return BoltHarness(app, url, driver(url))


@pytest.fixture
def slack_reference() -> Path:
    """Slack's reference data in ../shared (tests skip when it is not checked out beside)."""
    if not REFERENCE.exists():
        pytest.skip("../shared/slack-reference is not available")
    return REFERENCE


@pytest.fixture
def payload_sample(slack_reference: Path) -> Callable[[str], dict[str, Any]]:
    """Loader for payload samples, by "app-backend/X.json" or "events/X.json"."""

    def load(name: str) -> dict[str, Any]:
        sample: dict[str, Any] = json.loads(
            (slack_reference / "payloads" / name).read_text(encoding="utf-8")
        )
        return sample

    return load
