"""pytest fixtures: load with `pytest_plugins = ["sandbox.pytest_plugin"]` in a conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler

from sandbox.clock import Clock, OffsetClock
from sandbox.driver import Driver
from sandbox.ratelimit import RateLimitConfig
from sandbox.seed import Seed, default_seed
from sandbox.socket_apps import socket_mode_app
from sandbox.standin import SlackStandIn
from sandbox.wsgi import serve_wsgi

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

__all__ = [
    "driver",
    "serve_wsgi",
    "slack",
    "slack_clock",
    "slack_rate_limits",
    "slack_seed",
    "socket_app",
    "socket_driver",
    "wsgi_server",
]


@pytest.fixture
def slack_seed() -> Seed:
    """The seed the `slack` fixture starts from (override to change workspaces)."""
    return default_seed()


@pytest.fixture
def slack_clock() -> OffsetClock:
    """The stand-in's clock: real time plus whatever the test advance()s."""
    return OffsetClock()


@pytest.fixture
def slack_rate_limits() -> RateLimitConfig:
    """The rate limits the `slack` fixture enforces (override to loosen or tighten)."""
    return RateLimitConfig()


@pytest.fixture
def slack(
    slack_seed: Seed, slack_clock: Clock, slack_rate_limits: RateLimitConfig
) -> Iterator[SlackStandIn]:
    """A started Slack stand-in, fresh for each test."""
    with SlackStandIn(slack_seed, clock=slack_clock, rate_limits=slack_rate_limits) as stand_in:
        yield stand_in


@pytest.fixture
def driver(slack: SlackStandIn) -> Callable[..., Driver]:
    """Factory: driver(bot_url, **options) returns a Driver bound to `slack` and that URL."""

    def make(url: str, **options: Any) -> Driver:
        return Driver(slack, url, **options)

    return make


@pytest.fixture
def socket_driver(slack: SlackStandIn) -> Callable[..., Driver]:
    """Factory: socket_driver(**options) returns a Driver that delivers over Socket Mode."""

    def make(**options: Any) -> Driver:
        return Driver.socket_mode(slack, **options)

    return make


@pytest.fixture
def socket_app(slack: SlackStandIn) -> Iterator[Callable[..., SocketModeHandler]]:
    """Factory: socket_app(bolt_app) connects the app to `slack` over Socket Mode until the test
    ends (slack_bolt's websocket-client SocketModeHandler); returns the handler."""
    with ExitStack() as stack:

        def connect(app: App, **options: Any) -> SocketModeHandler:
            return stack.enter_context(socket_mode_app(app, slack, **options))

        yield connect


@pytest.fixture
def wsgi_server() -> Iterator[Callable[[WSGIApplication], str]]:
    """Factory: wsgi_server(app) serves a WSGI app until the test ends; returns its base URL."""
    with ExitStack() as stack:

        def start(app: WSGIApplication) -> str:
            return stack.enter_context(serve_wsgi(app))

        yield start
