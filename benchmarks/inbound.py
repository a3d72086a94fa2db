"""Inbound evidence under load: 10,000 call and email webhooks through the real WSGI app.

    python -m benchmarks.inbound [--webhooks 10000] [--pairs 2000] [--db sqlite]

The ledger holds `--pairs` partners who each owe another a call back (half of them, by phone
number) or an email back (the other half, by address). The webhooks are Twilio status
callbacks (signed as Twilio signs), Postmark JSON, Mailgun forms (signed) and SendGrid
multipart posts in turn, about one in ten a provider's retry of one already sent, a few from
strangers. Each is handed to the WSGI application `serve` runs (verification, parsing and the
inbox record before the 200) and timed: p50/p99 handling time, beside the floor (the same
inbox rows written in plain SQL, one transaction each). Then the project's workers work the
inbox; "resolved twice" counts, from the database, follow-ups closed more than once (target 0).
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlalchemy import Engine, bindparam, func, insert, select, update

from bot import db
from bot.clock import FrozenClock
from bot.config import load_settings
from bot.models import Activity, FollowUp, FollowUpKind, InboxItem, InboxState, Member, RequestKind
from bot.services.calls import webhook_urls
from bot.services.intake import waiting
from followthrough.runtime import build_runtime
from handlers.calls import twilio_signature
from sandbox import SlackStandIn
from scheduler.pacer import Pacer
from tests.bulk import follow_up_row, seed_members
from tests.databases import migrated_database
from tests.inbound_payloads import MAILGUN_KEY, Mail, mailgun, postmark, sendgrid

AT = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # Wednesday afternoon in London
TWILIO_TOKEN = "twilio-auth-token-for-benchmarks"
PUBLIC_URL = "https://followthrough.example.test"
TEAM = "T0ACME"


def phone(n: int) -> str:
    return f"+4420{n:08d}"


def address(n: int) -> str:
    return f"partner{n}@firm{n % 97}.test"


def seed(engine: Engine, pairs: int) -> None:
    """`pairs` debtors (U2…) each owing their own creditor (U3…) a call or an email back."""
    people = [(f"U2{n:06d}", f"Debtor {n}", "Europe/London") for n in range(pairs)]
    people += [(f"U3{n:06d}", f"Creditor {n}", "America/New_York") for n in range(pairs)]
    ids = seed_members(engine, TEAM, people, AT)
    rows = []
    for n in range(pairs):
        debtor, creditor = ids[f"U2{n:06d}"], ids[f"U3{n:06d}"]
        row = follow_up_row(debtor, creditor, due=AT + timedelta(days=2), created_at=AT)
        if n % 2:
            row.update(kind=FollowUpKind.EMAIL_BACK, what="email back")
        rows.append(row)
    contacts = []
    for n in range(pairs):  # the debtor of pair n is contact 2n, its creditor 2n + 1
        for number, user in ((2 * n, f"U2{n:06d}"), (2 * n + 1, f"U3{n:06d}")):
            contacts.append(
                {"member": ids[user], "to_phone": phone(number), "to_email": address(number)}
            )
    with engine.begin() as connection:
        connection.execute(insert(FollowUp), rows)
        connection.execute(
            update(Member)
            .where(Member.id == bindparam("member"))
            .values(phone=bindparam("to_phone"), email=bindparam("to_email")),
            contacts,
        )


def webhooks(count: int, pairs: int, urls: dict[str, str]) -> Iterator[dict[str, Any]]:
    """WSGI environs of `count` deliveries: calls and emails in turn, some retried, a few strays."""
    sent: list[dict[str, Any]] = []
    providers = ("twilio", "postmark", "mailgun", "sendgrid")
    for n in range(count):
        if sent and n % 10 == 9:
            yield dict(sent[(n * 7) % len(sent)], **{"wsgi.input": None})  # a retry
            continue
        pair = (n * 13) % pairs
        provider = providers[n % 4]
        debtor, creditor = 2 * pair, 2 * pair + 1
        if n % 50 == 48:
            debtor = 10 * pairs + n  # a stranger: ignored and counted
        if provider == "twilio":
            environ = _twilio(urls["twilio"], n, phone(debtor), phone(creditor))
        else:
            mail = Mail(address(debtor), [address(creditor)], f"Re: the Java role ({n})")
            build = {"postmark": postmark, "mailgun": mailgun, "sendgrid": sendgrid}[provider]
            body, headers = build(mail)
            environ = _environ(urls[provider], body, headers)
        sent.append(environ)
        yield environ


def _twilio(url: str, n: int, caller: str, called: str) -> dict[str, Any]:
    form = {
        "AccountSid": "AC00000000000000000000000000000001",
        "CallSid": f"CA{n:032d}",
        "CallStatus": "completed",
        "CallDuration": "45",
        "From": caller,
        "To": called,
        "Timestamp": "Wed, 18 Nov 2026 14:58:45 +0000",
    }
    signature = twilio_signature(TWILIO_TOKEN, url, list(form.items()))
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    return _environ(url, urlencode(form).encode(), headers)


def _environ(url: str, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    parts = urlsplit(url)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": parts.path,
        "QUERY_STRING": "",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": headers.pop("Content-Type"),
        "HTTP_HOST": parts.netloc,
        "wsgi.url_scheme": parts.scheme,
        "body": body,
    }
    environ.update({"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()})
    return environ


def floor(engine: Engine, count: int) -> list[float]:
    """The same number of inbox rows written in plain SQL, one transaction each."""
    times = []
    for n in range(count):
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(
                insert(InboxItem).values(
                    team_id="T0FLOOR",
                    kind=RequestKind.EMAIL,
                    event_id=f"floor:{n}",
                    body={"n": n},
                    state=InboxState.DONE,
                    attempts=0,
                    not_before=AT,
                    received_at=AT,
                )
            )
        times.append(time.perf_counter() - started)
    return times


def resolved_twice(engine: Engine) -> tuple[int, int]:
    """(follow-ups resolved, follow-ups resolved more than once), from the activity log."""
    closing = Activity.action.in_(["called_back", "emailed_back"])
    per = (
        select(Activity.follow_up_id, func.count().label("n"))
        .where(closing)
        .group_by(Activity.follow_up_id)
        .subquery()
    )
    with engine.connect() as connection:
        resolved = connection.scalar(select(func.count()).select_from(per)) or 0
        twice = connection.scalar(select(func.count()).select_from(per).where(per.c.n > 1)) or 0
    return int(resolved), int(twice)


def measure(kind: str, count: int, pairs: int) -> dict[str, Any]:
    """Deliver `count` webhooks, work them, and count what was resolved more than once."""
    with migrated_database(kind) as url, SlackStandIn() as slack:
        engine = db.make_engine(url)
        seed(engine, pairs)
        settings = load_settings(
            database_url=url,
            slack_bot_token=slack.token(),
            slack_signing_secret=slack.signing_secret,
            slack_api_url=slack.api_url,
            public_url=PUBLIC_URL,
            twilio_auth_token=TWILIO_TOKEN,
            mailgun_signing_key=MAILGUN_KEY,
            workers=2,
        )
        runtime = build_runtime(settings, clock=FrozenClock(AT), pacer=Pacer.unlimited())
        app = runtime.web()
        urls = webhook_urls(runtime.core, TEAM)
        statuses: dict[str, int] = {}

        def answered(status: str, _headers: object) -> None:
            statuses[status] = statuses.get(status, 0) + 1

        handled = []
        for environ in webhooks(count, pairs, urls):
            environ["wsgi.input"] = io.BytesIO(environ["body"])
            started = time.perf_counter()
            app(environ, answered)  # type: ignore[arg-type]
            handled.append(time.perf_counter() - started)
        started = time.perf_counter()
        for worker in runtime.workers:
            worker.start()
        while waiting(runtime.core):
            time.sleep(0.05)
        worked = time.perf_counter() - started
        runtime.stop(deliver_for=0)
        resolved, twice = resolved_twice(engine)
        with engine.connect() as connection:
            recorded = connection.scalar(select(func.count()).select_from(InboxItem)) or 0
        plain = floor(engine, min(count, 2000))
        engine.dispose()
    return {
        "db": kind,
        "webhooks": count,
        "statuses": statuses,
        "recorded": int(recorded),
        "p50_ms": round(1000 * statistics.median(handled), 2),
        "p99_ms": round(1000 * statistics.quantiles(handled, n=100)[98], 2),
        "floor_p50_ms": round(1000 * statistics.median(plain), 2),
        "floor_p99_ms": round(1000 * statistics.quantiles(plain, n=100)[98], 2),
        "worked_per_s": round(int(recorded) / worked, 1),
        "resolved": resolved,
        "resolved_twice": twice,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webhooks", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=2_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    figures = measure(args.db, args.webhooks, args.pairs)
    print(f"{figures['webhooks']} webhooks on {figures['db']}: answered {figures['statuses']}")
    print(
        f"handling time p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms "
        f"(floor, a plain inbox insert: p50 {figures['floor_p50_ms']} ms, "
        f"p99 {figures['floor_p99_ms']} ms)"
    )
    print(
        f"recorded {figures['recorded']}, worked {figures['worked_per_s']}/s, "
        f"resolved {figures['resolved']}"
    )
    print(f"resolved twice: {figures['resolved_twice']}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
