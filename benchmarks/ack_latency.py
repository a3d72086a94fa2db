"""Commands at a steady rate against `followthrough serve`: acks seen by the client, cards posted.

    python -m benchmarks.ack_latency --rate 100 --seconds 60 [--db sqlite postgresql]

Three processes, so none skews another: the local Slack stand-in (no rate limits, so the figure
is the bot's own), `followthrough serve` exactly as deployed (HTTP, its workers, courier and
scheduler), and this load generator, which signs each slash command as Slack does and sends it
at its scheduled instant (open loop: a slow answer never delays the next request). Timed from
the client: request sent → response read (the ack). Card posted: request sent → the stand-in
received the importer's DM card. The inbox (requests recorded, not yet worked) is sampled every
half second: queue_max. Beside them, the CPU time each of serve's processes spent per command
(from /proc), which says what rate 2 cores can sustain. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import multiprocessing as mp
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any
from urllib.parse import urlencode, urlparse

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from benchmarks.databases import reachable
from benchmarks.serving import cpu_seconds, start_serve
from bot import db
from bot.models import InboxItem, InboxState
from tests.databases import migrated_database
from tests.faults.stops import drained

IMPORTERS = 100  # cards go to 100 DMs, as partners would be spread


def stand_in(pipe: Connection) -> None:
    """The stand-in's process: serves Slack, prepares request bodies, reports what it saw."""
    from sandbox import RateLimitConfig, SlackStandIn, crowd_seed
    from sandbox.payloads import slash_command

    with SlackStandIn(crowd_seed(IMPORTERS), rate_limits=RateLimitConfig.unlimited()) as slack:
        pipe.send((slack.api_url, slack.signing_secret, slack.token()))
        while True:
            ask, *args = pipe.recv()
            if ask == "bodies":
                (texts,) = args
                bodies = []
                for text in texts:
                    channel = "D0ERIN"
                    urls = {
                        "trigger_id": slack.issue_trigger("U0ERIN"),
                        "response_url": slack.issue_response_url("U0ERIN", channel),
                    }
                    with slack.state.lock:
                        workspace = slack.state.workspace("T0ACME")
                        form = slash_command(
                            workspace, slack.seed, "U0ERIN", "/followthrough", text, channel, **urls
                        )
                    bodies.append(urlencode(form).encode())
                pipe.send(bodies)
            elif ask == "cards":
                pipe.send(
                    [
                        (call.args.get("text", ""), call.at)
                        for call in slack.calls("chat.postMessage")
                        if call.ok
                    ]
                )
            else:
                return


def sign(secret: str, body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    base = b"v0:" + timestamp.encode() + b":" + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }


class Load:
    """Open-loop senders: each request goes at its instant on a keep-alive connection."""

    def __init__(self, url: str, secret: str) -> None:
        parsed = urlparse(url)
        self.host, self.port, self.path = parsed.hostname or "", parsed.port or 80, parsed.path
        self.secret = secret
        self.local = threading.local()
        self.acks: list[float] = []
        self.sent_at: dict[int, float] = {}
        self.errors = 0
        self.lock = threading.Lock()

    def send(self, n: int, body: bytes, at: float) -> None:
        delay = at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=10
            )
        wall, started = time.time(), time.perf_counter()
        try:
            connection.request("POST", self.path, body=body, headers=sign(self.secret, body))
            response = connection.getresponse()
            answer = response.read()
            ok = response.status == 200 and b"couldn" not in answer
        except (OSError, http.client.HTTPException):
            self.local.connection = None
            ok = False
        elapsed = time.perf_counter() - started
        with self.lock:
            self.acks.append(elapsed)
            self.sent_at[n] = wall
            self.errors += not ok


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def run(kind: str, url: str, rate: int, seconds: int) -> dict[str, Any]:
    """One database: serve, warm up every member, then the steady load."""
    here, there = mp.Pipe()
    slack = mp.get_context("spawn").Process(target=stand_in, args=(there,), daemon=True)
    slack.start()
    api_url, secret, token = here.recv()
    serve, bot_url = start_serve(url, api_url, secret, token)
    engine = db.make_engine(url)
    try:
        warm = [f"stats @partner{n}" for n in range(IMPORTERS)]
        here.send(("bodies", warm))
        load = Load(bot_url, secret)
        for n, body in enumerate(here.recv()):
            load.send(-1 - n, body, time.monotonic())
        drained(engine, 60)
        total = rate * seconds
        texts = [f"submit @partner{n % IMPORTERS} Candidate-{n} within 2d" for n in range(total)]
        here.send(("bodies", texts))
        bodies = here.recv()
        load.acks, load.sent_at, load.errors = [], {}, 0
        spent = cpu_seconds(serve.pid)
        depth: list[int] = []
        sampling = threading.Event()
        sampler = threading.Thread(target=sample, args=(engine, depth, sampling), daemon=True)
        sampler.start()
        start = time.monotonic() + 0.5
        with ThreadPoolExecutor(32) as pool:
            for n, body in enumerate(bodies):
                pool.submit(load.send, n, body, start + n / rate)
        finished = drained(engine, 120)
        spent = [
            after - before for after, before in zip(cpu_seconds(serve.pid), spent, strict=True)
        ]
        sampling.set()
        here.send(("cards",))
        posted = here.recv()
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
        here.send(("stop",))
        slack.join(timeout=10)
        engine.dispose()
    cards = card_delays(posted, load.sent_at)
    return {
        "requests": len(load.acks),
        "ack_p50_ms": round(percentile(load.acks, 0.5) * 1000, 1),
        "ack_p99_ms": round(percentile(load.acks, 0.99) * 1000, 1),
        "ack_max_ms": round(max(load.acks) * 1000, 1),
        "card_p50_ms": round(percentile(cards, 0.5) * 1000, 1),
        "card_p99_ms": round(percentile(cards, 0.99) * 1000, 1),
        "cards": len(cards),
        "errors": load.errors,
        "queue_max": max(depth, default=0),
        "drained": finished,
        # CPU per command of the ack process and of the work process (work, cards, responses)
        "ack_cpu_ms": round(spent[0] / total * 1000, 2),
        "work_cpu_ms": round(spent[1] / total * 1000, 2),
    }


def card_delays(posted: list[tuple[str, float]], sent_at: dict[int, float]) -> list[float]:
    """Seconds from each command to its card, matched by the candidate's number."""
    delays = []
    for text, at in posted:
        if "submitted Candidate-" not in text and "waiting: answer about Candidate-" not in text:
            continue
        number = text.split("Candidate-")[1].split()[0].rstrip(".,)")
        if number.isdigit() and int(number) in sent_at:
            delays.append(at - sent_at[int(number)])
    return delays


def sample(engine: Any, depth: list[int], done: threading.Event) -> None:
    """The inbox's depth every half second; a read (no write lock), and a sample the database
    was too busy to answer is skipped, not the sampling."""
    while not done.wait(0.5):
        try:
            with engine.connect().execution_options(**{db.READ_ONLY: True}) as connection:
                depth.append(
                    connection.scalar(
                        select(func.count())
                        .select_from(InboxItem)
                        .where(InboxItem.state == InboxState.PENDING)
                    )
                    or 0
                )
        except OperationalError:
            continue


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    print(
        "| db | req/s | requests | ack p50 ms | ack p99 ms | ack max ms | card p50 ms "
        "| card p99 ms | errors | queue max | CPU ms per command: ack / work process |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    results: dict[str, Any] = {}
    for kind in reachable(args.db, results):
        with migrated_database(kind) as url:
            row = run(kind, url, args.rate, args.seconds)
        results[kind] = {
            k: row[k]
            for k in (
                "ack_p99_ms",
                "card_p99_ms",
                "errors",
                "queue_max",
                "ack_cpu_ms",
                "work_cpu_ms",
            )
        }
        print(
            f"| {kind} | {args.rate} | {row['requests']} | {row['ack_p50_ms']} "
            f"| {row['ack_p99_ms']} | {row['ack_max_ms']} | {row['card_p50_ms']} "
            f"| {row['card_p99_ms']} | {row['errors']} | {row['queue_max']} "
            f"| {row['ack_cpu_ms']} / {row['work_cpu_ms']} |",
            flush=True,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
