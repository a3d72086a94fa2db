"""The real bot served over HTTP (or Socket Mode) against the stand-in: what the demo and
end-to-end tests drive."""

from __future__ import annotations

import html
import re
import socket
import time
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.clock import FrozenClock
from bot.config import load_settings
from followthrough.browser import Browser, Page
from followthrough.runtime import Runtime, build_runtime
from followthrough.serve import connect_socket_mode
from handlers.web import EVENTS_PATH
from sandbox.driver import Driver, DriverResponse
from sandbox.errors import DriverError
from sandbox.standin import SlackStandIn
from sandbox.wsgi import serve_wsgi
from scheduler.pacer import Pacer


class LiveBot:
    """A running Followthrough, the stand-in it talks to, and a driver playing Slack toward it."""

    def __init__(
        self,
        slack: SlackStandIn,
        database_url: str,
        clock: FrozenClock,
        *,
        socket_mode: bool = False,
        more_teams: Sequence[str] = (),
        oauth: bool = False,
        **settings: object,
    ) -> None:
        # With `oauth`, no workspace is installed until an admin plays the install (install()).
        port = _free_port() if oauth else 0
        credentials: dict[str, object] = (
            {
                "slack_client_id": slack.seed.client_id,
                "slack_client_secret": slack.seed.client_secret,
                "public_url": f"http://127.0.0.1:{port}",
            }
            if oauth
            else {"slack_bot_token": slack.token()}
        )
        configured = load_settings(
            database_url=database_url,
            slack_signing_secret=slack.signing_secret,
            slack_api_url=slack.api_url,
            slack_app_token=slack.app_token if socket_mode else None,
            holiday_country="US",
            **(credentials | settings),
        )
        self.slack, self.clock = slack, clock
        # Against a stand-in that enforces no rate limits there is nothing to pace under.
        pacer = None if slack.limiter.config.enabled else Pacer.unlimited()
        # More firms in the network, each with the app installed by its own bot token.
        tokens = {team: slack.token(team) for team in more_teams}
        self.runtime: Runtime = build_runtime(
            configured, clock=clock, pacer=pacer, tokens=tokens
        ).start()
        self._ahead = 0.0  # how far tests travelled: token expiry is counted in wall time
        if self.runtime.installations is not None:
            self.runtime.installations.now = lambda: time.time() + self._ahead
        self._stack = ExitStack()
        self.web_url = ""
        if not socket_mode or oauth:  # OAuth's pages are web pages, even beside Socket Mode
            self.web_url = self._stack.enter_context(serve_wsgi(self.runtime.web(), port=port))
        self._socket_mode = socket_mode
        if socket_mode:  # as `serve` does with SLACK_APP_TOKEN: Slack's requests over a websocket
            self.url = ""
            self._stack.callback(connect_socket_mode(self.runtime))
        else:
            self.url = self.web_url + EVENTS_PATH
        self._drivers: dict[str, Driver] = {}
        self.driver = self.driver_for(slack.seed.teams[0].id)

    def driver_for(self, team_id: str) -> Driver:
        """The driver playing Slack for one workspace's people."""
        if team_id not in self._drivers:
            self._drivers[team_id] = (
                Driver.socket_mode(self.slack, team_id=team_id)
                if self._socket_mode
                else Driver(self.slack, self.url, team_id=team_id)
            )
        return self._drivers[team_id]

    def install(self, team_id: str, user: str | None = None) -> Page:
        """An admin of the team adds Followthrough through OAuth; the page they end on."""
        admin = user or next(
            m.id for m in self.slack.seed.team(team_id).members if m.is_admin or m.is_owner
        )
        page = Browser(self.web_url, self.slack).install(team_id, admin)
        self.settle()
        return page

    def browser(self) -> Browser:
        """A browser pointed at the bot's web pages (the install page, the redirect back)."""
        return Browser(self.web_url, self.slack)

    def close(self) -> None:
        """Stop serving, stop the workers and release the database."""
        self._stack.close()
        self.runtime.stop(deliver_for=0)

    def command(
        self, user: str, text: str, *, channel: str | None = None, team: str = ""
    ) -> DriverResponse:
        """Type `/followthrough <text>` as a user (through `team`'s Slack when given, else their
        own workspace's), and wait until the bot has finished."""
        driver = self.driver_for(team) if team else self._driver_of(user)
        response = driver.slash_command(user, "/followthrough", text, channel=channel)
        self.settle()
        return response

    def click(self, user: str, label: str, *, team: str = "", **where: Any) -> DriverResponse:
        """Click a button by its visible label (through `team`'s Slack when given: a partner
        of another firm clicking in a shared channel)."""
        driver = self.driver_for(team) if team else self._driver_of(user)
        response = driver.click_button(user, label, **where)
        self.settle()
        return response

    def submit(self, user: str, values: dict[str, dict[str, Any]]) -> DriverResponse:
        """Submit the modal open for a user."""
        response = self._driver_of(user).submit_view(user, values)
        self.settle()
        return response

    def travel(self, at: datetime) -> None:
        """Move the bot's clock to `at`, and Slack's clock along by as much."""
        step = (at - self.clock.now()).total_seconds()
        self.clock.set(at)
        if step > 0:
            self.slack.advance(step)
            self._ahead += step

    def sweep(self, at: datetime) -> list[str]:
        """Run the nudge sweep as of `at` and deliver what it decided; one line per decision."""
        self.travel(at)
        done = self.runtime.sweeper.run()
        self.settle()
        return done

    def _driver_of(self, user: str) -> Driver:
        """The driver of the user's own workspace (the default one for unknown users)."""
        try:
            team_id = str(self.slack.user(user)["team_id"])
        except DriverError:
            return self.driver
        return self.driver_for(team_id)

    def settle(self, timeout: float = 15) -> None:
        """Wait until every request is worked and every due message delivered."""
        self.runtime.settle(timeout)

    def session(self) -> Session:
        """A read-only database session, to look at what the ledger holds."""
        return self.runtime.core.reads()

    def said_to(self, user: str) -> str:
        """The last ephemeral message a user saw, as Slack would show it."""
        ephemerals = self.slack.ephemerals_to(user)
        if not ephemerals:
            raise AssertionError(f"{user} saw no ephemeral message")
        return self.seen(ephemerals[-1].visible_text)

    def dms(self, user: str) -> list[str]:
        """Every DM the bot sent a user, oldest first, as Slack would show them."""
        return [self.seen(message.visible_text) for message in self.slack.dms_to(user)]

    def seen(self, mrkdwn: str) -> str:
        """Text as a person reads it: mentions as @Full Name, no formatting marks."""

        def name(match: re.Match[str]) -> str:
            return "@" + str(self.slack.user(match.group(1))["real_name"])

        text = re.sub(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", name, mrkdwn)
        return html.unescape(text.replace("*", "").replace("`", ""))


def _free_port() -> int:
    """A port nothing listens on now (the bot's public URL must be known before it serves)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
