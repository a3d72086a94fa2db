"""Each team's client from its installation: built once, forgotten on uninstall, and a rotating
token refreshed once however many threads or processes ask for it at the same moment."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation
from sqlalchemy import Engine, create_engine

from bot import db
from bot.config import Settings, load_settings
from bot.errors import TryLater
from followthrough.installations import Installations
from sandbox import SlackStandIn
from sandbox.seed import Seed, network_seed

A, B = "T0F0000", "T0F0001"
ELEVEN_HOURS = 11 * 3600  # an hour before a rotating token's twelve run out


@pytest.fixture
def slack_seed() -> Seed:
    return network_seed(2, token_rotation=True)


@pytest.fixture
def oauth_settings(slack: SlackStandIn, bot_database_url: str) -> Settings:
    return load_settings(
        database_url=bot_database_url,
        slack_client_id=slack.seed.client_id,
        slack_client_secret=slack.seed.client_secret,
        slack_api_url=slack.api_url,
        public_url="https://bot.example.com",
    )


@pytest.fixture
def engine(oauth_settings: Settings) -> Iterator[Engine]:
    engine = db.make_engine(oauth_settings.database_url)
    yield engine
    engine.dispose()


def installed(slack: SlackStandIn, installations: Installations, team_id: str) -> str:
    """An admin approves the app and the redirect saves the installation; its token."""
    seed = slack.seed
    code = slack.authorize(team_id, seed.team(team_id).members[0].id)
    answer = WebClient(base_url=slack.api_url).oauth_v2_access(
        client_id=seed.client_id, client_secret=seed.client_secret, code=code
    )
    installations.store.save(
        Installation(
            app_id=answer["app_id"],
            team_id=team_id,
            bot_token=answer["access_token"],
            bot_id=seed.team(team_id).bot_id,
            bot_user_id=answer["bot_user_id"],
            bot_scopes=answer["scope"],
            bot_refresh_token=answer.get("refresh_token"),
            bot_token_expires_in=answer.get("expires_in"),
            user_id=answer["authed_user"]["id"],
        )
    )
    return str(answer["access_token"])


def later(installations: Installations, seconds: float) -> Installations:
    installations.now = lambda: time.time() + seconds
    return installations


def refreshes(slack: SlackStandIn) -> list[bool]:
    """Whether each refresh_token grant Slack received succeeded."""
    return [c.ok for c in slack.calls("oauth.v2.access") if c.args.get("refresh_token")]


def test_a_team_without_an_installation_has_no_client(
    oauth_settings: Settings, engine: Engine
) -> None:
    installations = Installations(oauth_settings, engine)
    assert installations.clients(A) is None
    assert installations.delivery_clients(A) is None


def test_a_client_is_kept_and_forgotten_with_the_installation(
    slack: SlackStandIn, oauth_settings: Settings, engine: Engine
) -> None:
    installations = Installations(oauth_settings, engine)
    token = installed(slack, installations, A)

    client = installations.clients(A)
    assert client is not None
    assert client.token == token
    assert installations.clients(A) is client  # kept, not looked up again
    assert installations.clients(B) is None
    assert client.auth_test()["team_id"] == A

    installations.forget(A)
    assert installations.clients(A) is None
    assert installations.store.find_installation(enterprise_id=None, team_id=A) is None


def test_threads_asking_at_once_refresh_an_expiring_token_once(
    slack: SlackStandIn, oauth_settings: Settings, engine: Engine
) -> None:
    installations = Installations(oauth_settings, engine)
    first = installed(slack, installations, A)
    slack.advance(ELEVEN_HOURS)
    later(installations, ELEVEN_HOURS)

    tokens: list[str | None] = []
    start = threading.Barrier(8)

    def ask() -> None:
        start.wait()
        client = installations.clients(A)
        tokens.append(client.token if client else None)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert refreshes(slack) == [True]
    assert set(tokens) == {slack.token(A)}
    assert slack.token(A) != first


def test_two_processes_refreshing_at_once_both_end_with_the_new_token(
    slack: SlackStandIn, oauth_settings: Settings, engine: Engine
) -> None:
    ack = Installations(oauth_settings, engine)
    work = Installations(oauth_settings, engine)  # another process: its own memory
    installed(slack, ack, A)
    slack.advance(ELEVEN_HOURS)
    later(ack, ELEVEN_HOURS)
    later(work, ELEVEN_HOURS)
    refresh = work.rotator.perform_bot_token_rotation

    def refresh_after_the_other_process(**arguments: Any) -> Bot | None:
        ack.clients(A)  # the ack process spends the refresh token between read and refresh
        return refresh(**arguments)

    work.rotator.perform_bot_token_rotation = refresh_after_the_other_process  # type: ignore[method-assign]
    client = work.clients(A)

    assert refreshes(slack) == [True, False]  # the second refresh was refused, and did no harm
    assert client is not None
    assert client.token == slack.token(A)
    kept = ack.clients(A)
    assert kept is not None
    assert kept.token == client.token


def test_while_the_database_is_away_a_kept_client_serves_and_no_client_means_try_later(
    slack: SlackStandIn, oauth_settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    installations = Installations(oauth_settings, engine)
    token = installed(slack, installations, A)
    assert installations.clients(A) is not None
    installations._kept[A].looked_up -= 3600  # due to be looked up again
    installations.store.engine = create_engine(f"sqlite:///{tmp_path}/gone/away.db")

    kept = installations.clients(A)
    assert kept is not None
    assert kept.token == token
    with pytest.raises(TryLater):
        installations.clients(B)
