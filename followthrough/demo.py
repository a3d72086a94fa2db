"""`followthrough demo`: the whole loop offline, on a simulated clock, as each recruiter saw it."""

from __future__ import annotations

import logging
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial
from pathlib import Path
from typing import TextIO
from urllib.parse import urlencode

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from bot.clock import FrozenClock
from bot.models import FollowUp, FollowUpKind, Submission
from bot.services.calls import webhook_urls
from followthrough.live import LiveBot
from handlers.calls import twilio_signature
from handlers.web import EVENTS_PATH
from sandbox.seed import CONNECT_CHANNEL, connect_seed
from sandbox.standin import SlackStandIn
from scheduler.jobs import SWEEP_JOB_ID, start_scheduler

PEOPLE = {
    "U0ERIN": "Erin (exporter, New York)",
    "U0DANA": "Dana (importer, London)",
    "U0OLIVER": "Oliver (importer at Other Firm, Tokyo)",
}
OTHER_FIRM = "T0OTHER"  # installed Followthrough in its own Slack; shares #acme-other with Acme
START = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # Wednesday: 10:00 New York, 15:00 London
TWILIO_TOKEN = "demo-twilio-auth-token"  # the demo's phone system signs with this


class Transcript:
    """Prints what each recruiter saw since the last step: replies, DMs, cards changed in place."""

    def __init__(self, bot: LiveBot, out: TextIO) -> None:
        self.bot, self.out = bot, out
        self.shown: dict[tuple[str, str], int] = {}
        self.versions: dict[str, str] = {}

    def say(self, text: str) -> None:
        """A line of narration."""
        print(text, file=self.out)

    def step(self, who: str, action: str, run: Callable[[], object]) -> None:
        """Someone does something; then show what everyone saw because of it."""
        stamp = self.bot.clock.now().strftime("%a %d %b %H:%M UTC")
        print(f"\n[{stamp}] {PEOPLE.get(who, who)}: {action}", file=self.out)
        run()
        self.bot.settle()
        self.show_new()

    def show_new(self) -> None:
        """Print every message a recruiter saw that was not printed yet."""
        for user, label in PEOPLE.items():
            name = label.split()[0]
            ephemerals = self.bot.slack.ephemerals_to(user)
            for ephemeral in ephemerals[self.shown.get((user, "ephemeral"), 0) :]:
                text = self._without_buttons(ephemeral.visible_text, ephemeral.buttons)
                self._print(f"{name} sees (only to them)", text, buttons=ephemeral.buttons)
            self.shown[(user, "ephemeral")] = len(ephemerals)
            for message in self.bot.slack.dms_to(user):
                text = self._without_buttons(message.visible_text, message.buttons)
                before = self.versions.get(message.ts)
                if before is None:
                    heading = f"{name} gets a DM{self._from(message.team)}"
                    self._print(heading, text, buttons=message.buttons)
                elif before != text:
                    self._print(f"{name}'s DM updates in place", text)
                self.versions[message.ts] = text

    def _from(self, team_id: str) -> str:
        """Which firm's install sent a DM, when it is not Acme's."""
        seed = self.bot.slack.seed
        return "" if team_id == seed.teams[0].id else f" from {seed.team(team_id).name}'s install"

    def _without_buttons(self, mrkdwn: str, buttons: list[str]) -> str:
        """The message as read, its buttons left out (they are printed in brackets)."""
        lines = self.bot.seen(mrkdwn).splitlines()
        return "\n".join(line for line in lines if line not in set(buttons))

    def _print(self, heading: str, text: str, buttons: list[str] | None = None) -> None:
        print(f"  ▸ {heading}:", file=self.out)
        for line in text.splitlines():
            print(f"      {line}", file=self.out)
        if buttons:
            print(f"      [{'] ['.join(buttons)}]", file=self.out)


def tick(scheduler: BackgroundScheduler, timeout: float = 30) -> None:
    """Make the scheduler run its sweep job now, and wait until it has."""
    finished = threading.Event()

    def listener(event: JobExecutionEvent) -> None:
        if event.job_id == SWEEP_JOB_ID:
            finished.set()

    scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    try:
        scheduler.modify_job(SWEEP_JOB_ID, next_run_time=datetime.now(UTC))
        if not finished.wait(timeout):
            raise TimeoutError("the sweep did not run")
    finally:
        scheduler.remove_listener(listener)


def run_demo(out: TextIO) -> int:
    """Play the stories against a local Slack and a temporary database; print the transcript."""
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # overlapping demo ticks are fine
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, SlackStandIn(connect_seed()) as slack:
        clock = FrozenClock(START)
        database = f"sqlite:///{Path(folder) / 'demo.db'}"
        bot = LiveBot(
            slack, database, clock, more_teams=[OTHER_FIRM], twilio_auth_token=TWILIO_TOKEN
        )
        scheduler = start_scheduler(bot.runtime.sweeper.run, every_seconds=3600)
        try:
            tick(scheduler)  # the first run happens at start; let it pass before the story
            play(bot, scheduler, Transcript(bot, out))
        finally:
            scheduler.shutdown(wait=True)
            bot.close()
    print(f"\n(demo played in {time.perf_counter() - started:.1f} s, offline)", file=out)
    return 0


def play(bot: LiveBot, scheduler: BackgroundScheduler, story: Transcript) -> None:
    """The seed stories, step by step."""
    story.say(
        "Followthrough demo: a local Slack stand-in, the bot over HTTP, a temporary database."
    )
    story.say("Erin has the candidates (exporter); Dana has the job order (importer).")

    def at(when: datetime) -> Callable[[], None]:
        return lambda: bot.travel(when)

    def sweep(when: datetime, why: str) -> None:
        bot.travel(when)
        story.step("scheduler", why, lambda: tick(scheduler))

    def promise() -> None:
        bot.command("U0ERIN", "call")
        bot.submit(
            "U0ERIN",
            {
                "partner": {"value": "U0DANA"},
                "job": {"value": "JO-1"},
                "owed_by": {"value": "candidates"},
                "window": {"value": "by fri 5pm"},
                "note": {
                    "value": "Qualified the Java role by phone; 2 candidates coming by Friday"
                },
            },
        )

    job = "job Senior Java Developer client Acme fee 25%"
    story.step("U0DANA", f"/followthrough {job}", lambda: bot.command("U0DANA", job))
    story.step("U0ERIN", "logs the call and promises candidates by Friday 5pm (form)", promise)
    sweep(datetime(2026, 11, 20, 22, 5, tzinfo=UTC), "Fri 17:05 in New York: no candidates yet")
    at(datetime(2026, 11, 20, 22, 10, tzinfo=UTC))()
    for candidate in ("Jane Doe", "John Roe"):
        text = f"submit @dana {candidate} for JO-1 within 4h"
        story.step("U0ERIN", f"/followthrough {text}", partial(bot.command, "U0ERIN", text))
    sweep(datetime(2026, 11, 23, 13, 5, tzinfo=UTC), "Mon 13:05 in London: Dana has gone quiet")
    at(datetime(2026, 11, 23, 13, 20, tzinfo=UTC))()
    story.step(
        "U0DANA",
        "clicks Need more info on Jane Doe's card and asks “What is her notice period?” (form)",
        partial(ask_more, bot),
    )
    at(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))()
    reply = "Four weeks, and she can interview any afternoon next week."
    story.step(
        "U0ERIN",
        f"replies in the thread of the request: “{reply}”",
        partial(reply_in_thread, bot, "U0ERIN", _card_ts(bot, "U0ERIN", "asks:"), reply),
    )
    at(datetime(2026, 11, 23, 15, 30, tzinfo=UTC))()
    reply = "Thanks, that works. Let's set up a call with her."
    story.step(
        "U0DANA",
        f"replies in the thread of Jane Doe's new card: “{reply}”",
        partial(reply_in_thread, bot, "U0DANA", _card_ts(bot, "U0DANA", "Jane Doe"), reply),
    )
    story.step(
        "U0DANA",
        "clicks Interested on the question only she sees",
        lambda: bot.click("U0DANA", "Interested", where="ephemeral"),
    )
    sweep(
        datetime(2026, 11, 24, 13, 6, tzinfo=UTC), "Tue 13:06 in London: still nothing on John Roe"
    )
    sweep(datetime(2026, 11, 25, 14, 0, tzinfo=UTC), "Wed 09:00 in New York: the cap is reached")
    story.step("U0ERIN", "/followthrough stats @dana", lambda: bot.command("U0ERIN", "stats @dana"))
    story.step("U0DANA", "/followthrough stats @erin", lambda: bot.command("U0DANA", "stats @erin"))
    call_evidence(bot, scheduler, story)
    across_firms(bot, story)
    play_split(bot, story)


def call_evidence(bot: LiveBot, scheduler: BackgroundScheduler, story: Transcript) -> None:
    """Dana calls Erin back; the phone system says so before the reminder would have gone out."""
    story.say("\nCall evidence: the phone system tells Followthrough, so nobody has to click.")
    bot.travel(datetime(2026, 11, 25, 15, 0, tzinfo=UTC))
    for user, number in (("U0DANA", "+44 20 7946 0958"), ("U0ERIN", "+1 212 555 0143")):
        text = f"profile phone {number}"
        story.step(user, f"/followthrough {text}", partial(bot.command, user, text))
    text = "call @dana left a voicemail about a second Java candidate within 4h"
    logged = partial(bot.command, "U0ERIN", text)
    story.step("U0ERIN", f"/followthrough {text}", partial(delivered, bot, logged))
    owed = _newest_follow_up(bot)
    bot.travel(datetime(2026, 11, 25, 16, 0, tzinfo=UTC))
    story.step(
        "Twilio",
        "status callback: Dana's call to Erin, completed after 45 s (signed X-Twilio-Signature)",
        partial(delivered, bot, partial(twilio_call, bot, "+442079460958", "+12125550143", 45)),
    )
    sweep_at = owed.due_at.astimezone(UTC) + timedelta(minutes=5)
    bot.travel(sweep_at)
    why = f"{sweep_at:%a %H:%M} UTC: {owed.ref} was due, the sweep runs"
    story.step("scheduler", why, lambda: tick(scheduler))
    closed = _follow_up(bot, owed.id)
    story.say(f"  (no reminder: {owed.ref} is {closed.state.value}, {closed.resolution_note})")


def delivered(bot: LiveBot, run: Callable[[], object]) -> None:
    """Run a step, see its messages delivered, and let two minutes pass before the next."""
    run()
    bot.settle()
    bot.travel(bot.clock.now() + timedelta(minutes=2))
    bot.settle()


def twilio_call(bot: LiveBot, caller: str, called: str, seconds: int) -> None:
    """The phone system's status callback for a finished call, signed as Twilio signs it."""
    team = bot.runtime.team_id
    if team is None:
        raise RuntimeError("the demo runs one workspace with a bot token")
    path = webhook_urls(bot.runtime.core, team)["twilio"]
    url = bot.url.removesuffix(EVENTS_PATH) + path
    form = {
        "AccountSid": "AC00000000000000000000000000000001",
        "CallSid": "CA00000000000000000000000000000045",
        "CallStatus": "completed",
        "CallDuration": str(seconds),
        "Direction": "outbound-api",
        "From": caller,
        "To": called,
        "Timestamp": format_datetime(bot.clock.now()),
    }
    signature = twilio_signature(TWILIO_TOKEN, url, list(form.items()))
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    request = urllib.request.Request(url, urlencode(form).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def _newest_follow_up(bot: LiveBot) -> FollowUp:
    with bot.session() as session:
        found = session.scalars(select(FollowUp).order_by(FollowUp.id.desc()).limit(1)).one()
        session.expunge(found)
        return found


def _follow_up(bot: LiveBot, ref: int) -> FollowUp:
    with bot.session() as session:
        found = session.get(FollowUp, ref)
        assert found is not None
        session.expunge(found)
        return found


def across_firms(bot: LiveBot, story: Transcript) -> None:
    """A submission to an importer at another firm, in the channel the two firms share."""
    story.say(
        "\nOliver is an importer at Other Firm, which installed Followthrough in its own Slack "
        "and shares #acme-other with Acme. His DMs come from Other Firm's install, in Tokyo "
        "business time."
    )
    bot.travel(datetime(2026, 11, 26, 23, 30, tzinfo=UTC))  # Fri 08:30 in Tokyo
    text = "submit @oliver Wei Sun within 1d"
    story.step(
        "U0ERIN",
        f"/followthrough {text} (in #acme-other)",
        partial(bot.command, "U0ERIN", text, channel=CONNECT_CHANNEL),
    )
    bot.travel(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))  # Fri 10:00 in Tokyo
    story.step(
        "U0OLIVER",
        "clicks Interested on the card in his own Slack",
        lambda: bot.click("U0OLIVER", "Interested", team=OTHER_FIRM, where="dm"),
    )


def play_split(bot: LiveBot, story: Transcript) -> None:
    """A split from its terms to the partner's share: each step and who owes the next."""
    story.say("\nA split, from the terms to the partner's share.")

    def command(who: str, text: str) -> None:
        story.step(who, f"/followthrough {text}", partial(bot.command, who, text))

    def click(who: str, label: str, words: str) -> None:
        ts = _card_ts(bot, who, words)
        story.step(who, f"clicks {label}", lambda: bot.click(who, label, where="dm", ts=ts))

    bot.travel(datetime(2026, 11, 27, 15, 0, tzinfo=UTC))
    command("U0DANA", "job Platform Engineer client Initech split 50/50 fee 25% guarantee 90d")
    command("U0ERIN", "submit @dana Ana Lima for JO-2")
    click("U0ERIN", "Accept terms", "JO-2 Platform Engineer")
    ana = _submission_ref(bot, "Ana Lima")
    click("U0DANA", "Interested", "Ana Lima")
    command("U0DANA", f"interview {ana} mon 2pm")
    bot.travel(datetime(2026, 11, 30, 16, 0, tzinfo=UTC))
    command("U0DANA", f"feedback {ana} Sharp on Kubernetes; the CTO wants her")
    bot.travel(datetime(2026, 12, 2, 15, 0, tzinfo=UTC))
    command("U0ERIN", f"accepted {ana}")
    command("U0DANA", f"placed {ana} start 2027-01-11 fee $30,000")
    bot.travel(datetime(2027, 2, 10, 15, 0, tzinfo=UTC))
    command("U0DANA", "paid P-1")
    bot.travel(datetime(2027, 2, 11, 14, 0, tzinfo=UTC))
    click("U0ERIN", "Received", "your share")


def _submission_ref(bot: LiveBot, candidate: str) -> str:
    """The ref of the importer's answer owed on a candidate (the ref both partners use)."""
    with bot.session() as session:
        found = session.scalars(
            select(FollowUp)
            .join(Submission, Submission.id == FollowUp.submission_id)
            .where(Submission.candidate == candidate, FollowUp.kind == FollowUpKind.RESPOND)
        ).first()
        assert found is not None, f"{candidate} was not submitted"
        return found.ref


def ask_more(bot: LiveBot) -> None:
    """The importer asks what she needs to know, in the form Need more info opens."""
    card = _card_ts(bot, "U0DANA", "submitted Jane Doe", newest=False)
    bot.click("U0DANA", "Need more info", where="dm", ts=card)
    bot.submit("U0DANA", {"question": {"value": "What is her notice period?"}})


def reply_in_thread(bot: LiveBot, user: str, ts: str, words: str) -> None:
    """A recruiter answers in the thread of the bot's DM, in their own words."""
    channel = next(m.channel for m in bot.slack.dms_to(user) if m.ts == ts)
    bot.driver.reply_in_thread(user, channel, ts, words)


def _card_ts(bot: LiveBot, user: str, words: str, *, newest: bool = True) -> str:
    """The newest (or oldest) DM with buttons a user got that mentions `words`."""
    cards = [m for m in bot.slack.dms_to(user) if m.buttons and words in bot.seen(m.visible_text)]
    return cards[-1 if newest else 0].ts
