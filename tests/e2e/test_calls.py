"""Call evidence over real HTTP: the phone system reports a call, nobody clicks anything.

Dana (London) owes Erin (New York) a call back. Their numbers are in their profiles; the
phone systems post to the URL an admin read with `/followthrough settings inbound`.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from bot.clock import FrozenClock
from bot.models import Activity, FollowUp, FollowUpState, InboxItem, RequestKind, Resolution
from handlers.calls import twilio_signature
from handlers.web import EVENTS_PATH
from sandbox.standin import SlackStandIn
from tests.e2e.harness import Bot

TWILIO_AUTH_TOKEN = "twilio-auth-token-for-tests"
AIRCALL_TOKEN = "aircall-webhook-token-for-tests"
DANA, ERIN, SAM = "+442079460958", "+12125550143", "+14155550100"


@pytest.fixture
def bot(slack: SlackStandIn, bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    """The bot, with both phone systems' secrets configured."""
    bot = Bot(
        slack,
        bot_database_url,
        clock,
        twilio_auth_token=TWILIO_AUTH_TOKEN,
        aircall_token=AIRCALL_TOKEN,
    )
    yield bot
    bot.close()


@pytest.fixture
def owed(bot: Bot) -> str:
    """Dana and Erin gave their numbers, Erin logged a call: Dana owes her a call back (F-1)."""
    bot.command("U0DANA", "profile phone +44 20 7946 0958")
    assert "phone +44 20 7946 0958" in bot.said_to("U0DANA")
    bot.command("U0ERIN", "profile phone (212) 555-0143")
    bot.command("U0SAM", "profile phone +1 415 555 0100")
    bot.command("U0ERIN", "call @dana left a voicemail about the Java role")
    bot.command("U0ALEX", "settings inbound")
    return bot.said_to("U0ALEX")


def url_for(bot: Bot, provider: str, said: str) -> str:
    path = re.search(rf"(/webhooks/calls/{provider}/\S+)", said)
    assert path is not None, said
    return bot.url.removesuffix(EVENTS_PATH) + path.group(1)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def twilio(bot: Bot, url: str, seconds: int, **fields: str) -> int:
    """Twilio's status callback for a call Dana placed to Erin, signed as Twilio signs it."""
    forged = fields.pop("forged", None)
    form = {
        "AccountSid": "AC00000000000000000000000000000001",
        "ApiVersion": "2010-04-01",
        "CallSid": "CA00000000000000000000000000000001",
        "CallStatus": "completed",
        "CallDuration": str(seconds),
        "Direction": "outbound-api",
        "From": DANA,
        "To": ERIN,
        "Timestamp": "Wed, 18 Nov 2026 14:58:45 +0000",
        **fields,
    }
    signature = forged or twilio_signature(TWILIO_AUTH_TOKEN, url, list(form.items()))
    status = post(
        url,
        urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
    )
    bot.settle()
    return status


def aircall(bot: Bot, url: str, talked: int, *, token: str = AIRCALL_TOKEN, **data: object) -> int:
    """Aircall's call.ended for an outbound call from Dana's Aircall line to Erin."""
    ended = 1763477925  # 2026-11-18 14:58:45 UTC
    call = {
        "id": 812345678,
        "direct_link": "https://api.aircall.io/v1/calls/812345678",
        "direction": "outbound",
        "status": "done",
        "missed_call_reason": None,
        "started_at": ended - talked - 8,
        "answered_at": ended - talked,
        "ended_at": ended,
        "duration": talked + 8,
        "raw_digits": "+1 212-555-0143",
        "number": {"id": 58108, "digits": "+44 20 7946 0958", "country": "GB"},
        "user": {"id": 216119, "name": "Dana Importer"},
        **data,
    }
    payload = {"resource": "call", "event": "call.ended", "timestamp": ended, "token": token}
    payload["data"] = call
    status = post(url, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    bot.settle()
    return status


def follow_up(bot: Bot) -> FollowUp:
    with bot.session() as session:
        found = session.get(FollowUp, 1)
        assert found is not None
        return found


def calls_recorded(bot: Bot) -> int:
    with bot.session() as session:
        kind = InboxItem.kind == RequestKind.CALL
        return int(session.scalar(select(func.count()).select_from(InboxItem).where(kind)) or 0)


def test_a_45_second_twilio_call_resolves_the_call_back_and_erin_is_told(
    bot: Bot, owed: str
) -> None:
    assert twilio(bot, url_for(bot, "twilio", owed), 45) == 200

    done = follow_up(bot)
    assert (done.state, done.resolution) == (FollowUpState.DONE, Resolution.CALLED_BACK)
    assert bot.dms("U0ERIN")[-1] == (
        "📞 @Dana Importer called you back (F-1: call back): Twilio call of 45 s at 09:58. "
        "That wasn't about this? /followthrough reopen F-1 opens it again.\n"
        "That wasn't about this"  # the one-click undo
    )
    assert "Your call to @Erin Exporter closed F-1" in bot.dms("U0DANA")[-1]


def test_a_10_second_call_resolves_nothing_and_holds_the_reminder_a_day(
    bot: Bot, owed: str
) -> None:
    before = follow_up(bot)
    assert twilio(bot, url_for(bot, "twilio", owed), 10) == 200
    after = follow_up(bot)
    assert after.state is FollowUpState.OPEN
    assert before.next_nudge_at is not None
    assert after.next_nudge_at is not None
    assert after.next_nudge_at >= max(before.next_nudge_at, datetime(2026, 11, 19, 15, tzinfo=UTC))
    with bot.session() as session:
        tried = select(Activity.detail).where(Activity.action == "call_attempt")
        assert [detail["seconds"] for detail in session.scalars(tried)] == [10]
    assert not any("called you back" in text for text in bot.dms("U0ERIN"))


def test_a_forged_signature_is_refused_and_nothing_is_recorded(bot: Bot, owed: str) -> None:
    url = url_for(bot, "twilio", owed)
    assert twilio(bot, url, 45, forged="bm90IFR3aWxpbydzIHNpZ25hdHVyZQ==") == 401
    assert twilio(bot, url.replace("/twilio/", "/twilio/x"), 45) == 401  # a token guessed
    assert calls_recorded(bot) == 0
    assert follow_up(bot).state is FollowUpState.OPEN


def test_a_retried_delivery_is_applied_once(bot: Bot, owed: str) -> None:
    url = url_for(bot, "twilio", owed)
    assert twilio(bot, url, 45) == 200
    assert twilio(bot, url, 45) == 200
    assert calls_recorded(bot) == 1
    assert sum("called you back" in text for text in bot.dms("U0ERIN")) == 1


def test_aircall_call_ended_resolves_the_call_back(bot: Bot, owed: str) -> None:
    url = url_for(bot, "aircall", owed)
    assert aircall(bot, url, 40, token="not-the-token") == 401
    assert aircall(bot, url, 40) == 200
    assert aircall(bot, url, 40) == 200  # Aircall retried it
    assert follow_up(bot).resolution_note == "Aircall call of 40 s at 09:58"
    assert sum("called you back" in text for text in bot.dms("U0ERIN")) == 1


def test_a_missed_aircall_call_is_only_an_attempt(bot: Bot, owed: str) -> None:
    url = url_for(bot, "aircall", owed)
    missed = {"answered_at": None, "missed_call_reason": "no_available_agent", "duration": 20}
    assert aircall(bot, url, 0, **missed) == 200
    assert follow_up(bot).state is FollowUpState.OPEN


def test_a_call_between_other_people_changes_nothing(bot: Bot, owed: str) -> None:
    assert twilio(bot, url_for(bot, "twilio", owed), 300, From=SAM) == 200
    assert follow_up(bot).state is FollowUpState.OPEN
    assert not any("called you back" in text for text in bot.dms("U0ERIN"))


def test_either_party_reopens_what_a_call_closed(bot: Bot, owed: str) -> None:
    twilio(bot, url_for(bot, "twilio", owed), 45)
    bot.command("U0ERIN", "reopen F-1")
    assert follow_up(bot).state is FollowUpState.OPEN
    assert bot.said_to("U0ERIN") == "F-1 is open again: call back."
    assert bot.dms("U0DANA")[-1] == (
        "@Erin Exporter reopened F-1 (call back): the call wasn't about it, so it is owed again."
    )


def test_one_click_on_the_call_notice_reopens_it_once(bot: Bot, owed: str) -> None:
    twilio(bot, url_for(bot, "twilio", owed), 45)
    [notice] = [m for m in bot.slack.dms_to("U0ERIN") if "called you back" in m.text]
    assert notice.buttons == ["That wasn't about this"]

    bot.click("U0ERIN", "That wasn't about this", where="dm", ts=notice.ts)

    assert follow_up(bot).state is FollowUpState.OPEN
    assert bot.dms("U0DANA")[-1] == (
        "@Erin Exporter reopened F-1 (call back): the call wasn't about it, so it is owed again."
    )
    bot.click("U0ERIN", "That wasn't about this", where="dm", ts=notice.ts)  # a second click
    assert follow_up(bot).state is FollowUpState.OPEN
    reopened = [t for t in bot.dms("U0DANA") if "reopened F-1" in t]
    assert len(reopened) == 1


def test_unknown_providers_and_oversized_bodies_are_refused(bot: Bot, owed: str) -> None:
    url = url_for(bot, "twilio", owed)
    assert post(url.replace("/twilio/", "/ringcentral/"), b"{}", {}) == 404
    assert post(url, b"x" * (65 * 1024), {"Content-Type": "text/plain"}) == 413
    assert calls_recorded(bot) == 0
