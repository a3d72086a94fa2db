"""What listeners need besides Bolt's arguments: the core, and Slack clients per workspace."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.services import Core

DEPS = "followthrough"


@dataclass(frozen=True)
class Deps:
    """The core, a Web API client per installed workspace, and where quick Slack calls run."""

    core: Core
    clients: Callable[[str], WebClient | None]
    wake: Callable[[], None]  # a request was recorded: wake a worker
    quick: Executor  # forms and the Home tab: Slack calls right after the ack, nothing to record
    # Installed through OAuth: the public "Add to Slack" page to send a firm to (None with a
    # single bot token), and how to delete a team's installation once it uninstalled the app
    # (at the event's time; False when it was installed again since, the event being old).
    install_url: str | None = None
    forget_installation: Callable[[str, float | None], bool] | None = None

    def client(self, team_id: str) -> WebClient:
        """The client for a workspace; a workspace without one was never installed here."""
        client = self.clients(team_id)
        if client is None:
            raise LookupError(f"no Slack token for workspace {team_id}")
        return client


def deps_of(context: BoltContext | dict[str, Any]) -> Deps:
    """The dependencies a middleware put in Bolt's context."""
    deps = context[DEPS]
    assert isinstance(deps, Deps)
    return deps
