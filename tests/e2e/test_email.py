"""Email evidence over real HTTP: the inbound-email service reports an email, nobody clicks.

Erin (New York) waits on Dana (London). Their addresses come from their Slack profiles
(dana@acme.test, erin@acme.test); the services post to the URLs an admin read with
`/followthrough settings inbound`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from bot.clock import FrozenClock
from bot.models import (
    Conversation,
    FollowUp,
    FollowUpState,
    InboxItem,
    Member,
    RequestKind,
    Resolution,
    Submission,
)
from handlers.web import EVENTS_PATH
from sandbox.standin import SlackStandIn
from tests.e2e.harness import Bot
from tests.e2e.test_calls import post
from tests.inbound_payloads import MAILGUN_KEY, Mail, mailgun, postmark, sendgrid

DANA, ERIN, SAM = "dana@acme.test", "erin@acme.test", "sam@acme.test"


@pytest.fixture
def bot(slack: SlackStandIn, bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    """The bot, with Mailgun's webhook signing key configured."""
    bot = Bot(slack, bot_database_url, clock, mailgun_signing_key=MAILGUN_KEY)
    yield bot
    bot.close()


@pytest.fixture
def urls(bot: Bot) -> dict[str, str]:
    """Erin submitted Jane Doe to Dana (F-1); an admin read the email webhook URLs."""
    bot.command("U0ERIN", "submit @dana Jane Doe within 2d")
    bot.command("U0ALEX", "settings inbound")
    said = bot.said_to("U0ALEX")
    found = {}
    for provider in ("postmark", "mailgun", "sendgrid"):
        path = re.search(rf"(/webhooks/email/{provider}/\S+)", said)
        assert path is not None, said
        found[provider] = bot.url.removesuffix(EVENTS_PATH) + path.group(1)
    return found


def deliver(bot: Bot, url: str, payload: tuple[bytes, dict[str, str]]) -> int:
    status = post(url, *payload)
    bot.settle()
    return status


def follow_up(bot: Bot, ref: int = 1) -> FollowUp:
    with bot.session() as session:
        found = session.get(FollowUp, ref)
        assert found is not None
        return found


def emails_recorded(bot: Bot) -> int:
    with bot.session() as session:
        kind = InboxItem.kind == RequestKind.EMAIL
        return int(session.scalar(select(func.count()).select_from(InboxItem).where(kind)) or 0)


def dana_answers(subject: str = "Re: Jane Doe for your Java role", **more: object) -> Mail:
    return Mail(sender=DANA, to=[ERIN], subject=subject, **more)  # type: ignore[arg-type]


def test_a_bccd_postmark_email_answers_a_submission_and_erin_sees_the_subject(
    bot: Bot, urls: dict[str, str]
) -> None:
    assert deliver(bot, urls["postmark"], postmark(dana_answers())) == 200

    done = follow_up(bot)
    assert (done.state, done.resolution) == (FollowUpState.DONE, Resolution.EMAILED_BACK)
    with bot.session() as session:
        submission = session.scalars(select(Submission)).one()
        assert submission.outcome is None  # no Interested/Pass read into an email
        conversation = session.scalars(select(Conversation)).one()
        assert (conversation.note, conversation.source[:9]) == (
            "Re: Jane Doe for your Java role",
            "postmark:",
        )
    [notice] = [m for m in bot.slack.dms_to("U0ERIN") if "by email" in m.text]
    assert bot.seen(notice.visible_text) == (
        "✉️ @Dana Importer answered you by email (F-1: answer about Jane Doe): Postmark email "
        "“Re: Jane Doe for your Java role” at 09:58. An email doesn't tell me Interested, Need "
        "more info or Pass, so no decision is recorded: the email itself is the answer. That "
        "wasn't about this? /followthrough reopen F-1 opens it again.\n"
        "That wasn't about this"
    )
    assert notice.buttons == ["That wasn't about this"]
    assert "Your email to @Erin Exporter closed F-1" in bot.dms("U0DANA")[-1]


def test_log_plus_a_ref_ties_the_email_to_that_follow_up_only(
    bot: Bot, urls: dict[str, str]
) -> None:
    bot.command("U0ERIN", "email @dana about the Java role")  # F-2: Dana owes an email back
    mail = Mail(sender=DANA, to=["client@bigco.test"], subject="Java role", log="log+F-2@x.test")
    assert deliver(bot, urls["postmark"], postmark(mail)) == 200
    assert follow_up(bot, 2).resolution is Resolution.EMAILED_BACK
    assert follow_up(bot, 1).state is FollowUpState.OPEN  # not tied, not to Erin
    assert "emailed you back (F-2: email back)" in bot.dms("U0ERIN")[-1]


def test_mailgun_is_verified_as_mailgun_signs(bot: Bot, urls: dict[str, str]) -> None:
    url = urls["mailgun"]
    assert deliver(bot, url, mailgun(dana_answers(), forged=True)) == 401
    stale = int(time.time()) - 3600
    assert deliver(bot, url, mailgun(dana_answers(), timestamp=stale)) == 401
    assert emails_recorded(bot) == 0
    assert follow_up(bot).state is FollowUpState.OPEN

    assert deliver(bot, url, mailgun(dana_answers())) == 200
    assert follow_up(bot).resolution_note == (
        "Mailgun email “Re: Jane Doe for your Java role” at 09:58"
    )


def test_a_sendgrid_inbound_parse_post_resolves_too(bot: Bot, urls: dict[str, str]) -> None:
    assert deliver(bot, urls["sendgrid"], sendgrid(dana_answers())) == 200
    assert follow_up(bot).resolution_note == (
        "SendGrid email “Re: Jane Doe for your Java role” at 09:58"
    )
    assert any("answered you by email" in text for text in bot.dms("U0ERIN"))


def test_the_same_message_twice_resolves_once(bot: Bot, urls: dict[str, str]) -> None:
    mail = dana_answers()
    assert deliver(bot, urls["postmark"], postmark(mail, postmark_id="b7bc2f4a-e38e")) == 200
    assert deliver(bot, urls["postmark"], postmark(mail, postmark_id="b7bc2f4a-e38e")) == 200
    assert deliver(bot, urls["mailgun"], mailgun(mail)) == 200  # the same email via Mailgun
    assert deliver(bot, urls["mailgun"], mailgun(mail)) == 200  # … retried
    assert emails_recorded(bot) == 2
    assert sum("answered you by email" in text for text in bot.dms("U0ERIN")) == 1


def test_an_out_of_office_reply_sets_the_vacation_and_resolves_nothing(
    bot: Bot, urls: dict[str, str]
) -> None:
    away = dana_answers(
        "Automatic reply: Jane Doe",
        text="I'm out of the office, back on Monday 7 December. For urgent matters call Sam.",
        headers=[("Auto-Submitted", "auto-replied"), ("X-Autoreply", "yes")],
    )
    assert deliver(bot, urls["sendgrid"], sendgrid(away)) == 200

    assert follow_up(bot).state is FollowUpState.OPEN
    with bot.session() as session:
        dana = session.scalars(select(Member).filter_by(slack_user_id="U0DANA")).one()
        assert dana.vacation_until == date(2026, 12, 6)
    assert bot.dms("U0DANA")[-1] == (
        "🌴 Your out-of-office reply says you're back on Mon 07 Dec, so I've set your vacation "
        "until the end of Sun 06 Dec: reminders wait and windows stop until then. "
        "/followthrough profile vacation off undoes it."
    )
    vague = dana_answers("Out of office", text="I'm away with limited access to email.")
    assert deliver(bot, urls["postmark"], postmark(vague)) == 200
    assert follow_up(bot).state is FollowUpState.OPEN


def test_an_email_between_other_people_changes_nothing(bot: Bot, urls: dict[str, str]) -> None:
    bot.command("U0SAM", "profile specializations IT")  # Sam is a member too
    between = Mail(sender=SAM, to=[ERIN], subject="Hi")
    assert deliver(bot, urls["postmark"], postmark(between)) == 200
    stranger = Mail(sender="someone@elsewhere.test", to=[ERIN], subject="Re: Jane Doe")
    assert deliver(bot, urls["postmark"], postmark(stranger)) == 200
    impostor = Mail(sender="someone@elsewhere.test", to=[ERIN], subject="x", log="log+F-1@x.test")
    assert deliver(bot, urls["mailgun"], mailgun(impostor)) == 200

    assert follow_up(bot).state is FollowUpState.OPEN
    assert not any("by email" in text for text in bot.dms("U0ERIN"))
    bot.command("U0ALEX", "settings inbound")
    assert "Emails from nobody in this workspace, ignored so far: 2." in bot.said_to("U0ALEX")


def test_wrong_tokens_and_oversized_bodies_are_refused(bot: Bot, urls: dict[str, str]) -> None:
    url = urls["postmark"]
    assert deliver(bot, url.replace("/postmark/", "/postmark/x"), postmark(dana_answers())) == 401
    assert deliver(bot, url.replace("/postmark/", "/mandrill/"), postmark(dana_answers())) == 404
    assert deliver(bot, url.rsplit("/", 1)[0] + "/", postmark(dana_answers())) == 401
    assert post(url, b"x" * (11 * 1024 * 1024), {"Content-Type": "application/json"}) == 413
    assert post(url, b"[1, 2]", {"Content-Type": "application/json"}) == 400
    assert emails_recorded(bot) == 0


def test_one_click_reopens_what_an_email_closed(bot: Bot, urls: dict[str, str]) -> None:
    deliver(bot, urls["postmark"], postmark(dana_answers()))
    [notice] = [m for m in bot.slack.dms_to("U0ERIN") if "by email" in m.text]

    bot.click("U0ERIN", "That wasn't about this", where="dm", ts=notice.ts)

    assert follow_up(bot).state is FollowUpState.OPEN
    assert bot.dms("U0DANA")[-1] == (
        "@Erin Exporter reopened F-1 (answer about Jane Doe): the email wasn't about it, so it "
        "is owed again."
    )


def test_admins_choose_to_keep_email_bodies(bot: Bot, urls: dict[str, str]) -> None:
    bot.command("U0DANA", "settings email bodies on")
    assert bot.said_to("U0DANA") == "Only a workspace admin can change what is kept of emails."
    bot.command("U0ALEX", "settings email bodies on")
    assert bot.said_to("U0ALEX") == "Saved. An email's body is now kept with its conversation."
    deliver(bot, urls["postmark"], postmark(dana_answers(text="Interested, call me at 3.")))
    with bot.session() as session:
        note = session.scalars(select(Conversation.note)).one()
    assert note == "Re: Jane Doe for your Java role\n\nInterested, call me at 3."


def test_a_hostile_subject_reaches_slack_as_plain_text(bot: Bot, urls: dict[str, str]) -> None:
    hostile = dana_answers("Re: <!channel> see <https://evil.test|your bank> <@U0ALEX>")
    assert deliver(bot, urls["postmark"], postmark(hostile)) == 200
    [notice] = [m for m in bot.slack.dms_to("U0ERIN") if "by email" in m.text]
    assert "<!channel>" not in notice.visible_text
    assert "&lt;!channel&gt;" in notice.visible_text
    assert "<https://evil.test|" not in notice.visible_text
    assert "<@U0ALEX>" not in notice.visible_text
