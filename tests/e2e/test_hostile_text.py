"""User text is data: whatever people type reaches the other person as the characters typed."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.harness import Bot

HOSTILE = [
    "<!channel> urgent",
    "<!here|here> look",
    "<!everyone>",
    "<@U0ALEX> says hi",
    "<#C0GENERAL|general>",
    "<https://evil.example/login|https://linkedin.com/in/jane>",
    "<mailto:x@evil.example|jane@acme.test>",
    "&lt;!channel&gt; escaped",
    "&amp;lt;@U0ALEX&amp;gt;",
    "Jane \u202egpj.exe",
    "Null\x00Byte",
    "Bold *and* _italic_ ~strike~ `code`",
]
# What would come alive in Slack: special mentions, channel links, links and masked links, and
# a mention of anyone the bot itself did not mean to mention (Alex is never a party here).
LIVE = re.compile(r"<[!#]|<https?:|<mailto:|<@U0ALEX|\u202e|\x00")


def outgoing(bot: Bot) -> list[str]:
    """Every text the bot sent to Slack: messages, updates, ephemerals, answers and views."""
    texts: list[str] = []
    for method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
        for call in bot.slack.calls(method):
            texts.append(str(call.args.get("text", "")))
            texts.append(json.dumps(call.args.get("blocks") or [], ensure_ascii=False))
    for user in ("U0ERIN", "U0DANA", "U0SAM"):
        texts += [
            e.text + json.dumps(e.blocks, ensure_ascii=False) for e in bot.slack.ephemerals_to(user)
        ]
    for method in ("views.open", "views.publish", "views.update", "views.push"):
        for call in bot.slack.calls(method):
            texts.append(json.dumps(call.args.get("view") or {}, ensure_ascii=False))
    return texts


def live_markup(bot: Bot) -> list[str]:
    return [found.group(0) for text in outgoing(bot) for found in LIVE.finditer(text)]


@pytest.mark.parametrize("hostile", [" ".join(HOSTILE[n : n + 4]) for n in range(0, 12, 4)])
def test_hostile_text_in_every_field_reaches_partners_as_typed(bot: Bot, hostile: str) -> None:
    # A job order, a submission with a note (typed and through the form), a pass reason.
    bot.command("U0DANA", f"job {hostile} client {hostile}")
    bot.command("U0ERIN", f"submit @dana {hostile} for JO-1 within 4h")
    bot.command("U0ERIN", "submit")
    bot.submit(
        "U0ERIN",
        {
            "partner": {"value": "U0DANA"},
            "candidate": {"value": hostile},
            "note": {"value": f"Note: {hostile}"},
        },
    )
    bot.click("U0DANA", "Pass", where="dm")
    bot.submit("U0DANA", {"reason": {"value": f"Because {hostile}"}})
    # A conversation note, a profile, partner search, a renamed member, lists and the Home tab.
    bot.command("U0SAM", f"call @erin {hostile}")
    bot.command("U0SAM", f"profile specializations {hostile}, IT")
    bot.command("U0ERIN", "partners IT")
    bot.driver.change_user("U0SAM", real_name=f"Sam {hostile}")
    bot.settle()
    bot.command("U0ERIN", "list")
    bot.command("U0ERIN", "stats @sam")
    bot.driver.open_home("U0ERIN")
    bot.settle()
    # A reminder and the lapse notice carry the same words.
    bot.sweep(datetime(2026, 11, 19, 10, 31, tzinfo=UTC))
    bot.sweep(datetime(2026, 11, 20, 10, 31, tzinfo=UTC))
    bot.sweep(datetime(2026, 11, 23, 14, 0, tzinfo=UTC) + timedelta(hours=1))

    assert live_markup(bot) == []
    # …and what was typed is shown, escaped, rather than dropped.
    visible = " ".join(bot.dms("U0DANA"))
    assert hostile.replace("\x00", "").replace("\u202e", "").split()[0] in visible


def test_a_40_kb_paste_is_refused_with_one_line_and_nothing_is_echoed(bot: Bot) -> None:
    huge = "<!channel> " * 4000
    bot.command("U0ERIN", "submit")
    response = bot.submit(
        "U0ERIN",
        {"partner": {"value": "U0DANA"}, "candidate": {"value": "Jane"}, "note": {"value": huge}},
    )
    assert response.status == 200
    assert "Keep the note under 2000 characters." in bot.said_to("U0ERIN")
    assert live_markup(bot) == []
