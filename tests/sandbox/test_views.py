"""views.open / push / update / publish: trigger ids, stacks, hashes and the Home tab."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from sandbox import ManualClock, SlackStandIn


def _modal(title: str = "Log a split", **extra: Any) -> dict[str, Any]:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": title}}
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": [section],
        **extra,
    }


def test_trigger_is_single_use(slack: SlackStandIn) -> None:
    client = slack.client()
    trigger = slack.issue_trigger("U0ERIN")
    view = client.views_open(trigger_id=trigger, view=_modal())["view"]
    assert view["id"].startswith("V")
    assert view["type"] == "modal"
    assert [v.id for v in slack.views_open_for("U0ERIN")] == [view["id"]]
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        client.views_open(trigger_id=trigger, view=_modal())
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        client.views_open(trigger_id="12345.678.abc", view=_modal())


def test_trigger_expires_after_three_seconds() -> None:
    clock = ManualClock(1_763_758_000.0)
    with SlackStandIn(clock=clock) as slack:
        fresh = slack.issue_trigger("U0ERIN")
        stale = slack.issue_trigger("U0ERIN")
        clock.advance(2.9)
        assert slack.client().views_open(trigger_id=fresh, view=_modal())["ok"]
        clock.advance(0.2)
        with pytest.raises(SlackApiError, match="expired_trigger_id"):
            slack.client().views_open(trigger_id=stale, view=_modal())


def test_trigger_belongs_to_its_workspace(slack: SlackStandIn) -> None:
    trigger = slack.issue_trigger("U0ERIN")
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        slack.client("T0OTHER").views_open(trigger_id=trigger, view=_modal())


def test_push_stacks_up_to_three(slack: SlackStandIn) -> None:
    client = slack.client()
    with pytest.raises(SlackApiError, match="not_found"):
        client.views_push(trigger_id=slack.issue_trigger("U0DANA"), view=_modal())
    root = client.views_open(trigger_id=slack.issue_trigger("U0DANA"), view=_modal("One"))["view"]
    second = client.views_push(trigger_id=slack.issue_trigger("U0DANA"), view=_modal("Two"))
    assert second["view"]["root_view_id"] == root["id"]
    assert second["view"]["previous_view_id"] == root["id"]
    client.views_push(trigger_id=slack.issue_trigger("U0DANA"), view=_modal("Three"))
    with pytest.raises(SlackApiError, match="push_limit_reached"):
        client.views_push(trigger_id=slack.issue_trigger("U0DANA"), view=_modal("Four"))
    assert [v.title for v in slack.views_open_for("U0DANA")] == ["One", "Two", "Three"]


def test_update_by_view_id_or_external_id_with_hash(slack: SlackStandIn) -> None:
    client = slack.client()
    opened = client.views_open(
        trigger_id=slack.issue_trigger("U0SAM"), view=_modal("First", external_id="split-9")
    )["view"]
    by_id = client.views_update(view_id=opened["id"], hash=opened["hash"], view=_modal("Second"))
    assert by_id["view"]["id"] == opened["id"]
    assert by_id["view"]["hash"] != opened["hash"]
    with pytest.raises(SlackApiError, match="hash_conflict"):
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=_modal("Stale"))
    client.views_update(view_id=opened["id"], view=_modal("Third", external_id="split-9"))
    by_external = client.views_update(external_id="split-9", view=_modal("Fourth"))
    assert by_external["view"]["title"]["text"] == "Fourth"
    for kwargs, error in [({"view_id": "VNOPE"}, "not_found"), ({}, "invalid_arguments")]:
        with pytest.raises(SlackApiError) as caught:
            client.api_call("views.update", json={"view": _modal(), **kwargs})
        assert caught.value.response["error"] == error


def test_duplicate_external_id(slack: SlackStandIn) -> None:
    client = slack.client()
    client.views_open(trigger_id=slack.issue_trigger("U0SAM"), view=_modal(external_id="x"))
    with pytest.raises(SlackApiError, match="duplicate_external_id"):
        client.views_open(trigger_id=slack.issue_trigger("U0ERIN"), view=_modal(external_id="x"))


def test_publish_home_tab(slack: SlackStandIn) -> None:
    client = slack.client()
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}],
    }
    first = client.views_publish(user_id="U0ALEX", view=home)["view"]
    assert slack.home_of("U0ALEX") is not None
    assert slack.home_of("U0ERIN") is None
    home["blocks"][0]["text"]["text"] = "Updated"
    second = client.views_publish(user_id="U0ALEX", view=home, hash=first["hash"])["view"]
    assert second["id"] == first["id"]
    shown = slack.home_of("U0ALEX")
    assert shown is not None
    assert shown.visible_text == "Updated"
    with pytest.raises(SlackApiError, match="hash_conflict"):
        client.views_publish(user_id="U0ALEX", view=home, hash=first["hash"])
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.views_publish(user_id="U0OLIVER", view=home)
