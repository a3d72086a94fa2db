"""Which workspace a request may be served in: its team's installation, or the install link."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize

from bot.errors import TryLater
from handlers.context import Deps

ANOTHER_WORKSPACE = (
    "This Followthrough install serves another workspace; ask your Slack admin to install it here."
)


def not_installed(install_url: str | None) -> str:
    """The answer to someone in a workspace where Followthrough is not installed."""
    if install_url is None:
        return ANOTHER_WORKSPACE
    return (
        "Followthrough isn't installed in this workspace yet. Ask your Slack admin to add it "
        f"here: {install_url}"
    )


class TeamAuthorize(Authorize):
    """Bolt's authorization through `Deps.clients`, the one place tokens come from.

    A team without an installation is still let through, without a token, so that the
    `only_installed` middleware answers it with the install link (Bolt's own refusal has none).
    """

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_: Any,
    ) -> AuthorizeResult:
        try:
            client = self.deps.clients(team_id) if team_id else None
        except TryLater:
            client = None  # the database is away: only_installed answers 503, Slack retries
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            bot_token=client.token if client is not None else None,
        )
