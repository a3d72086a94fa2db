"""The real bot served over HTTP (or Socket Mode) against the stand-in: what the demo and
end-to-end tests drive."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.clock import FrozenClock
from bot.config import load_settings
from followthrough.runtime import Runtime, build_runtime
from followthrough.serve import connect_socket_mode
from handlers.web import EVENTS_PATH
from sandbox.driver import Driver, DriverResponse
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
        **settings: object,
    ) -> None:
        configured = load_settings(
            database_url=database_url,
            slack_bot_token=slack.token(),
            slack_signing_secret=slack.signing_secret,
            slack_api_url=slack.api_url,
            slack_app_token=slack.app_token if socket_mode else None,
            holiday_country="US",
            **settings,
        )
        self.slack, self.clock = slack, clock
        # Against a stand-in that enforces no rate limits there is nothing to pace under.
        pacer = None if slack.limiter.config.enabled else Pacer.unlimited()
        # More firms in the network, each with the app installed by its own token.
        tokens = {team: slack.token(team) for team in more_teams}
        self.runtime: Runtime = build_runtime(
            configured, clock=clock, pacer=pacer, tokens=tokens
        ).start()
        self._stack = ExitStack()
        if socket_mode:  # as `serve` does with SLACK_APP_TOKEN: Slack's requests over a websocket
            self.url = ""
            self._stack.callback(connect_socket_mode(self.runtime))
            self.driver = Driver.socket_mode(slack)
        else:
            self.url = self._stack.enter_context(serve_wsgi(self.runtime.web())) + EVENTS_PATH
            self.driver = Driver(slack, self.url)
        self.drivers = {
            team: Driver.socket_mode(slack, team_id=team)
            if socket_mode
            else Driver(slack, self.url, team_id=team)
            for team in more_teams
        }

    def as_team(self, team_id: str) -> Driver:
        """The driver playing Slack toward the bot from another firm's workspace."""
        return self.drivers.get(team_id, self.driver)

    def close(self) -> None:
        """Stop serving, stop the workers and release the database."""
        self._stack.close()
        self.runtime.stop(deliver_for=0)

    def command(
        self, user: str, text: str, *, channel: str | None = None, team: str = ""
    ) -> DriverResponse:
        """Type `/followthrough <text>` as a user (of `team`, when another firm's), and wait
        until the bot has finished."""
        driver = self.as_team(team)
        response = driver.slash_command(user, "/followthrough", text, channel=channel)
        self.settle()
        return response

    def click(self, user: str, label: str, *, team: str = "", **where: Any) -> DriverResponse:
        """Click a button by its visible label (in `team`'s Slack, when another firm's)."""
        response = self.as_team(team).click_button(user, label, **where)
        self.settle()
        return response

    def submit(self, user: str, values: dict[str, dict[str, Any]]) -> DriverResponse:
        """Submit the modal open for a user."""
        response = self.driver.submit_view(user, values)
        self.settle()
        return response

    def travel(self, at: datetime) -> None:
        """Move the bot's clock to `at`, and Slack's clock along by as much."""
        step = (at - self.clock.now()).total_seconds()
        self.clock.set(at)
        if step > 0:
            self.slack.advance(step)

    def sweep(self, at: datetime) -> list[str]:
        """Run the nudge sweep as of `at` and deliver what it decided; one line per decision."""
        self.travel(at)
        done = self.runtime.sweeper.run()
        self.settle()
        return done

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
