"""Auth, transport and the users/auth methods, driven through slack_sdk's WebClient."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import OTHER_TEAM_ID, SlackStandIn


def _raw(slack: SlackStandIn, method: str, body: bytes, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(slack.api_url + method, data=body, headers=headers)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def test_starts_fast_on_an_ephemeral_port() -> None:
    started = time.monotonic()
    with SlackStandIn() as first, SlackStandIn() as second:
        assert time.monotonic() - started < 1.0
        assert first.api_url.endswith("/api/")
        assert first.base_url != second.base_url
        assert first.client().auth_test()["ok"]


def test_auth_test_describes_the_bot(slack: SlackStandIn) -> None:
    data = slack.client().auth_test().data
    assert isinstance(data, dict)
    assert data["team_id"] == "T0ACME"
    assert data["user_id"] == "U0BOT"
    assert data["bot_id"] == "B0BOT"
    assert data["team"] == "Acme Splits"


@pytest.mark.parametrize(("token", "error"), [(None, "not_authed"), ("xoxb-nope", "invalid_auth")])
def test_bad_tokens(slack: SlackStandIn, token: str | None, error: str) -> None:
    client = WebClient(token=token, base_url=slack.api_url)
    with pytest.raises(SlackApiError) as caught:
        client.auth_test()
    assert caught.value.response.status_code == 200
    assert caught.value.response["error"] == error


def test_revoked_token(slack: SlackStandIn) -> None:
    slack.revoke_token(slack.token())
    with pytest.raises(SlackApiError, match="token_revoked"):
        slack.client().auth_test()


def test_token_in_form_field_and_get_query(slack: SlackStandIn) -> None:
    form = f"token={slack.token()}&user=U0ERIN".encode()
    content = {"Content-Type": "application/x-www-form-urlencoded"}
    assert _raw(slack, "users.info", form, content)["user"]["name"] == "erin"
    url = f"{slack.api_url}users.info?token={slack.token()}&user=U0DANA"
    with urllib.request.urlopen(url) as response:
        assert json.loads(response.read())["user"]["name"] == "dana"


def test_json_body_needs_the_bearer_header(slack: SlackStandIn) -> None:
    body = json.dumps({"token": slack.token(), "user": "U0ERIN"}).encode()
    answer = _raw(slack, "users.info", body, {"Content-Type": "application/json"})
    assert answer == {"ok": False, "error": "not_authed"}
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {slack.token()}"}
    assert _raw(slack, "users.info", b'{"user": "U0SAM"}', headers)["user"]["id"] == "U0SAM"


def test_unknown_method(slack: SlackStandIn) -> None:
    with pytest.raises(SlackApiError, match="unknown_method"):
        slack.client().api_call("files.upload")


def test_users_info_fields(slack: SlackStandIn) -> None:
    user = slack.client().users_info(user="U0DANA", include_locale=True)["user"]
    assert user["real_name"] == "Dana Importer"
    assert user["tz"] == "Europe/London"
    assert user["tz_offset"] in (0, 3600)
    assert user["tz_label"] in ("Greenwich Mean Time", "British Summer Time")
    assert user["locale"] == "en-US"
    alex = slack.client().users_info(user="U0ALEX")["user"]
    assert alex["is_admin"]
    assert alex["is_owner"]
    assert alex["tz_offset"] in (-6 * 3600, -5 * 3600)


def test_users_info_errors_and_workspace_isolation(slack: SlackStandIn) -> None:
    client = slack.client()
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.users_info(user="U0NOBODY")
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.users_info(user="U0OLIVER")
    other = slack.client(OTHER_TEAM_ID)
    assert other.users_info(user="U0OLIVER")["user"]["team_id"] == OTHER_TEAM_ID
    with pytest.raises(SlackApiError, match="user_not_found"):
        other.users_info(user="U0ERIN")


def test_users_list_paginates_with_cursor(slack: SlackStandIn) -> None:
    client = slack.client()
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = client.users_list(limit=2, cursor=cursor)
        seen.extend(m["id"] for m in page["members"])
        pages += 1
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert sorted(seen) == ["U0ALEX", "U0BOT", "U0DANA", "U0ERIN", "U0SAM"]
    with pytest.raises(SlackApiError, match="invalid_cursor"):
        client.users_list(cursor="bm9wZQ==")


def test_update_user_changes_what_users_info_says(slack: SlackStandIn) -> None:
    slack.update_user("U0SAM", tz="Asia/Tokyo", real_name="Sam Moved")
    user = slack.client().users_info(user="U0SAM")["user"]
    assert (user["tz"], user["tz_offset"], user["real_name"]) == ("Asia/Tokyo", 32400, "Sam Moved")


def test_calls_are_recorded(slack: SlackStandIn) -> None:
    client = slack.client()
    client.users_info(user="U0ERIN")
    with pytest.raises(SlackApiError):
        client.users_info(user="U0NOBODY")
    calls = slack.calls("users.info")
    assert [c.args["user"] for c in calls] == ["U0ERIN", "U0NOBODY"]
    assert [c.error for c in calls] == [None, "user_not_found"]
    assert all("token" not in c.args and c.team_id == "T0ACME" for c in calls)
