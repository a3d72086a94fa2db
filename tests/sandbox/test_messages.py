"""chat.*, conversations.* and reactions.* against the stand-in's stored messages."""

from __future__ import annotations

import dataclasses

import pytest
from slack_sdk.errors import SlackApiError

from sandbox import Channel, RateLimitConfig, Seed, SlackStandIn, default_seed


@pytest.fixture
def slack_rate_limits() -> RateLimitConfig:
    """These tests post in bursts; rate limits have their own tests."""
    return RateLimitConfig.unlimited()


def test_post_to_user_id_lands_in_a_stable_dm(slack: SlackStandIn) -> None:
    client = slack.client()
    dm = client.conversations_open(users="U0ERIN")["channel"]["id"]
    assert dm == client.conversations_open(users="U0ERIN")["channel"]["id"]
    first = client.chat_postMessage(channel="U0ERIN", text="one")
    second = client.chat_postMessage(channel=dm, text="two")
    assert first["channel"] == second["channel"] == dm == slack.dm_channel("U0ERIN")
    assert [m.text for m in slack.dms_to("U0ERIN")] == ["one", "two"]


def test_ts_values_are_unique_and_increasing(slack: SlackStandIn) -> None:
    client = slack.client()
    stamps = [client.chat_postMessage(channel=c, text="x")["ts"] for c in ["C0GENERAL"] * 3]
    stamps += [client.chat_postMessage(channel="C0SPLITS", text="x")["ts"]]
    assert len(set(stamps)) == 4
    assert stamps == sorted(stamps, key=lambda ts: tuple(map(int, ts.split("."))))
    assert all(len(ts.split(".")[1]) == 6 for ts in stamps)


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_errors(slack: SlackStandIn) -> None:
    client = slack.client()
    for kwargs, error in [
        ({"channel": "C0NOPE", "text": "x"}, "channel_not_found"),
        ({"channel": "U0OLIVER", "text": "x"}, "channel_not_found"),
        ({"channel": "C0GENERAL"}, "no_text"),
        ({"channel": "C0GENERAL", "text": "x" * 40_001}, "msg_too_long"),
        ({"channel": "C0GENERAL", "text": "x", "thread_ts": "1.000001"}, "thread_not_found"),
        ({"channel": "C0GENERAL", "text": "x", "metadata": {"x": 1}}, "invalid_metadata_format"),
    ]:
        with pytest.raises(SlackApiError) as caught:
            client.chat_postMessage(**kwargs)
        assert caught.value.response["error"] == error, kwargs


def test_bot_must_be_in_a_channel() -> None:
    acme = default_seed().teams[0]
    private = Channel("C0PRIVATE", "private", ("U0ERIN",), is_private=True)
    seed = Seed((dataclasses.replace(acme, channels=(*acme.channels, private)),))
    with SlackStandIn(seed) as slack, pytest.raises(SlackApiError, match="not_in_channel"):
        slack.client().chat_postMessage(channel="C0PRIVATE", text="x")


def test_metadata_is_returned_only_when_asked(slack: SlackStandIn) -> None:
    client = slack.client()
    meta = {"event_type": "debt_created", "event_payload": {"debt_id": 7}}
    client.chat_postMessage(channel="U0DANA", text="x", metadata=meta)
    dm = slack.dm_channel("U0DANA")
    plain = client.conversations_history(channel=dm)["messages"][0]
    full = client.conversations_history(channel=dm, include_all_metadata=True)["messages"][0]
    assert "metadata" not in plain
    assert full["metadata"] == meta
    assert slack.dms_to("U0DANA")[0].metadata == meta


def test_history_filters_and_paginates(slack: SlackStandIn) -> None:
    client = slack.client()
    stamps = [client.chat_postMessage(channel="C0SPLITS", text=str(i))["ts"] for i in range(5)]
    page = client.conversations_history(channel="C0SPLITS", limit=2)
    assert [m["text"] for m in page["messages"]] == ["4", "3"]
    assert page["has_more"]
    cursor = page["response_metadata"]["next_cursor"]
    rest = client.conversations_history(channel="C0SPLITS", limit=10, cursor=cursor)
    assert [m["text"] for m in rest["messages"]] == ["2", "1", "0"]
    assert not rest["has_more"]
    window = client.conversations_history(channel="C0SPLITS", oldest=stamps[1], latest=stamps[3])
    assert [m["text"] for m in window["messages"]] == ["2"]
    inclusive = client.conversations_history(
        channel="C0SPLITS", oldest=stamps[1], latest=stamps[3], inclusive=True
    )
    assert [m["text"] for m in inclusive["messages"]] == ["3", "2", "1"]
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client.conversations_history(channel="U0ERIN")


def test_threads_and_replies(slack: SlackStandIn) -> None:
    client = slack.client()
    parent = client.chat_postMessage(channel="C0GENERAL", text="parent")["ts"]
    slack.add_user_message("U0SAM", "C0GENERAL", "user reply", thread_ts=parent)
    reply = client.chat_postMessage(channel="C0GENERAL", text="bot reply", thread_ts=parent)
    assert reply["message"]["thread_ts"] == parent
    thread = client.conversations_replies(channel="C0GENERAL", ts=parent)["messages"]
    assert [m["text"] for m in thread] == ["parent", "user reply", "bot reply"]
    assert thread[0]["reply_count"] == 2
    assert thread[0]["reply_users"] == ["U0SAM", "U0BOT"]
    history = client.conversations_history(channel="C0GENERAL")["messages"]
    assert [m["text"] for m in history] == ["parent"]
    with pytest.raises(SlackApiError, match="thread_not_found"):
        client.conversations_replies(channel="C0GENERAL", ts="1.000001")


def test_update_applies_edits(slack: SlackStandIn) -> None:
    client = slack.client()
    ts = client.chat_postMessage(channel="U0ERIN", text="old")["ts"]
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*new*"}}]
    updated = client.chat_update(
        channel=slack.dm_channel("U0ERIN"), ts=ts, text="new", blocks=blocks
    )
    assert updated["message"]["edited"]["user"] == "U0BOT"
    (message,) = slack.dms_to("U0ERIN")
    assert (message.text, message.visible_text, message.edited is not None) == (
        "new",
        "*new*",
        True,
    )
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_update(channel=slack.dm_channel("U0ERIN"), ts="1.000001", text="x")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client.chat_update(channel="U0ERIN", ts=ts, text="x")


def test_cannot_update_someone_elses_message(slack: SlackStandIn) -> None:
    typed = slack.add_user_message("U0ERIN", "C0GENERAL", "mine")
    with pytest.raises(SlackApiError, match="cant_update_message"):
        slack.client().chat_update(channel="C0GENERAL", ts=typed.ts, text="x")


def test_ephemeral_messages(slack: SlackStandIn) -> None:
    client = slack.client()
    answer = client.chat_postEphemeral(channel="C0GENERAL", user="U0ERIN", text="psst")
    (shown,) = slack.ephemerals_to("U0ERIN")
    assert (shown.ts, shown.text, shown.source) == (
        answer["message_ts"],
        "psst",
        "chat.postEphemeral",
    )
    assert slack.messages_in("C0GENERAL") == []
    with pytest.raises(SlackApiError, match="user_not_in_channel"):
        client.chat_postEphemeral(channel=slack.dm_channel("U0DANA"), user="U0ERIN", text="x")


def test_permalink(slack: SlackStandIn) -> None:
    client = slack.client()
    ts = client.chat_postMessage(channel="C0SPLITS", text="x")["ts"]
    link = client.chat_getPermalink(channel="C0SPLITS", message_ts=ts)["permalink"]
    assert link == f"https://acme-splits.slack.com/archives/C0SPLITS/p{ts.replace('.', '')}"
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_getPermalink(channel="C0SPLITS", message_ts="1.000001")


def test_reactions_recorded_by_people_and_the_bot(slack: SlackStandIn) -> None:
    client = slack.client()
    ts = client.chat_postMessage(channel="U0DANA", text="pay up")["ts"]
    dm = slack.dm_channel("U0DANA")
    slack.add_reaction("U0DANA", dm, ts, ":white_check_mark:")
    client.reactions_add(channel=dm, timestamp=ts, name="eyes")
    with pytest.raises(SlackApiError, match="already_reacted"):
        client.reactions_add(channel=dm, timestamp=ts, name="eyes")
    message = client.reactions_get(channel=dm, timestamp=ts)["message"]
    assert message["reactions"] == [
        {"name": "white_check_mark", "users": ["U0DANA"], "count": 1},
        {"name": "eyes", "users": ["U0BOT"], "count": 1},
    ]
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.reactions_get(channel=dm, timestamp="1.000001")


def test_conversations_open_errors(slack: SlackStandIn) -> None:
    client = slack.client()
    for kwargs, error in [
        ({"users": "U0BOT"}, "cannot_dm_bot"),
        ({"users": "U0OLIVER"}, "user_not_found"),
        ({"users": ""}, "users_list_not_supplied"),
        ({"users": "U0ERIN,U0DANA"}, "invalid_arguments"),
    ]:
        with pytest.raises(SlackApiError) as caught:
            client.api_call("conversations.open", json=kwargs)
        assert caught.value.response["error"] == error
    im = client.conversations_open(users="U0SAM", return_im=True)["channel"]
    assert (im["id"], im["is_im"], im["user"]) == ("D0SAM", True, "U0SAM")
