"""Many workspaces: network seeds, OAuth v2 installs and reinstalls, token rotation, uninstalls."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import Ack, App, Say
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import FileInstallationStore
from slack_sdk.oauth.state_store import FileOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator

from sandbox import (
    ACME_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    Driver,
    SlackStandIn,
    crowd_seed,
    default_seed,
    network_seed,
)

JSON = dict[str, Any]


def _error(call: Callable[[], Any]) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return str(caught.value.response["error"])


def _oauth(slack: SlackStandIn) -> WebClient:
    return WebClient(base_url=slack.api_url)


def test_network_seed_gives_every_firm_its_own_bot() -> None:
    seed = network_seed(5, members=4)
    assert len({t.id for t in seed.teams}) == len({t.bot_token for t in seed.teams}) == 5
    assert len({t.bot_user_id for t in seed.teams}) == 5
    with SlackStandIn(seed) as slack:
        for team in seed.teams:
            auth = slack.client(team.id).auth_test()
            assert (auth["team_id"], auth["user_id"], auth["bot_id"]) == (
                team.id,
                team.bot_user_id,
                team.bot_id,
            )
            members = slack.client(team.id).users_list()["members"]
            assert len(members) == 5  # four partners and the bot
        first, second = seed.teams[0], seed.teams[1]
        stranger = second.members[0].id
        assert _error(lambda: slack.client(first.id).users_info(user=stranger)) == "user_not_found"
        posted = slack.client(second.id).chat_postMessage(channel=stranger, text="hi")
        assert slack.dms_to(stranger)[0].ts == posted["ts"]


def test_default_and_crowd_seeds_are_unchanged() -> None:
    assert [t.id for t in default_seed().teams] == ["T0ACME", "T0OTHER"]
    assert default_seed().teams[0].bot_token == ACME_TOKEN
    assert not any(c.shared_with for t in default_seed().teams for c in t.channels)
    crowd = crowd_seed(3)
    assert len(crowd.teams[0].members) == 7
    assert [t.id for t in crowd.teams] == ["T0ACME", "T0OTHER"]


def test_oauth_code_installs_a_new_bot_token(slack: SlackStandIn) -> None:
    old = slack.token()
    code = slack.authorize("T0ACME", "U0ALEX", ["chat:write", "commands"])
    answer = _oauth(slack).oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code
    )
    assert answer.data == {
        "ok": True,
        "app_id": "A0FOLLOW",
        "authed_user": {"id": "U0ALEX"},
        "scope": "chat:write,commands",
        "token_type": "bot",
        "access_token": answer["access_token"],
        "bot_user_id": "U0BOT",
        "team": {"id": "T0ACME", "name": "Acme Splits"},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    new = answer["access_token"]
    assert new.startswith("xoxb-")
    assert new != old
    assert slack.token() == new
    assert WebClient(token=new, base_url=slack.api_url).auth_test()["team_id"] == "T0ACME"
    assert _error(lambda: WebClient(token=old, base_url=slack.api_url).auth_test()) == (
        "token_revoked"
    )
    again = lambda: _oauth(slack).oauth_v2_access(  # noqa: E731
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code
    )
    assert _error(again) == "invalid_code"
    assert slack.calls("oauth.v2.access")[0].team_id == "T0ACME"


def test_oauth_checks_the_client_and_the_code(slack: SlackStandIn) -> None:
    code = slack.authorize("T0OTHER", "U0OLIVER", redirect_uri="https://app.test/oauth")
    client = _oauth(slack)
    exchange = client.oauth_v2_access
    assert _error(lambda: exchange(client_id="nope", client_secret=CLIENT_SECRET, code=code)) == (
        "invalid_client_id"
    )
    assert _error(lambda: exchange(client_id=CLIENT_ID, client_secret="nope", code=code)) == (
        "bad_client_secret"
    )
    assert _error(lambda: exchange(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code="x")) == (
        "invalid_code"
    )
    wrong_uri = lambda: exchange(  # noqa: E731
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code, redirect_uri="https://x"
    )
    assert _error(wrong_uri) == "bad_redirect_uri"
    # Credentials in form fields work as well as HTTP Basic auth.
    form = (
        f"client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&code={code}"
        "&redirect_uri=https%3A%2F%2Fapp.test%2Foauth"
    ).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    request = urllib.request.Request(slack.api_url + "oauth.v2.access", data=form, headers=headers)
    with urllib.request.urlopen(request) as response:
        body = json.loads(response.read())
    assert (body["ok"], body["team"]["id"], body["authed_user"]) == (
        True,
        "T0OTHER",
        {"id": "U0OLIVER"},
    )


def test_codes_expire_after_ten_minutes(slack: SlackStandIn) -> None:
    code = slack.authorize("T0ACME", "U0ERIN")
    slack.advance(601)
    exchange = lambda: _oauth(slack).oauth_v2_access(  # noqa: E731
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code
    )
    assert _error(exchange) == "invalid_code"


def test_token_rotation_and_refresh() -> None:
    with SlackStandIn(network_seed(2, token_rotation=True)) as slack:
        client = _oauth(slack)
        code = slack.authorize("T0F0001", "U0F0001M0")
        first = client.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code)
        assert first["access_token"].startswith("xoxe.xoxb-1-")
        assert first["refresh_token"].startswith("xoxe-1-")
        assert first["expires_in"] == 43_200
        token = first["access_token"]
        assert WebClient(token=token, base_url=slack.api_url).auth_test()["ok"]
        slack.advance(43_200)
        expired = lambda: WebClient(token=token, base_url=slack.api_url).auth_test()  # noqa: E731
        assert _error(expired) == "token_expired"
        second = client.oauth_v2_access(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            grant_type="refresh_token",
            refresh_token=first["refresh_token"],
        )
        assert second["access_token"] != token
        assert second["refresh_token"] != first["refresh_token"]
        assert "authed_user" not in second.data
        assert WebClient(token=second["access_token"], base_url=slack.api_url).auth_test()["ok"]
        reuse = lambda: client.oauth_v2_access(  # noqa: E731
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            grant_type="refresh_token",
            refresh_token=first["refresh_token"],
        )
        assert _error(reuse) == "invalid_refresh_token"
        bogus = lambda: client.oauth_v2_access(  # noqa: E731
            client_id=CLIENT_ID, client_secret=CLIENT_SECRET, grant_type="password"
        )
        assert _error(bogus) == "invalid_grant_type"
        slack.uninstall("T0F0001")
        after = lambda: client.oauth_v2_access(  # noqa: E731
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            grant_type="refresh_token",
            refresh_token=second["refresh_token"],
        )
        assert _error(after) == "invalid_refresh_token"


def test_uninstall_then_reinstall(slack: SlackStandIn) -> None:
    revoked = slack.uninstall("T0OTHER")
    assert revoked == ["xoxb-other-test"]
    assert _error(lambda: slack.client("T0OTHER").auth_test()) == "token_revoked"
    code = slack.authorize("T0OTHER", "U0OLIVER")
    _oauth(slack).oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code)
    assert slack.client("T0OTHER").auth_test()["user_id"] == "U0OBOT"
    assert slack.client().auth_test()["team_id"] == "T0ACME"  # other teams are untouched


def test_bolt_oauth_flow_and_token_rotator(tmp_path: Path) -> None:
    with SlackStandIn(network_seed(1, token_rotation=True)) as slack:
        settings = OAuthSettings(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            scopes=["chat:write"],
            installation_store=FileInstallationStore(base_dir=str(tmp_path / "installs")),
            state_store=FileOAuthStateStore(expiration_seconds=600, base_dir=str(tmp_path)),
        )
        flow = OAuthFlow(client=WebClient(base_url=slack.api_url), settings=settings)
        installation = flow.run_installation(slack.authorize("T0F0000", "U0F0000M0"))
        assert installation is not None
        assert (installation.team_id, installation.bot_id) == ("T0F0000", "B0F0000BOT")
        assert installation.bot_refresh_token is not None
        rotator = TokenRotator(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            client=WebClient(base_url=slack.api_url),
        )
        rotated = rotator.perform_token_rotation(
            installation=installation, minutes_before_expiration=24 * 60
        )
        assert rotated is not None
        assert rotated.bot_token not in (None, installation.bot_token)
        assert slack.token("T0F0000") == rotated.bot_token


def test_one_bolt_app_installed_in_many_workspaces(
    tmp_path: Path, wsgi_server: Callable[[Any], str]
) -> None:
    with SlackStandIn(network_seed(3)) as slack:
        store = FileInstallationStore(base_dir=str(tmp_path))
        settings = OAuthSettings(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            installation_store=store,
            state_store=FileOAuthStateStore(expiration_seconds=600, base_dir=str(tmp_path)),
        )
        flow = OAuthFlow(client=WebClient(base_url=slack.api_url), settings=settings)
        for team in slack.seed.teams:
            installation = flow.run_installation(slack.authorize(team.id, team.members[0].id))
            assert installation is not None
            store.save(installation)
        app = App(
            signing_secret=slack.signing_secret,
            installation_store=store,
            client=WebClient(base_url=slack.api_url),
            process_before_response=True,
        )

        @app.command("/owe")
        def owe(ack: Ack, say: Say, command: JSON) -> None:
            ack("Noted")
            say(f"{command['team_id']} heard <@{command['user_id']}>")

        url = wsgi_server(SlackRequestHandler(app)) + "/slack/events"
        for team in slack.seed.teams:
            person, channel = team.members[1].id, team.channels[1].id
            Driver(slack, url, team_id=team.id).slash_command(person, "/owe", channel=channel)
            [said] = slack.messages_in(channel)
            assert said.text == f"{team.id} heard <@{person}>"
            assert [e.text for e in slack.ephemerals_to(person)] == ["Noted"]
        tokens = {c.token for c in slack.calls("chat.postMessage")}
        assert tokens == {slack.token(t.id) for t in slack.seed.teams}
