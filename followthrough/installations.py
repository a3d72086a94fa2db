"""Many workspaces: each firm installs through OAuth v2; each request uses its team's bot.

Installations and the OAuth `state` live in the project's database, in slack_sdk's own stores
(tables by migration 0011). A team's Web API client is built from its bot, kept for a short
while, and its token rotated when close to expiry (Slack's token rotation). No installation,
no client: the request is refused with the install link and the team's messages wait.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_bolt import BoltResponse
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot import db
from bot.config import INSTALL_PATH, REDIRECT_PATH, Settings
from bot.errors import TryLater

log = logging.getLogger(__name__)

# The bot scopes in manifest.yml (tests/e2e/test_manifest.py keeps them in step).
BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "groups:history",
    "groups:read",
    "im:history",
    "im:write",
    "reactions:read",
    "users:read",
    "users:read.email",
)
STATE_SECONDS = 600  # an install started and not finished in ten minutes starts again
ROTATE_MINUTES = 120  # refresh a rotating token this long before it expires (Bolt's default)
# A client is looked up again after this long, so a reinstall or an uninstall seen by another
# process (the ack process and the work process share the database, not their memory) counts.
KEEP_SECONDS = 60.0
# Slack's event_time is in whole seconds and its clock is not ours: an installation counts as
# newer than a goodbye only this much later (nobody reinstalls through the pages that fast).
SKEW = 10.0


@dataclass
class _Kept:
    client: WebClient
    delivery: WebClient  # the courier's: never sleeps on a 429 (the message is rescheduled)
    expires_at: int | None  # epoch seconds; None for a token that does not expire
    looked_up: float


class Installations:
    """The installed workspaces: a Web API client per team, from slack_sdk's stores."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        now: Callable[[], float] = time.time,
    ) -> None:
        client_id, secret = settings.slack_client_id or "", settings.slack_client_secret or ""
        self.settings = settings
        self.store = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
        self.states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)
        self.rotator = TokenRotator(
            client_id=client_id, client_secret=secret, client=self._client(None)
        )
        # Wall-clock seconds, as slack_sdk writes token expiry; a test that travels moves it.
        self.now = now
        self._kept: dict[str, _Kept] = {}
        self._lock = threading.Lock()
        self._rotating: dict[str, threading.Lock] = {}

    def clients(self, team_id: str) -> WebClient | None:
        """The team's client (its token fresh), or None when the team has no installation."""
        kept = self._kept_for(team_id)
        return kept.client if kept is not None else None

    def delivery_clients(self, team_id: str) -> WebClient | None:
        """The courier's client for the team (no retries of its own), or None."""
        kept = self._kept_for(team_id)
        return kept.delivery if kept is not None else None

    def _kept_for(self, team_id: str) -> _Kept | None:
        with self._lock:
            kept = self._kept.get(team_id)
        wall = time.monotonic()
        if kept is not None and wall - kept.looked_up < KEEP_SECONDS and self._fresh(kept):
            return kept
        try:
            return self._look_up(team_id)
        except SQLAlchemyError as err:
            if kept is not None:  # the database is away: the token we had still works a while
                return kept
            raise TryLater(f"could not look up the installation of {team_id}: {err}") from err

    def forget(self, team_id: str, happened_at: float | None = None) -> bool:
        """app_uninstalled / tokens_revoked (at `happened_at`, epoch seconds): delete the team's
        installation and bot; False, deleting nothing, if it was installed again since."""
        bot = self._find(team_id)
        if bot is not None and happened_at is not None and bot.installed_at > happened_at + SKEW:
            log.info("workspace %s installed the app again after it left; kept", team_id)
            return False
        self.store.delete_all(enterprise_id=None, team_id=team_id)
        self.drop(team_id)
        return True

    def drop(self, team_id: str) -> None:
        """Look the team up again next time (it was installed or uninstalled)."""
        with self._lock:
            self._kept.pop(team_id, None)

    def oauth_flow(self, installed: Callable[[str], object]) -> OAuthFlow:
        """Bolt's OAuth flow: /slack/install and /slack/oauth_redirect; `installed(team)` after."""

        def success(args: SuccessArgs) -> BoltResponse:
            team_id = args.installation.team_id
            if team_id:
                self.drop(team_id)
                installed(team_id)
                log.info("installed in workspace %s (%s)", team_id, args.installation.team_name)
            return args.default.success(args)

        def failure(args: FailureArgs) -> BoltResponse:
            log.warning("an install did not complete: %s", args.reason)
            return args.default.failure(args)

        settings = self.settings
        oauth = OAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=list(BOT_SCOPES),
            redirect_uri=settings.slack_redirect_uri,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            installation_store=self.store,
            installation_store_bot_only=True,
            state_store=self.states,
            state_expiration_seconds=STATE_SECONDS,
            token_rotation_expiration_minutes=ROTATE_MINUTES,
            callback_options=CallbackOptions(success=success, failure=failure),
        )
        return OAuthFlow(client=self._client(None), settings=oauth)

    def _find(self, team_id: str) -> Bot | None:
        """The team's latest bot, as the store's find_bot, with its times read as the UTC they
        are (slack_sdk stores naive UTC and reads it back as local time: slack_sdk issue 1832)."""
        bots = self.store.bots
        column = bots.c
        query = (
            bots.select()
            .where(
                column.client_id == self.store.client_id,
                column.enterprise_id.is_(None),
                column.team_id == team_id,
                column.bot_token.is_not(None),
            )
            .order_by(column.installed_at.desc())
            .limit(1)
        )
        with self.store.engine.connect() as connection:
            # A read: it never waits for the write lock (the core may hold it while it asks
            # whether a partner's firm has the app installed).
            connection.execution_options(**{db.READ_ONLY: True})
            row = connection.execute(query).mappings().first()
        if row is None:
            return None
        bot = self.store.build_bot_entity(row)
        bot.installed_at = _utc(row["installed_at"]) or bot.installed_at  # to the microsecond:
        expires_at = _utc(row["bot_token_expires_at"])  # save_bot finds its row by it
        bot.bot_token_expires_at = int(expires_at) if expires_at is not None else None
        return bot

    def _look_up(self, team_id: str) -> _Kept | None:
        bot = self._find(team_id)
        if bot is None or not bot.bot_token:
            self.drop(team_id)
            return None
        if self._expiring(bot.bot_token_expires_at):
            bot = self._rotate(team_id, bot)
            if bot is None:
                return None
        token = bot.bot_token
        kept = _Kept(
            self._client(token),
            self._client(token, retries=False),
            bot.bot_token_expires_at,
            time.monotonic(),
        )
        with self._lock:
            self._kept[team_id] = kept
        return kept

    def _rotate(self, team_id: str, bot: Bot) -> Bot | None:
        """Refresh the team's token (one thread at a time); None if Slack refused the refresh."""
        with self._lock:
            rotating = self._rotating.setdefault(team_id, threading.Lock())
        with rotating:
            latest = self._find(team_id)
            if latest is not None and not self._expiring(latest.bot_token_expires_at):
                return latest  # another thread or process refreshed it meanwhile
            bot = latest or bot
            try:
                refreshed = self.rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=self._minutes_left(bot) + 1
                )
            except SlackTokenRotationError as err:
                # Another process may have spent the refresh token first: use what it saved.
                saved = self._find(team_id)
                if saved is not None and saved.bot_token != bot.bot_token:
                    return saved
                log.error("could not refresh the token of workspace %s: %s", team_id, err)
                return None
            if refreshed is None:
                return bot
            if refreshed.bot_token_expires_at is not None:  # slack_sdk counts from the wall clock
                refreshed.bot_token_expires_at += round(self.now() - time.time())
            self.store.save_bot(refreshed)
            log.info("refreshed the rotating token of workspace %s", team_id)
            return refreshed

    def _minutes_left(self, bot: Bot) -> int:
        """Minutes until expiry as the rotator counts them (wall clock): it rotates below that."""
        left = (bot.bot_token_expires_at or 0) - time.time()
        return max(0, math.ceil(left / 60))

    def _expiring(self, expires_at: int | None) -> bool:
        return expires_at is not None and expires_at - self.now() < ROTATE_MINUTES * 60

    def _fresh(self, kept: _Kept) -> bool:
        return not self._expiring(kept.expires_at)

    def _client(self, token: str | None, *, retries: bool = True) -> WebClient:
        return WebClient(
            token=token,
            base_url=self.settings.slack_api_url,
            timeout=self.settings.slack_timeout,
            retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1)] if retries else [],
        )


def _utc(naive: datetime | None) -> float | None:
    """Epoch seconds of a naive UTC timestamp from the database."""
    return naive.replace(tzinfo=UTC).timestamp() if naive is not None else None
