"""Ack latency: signed slash commands that write to the database, at a steady request rate.

    python -m benchmarks.ack_latency --rates 10 50 100 --seconds 30 --slack-latency-ms 0 500

Prints one row per (database, Web API latency, rate): server-side p50/p99/max from request
arrival to response, client-side p99, and errors. The bot is served over HTTP by waitress exactly
as `followthrough serve` does; the Web API is the local stand-in without rate limits.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from bot.runtime import build_runtime

from bot.config import load_settings
from handlers.web import EVENTS_PATH, wsgi_app
from sandbox import Driver, RateLimitConfig, SlackStandIn, serve_wsgi
from tests.databases import POSTGRES_URL, migrated_database

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

COMMANDS = ("submit @dana Candidate {n} within 2d", "call @dana within 1d note {n}", "list")


def timed(app: WSGIApplication, samples: list[float]) -> WSGIApplication:
    """Record how long the app takes to produce each response, server side."""

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        body = list(app(environ, start_response))
        samples.append(time.perf_counter() - started)
        return body

    return application


def run(kind: str, slack_latency: float, rate: int, seconds: float) -> dict[str, Any]:
    """One measurement: `rate` commands a second for `seconds`."""
    with (
        migrated_database(kind) as url,
        SlackStandIn(rate_limits=RateLimitConfig.unlimited()) as slack,
    ):
        settings = load_settings(
            database_url=url,
            slack_bot_token=slack.token(),
            slack_signing_secret=slack.signing_secret,
            slack_api_url=slack.api_url,
        )
        runtime = build_runtime(settings)
        samples: list[float] = []
        with serve_wsgi(timed(wsgi_app(runtime.app, runtime.healthy), samples)) as base:
            driver = Driver(slack, base + EVENTS_PATH, strict=False)
            driver.slash_command("U0ERIN", "/followthrough", "list")  # warm up: members known
            runtime.listeners.drain(30)
            samples.clear()
            slack.faults.latency = slack_latency
            client, errors = load(driver, rate, seconds)
        # With a slow Web API the work after the acks runs on long after the load; drop it.
        runtime.close(abandon_backlog=True)
    ordered = sorted(samples)
    return {
        "db": kind,
        "slack_ms": int(slack_latency * 1000),
        "rate": rate,
        "requests": len(ordered),
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[int(len(ordered) * 0.99) - 1] * 1000,
        "max": ordered[-1] * 1000,
        "client_p99": sorted(client)[int(len(client) * 0.99) - 1] * 1000,
        "errors": errors,
    }


def load(driver: Driver, rate: int, seconds: float) -> tuple[list[float], int]:
    """Send commands on a fixed schedule (open loop), whatever the responses take."""
    client: list[float] = []
    errors = 0
    lock = threading.Lock()

    def send(n: int) -> None:
        nonlocal errors
        text = COMMANDS[n % len(COMMANDS)].format(n=n)
        try:
            response = driver.slash_command("U0ERIN", "/followthrough", text)
            ok = response.status == 200
            elapsed = response.elapsed
        except Exception:
            ok, elapsed = False, seconds
        with lock:
            client.append(elapsed)
            errors += not ok

    total = int(rate * seconds)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for n in range(total):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(send, n)
    return client, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--slack-latency-ms", type=int, nargs="+", default=[0, 500])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    print(f"PostgreSQL: {POSTGRES_URL}")
    print(
        "| db | Web API ms | req/s | requests | p50 ms | p99 ms | max ms | client p99 ms | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in args.db:
        for slack_ms in args.slack_latency_ms:
            for rate in args.rates:
                row = run(kind, slack_ms / 1000, rate, args.seconds)
                print(
                    f"| {row['db']} | {row['slack_ms']} | {row['rate']} | {row['requests']} "
                    f"| {row['p50']:.1f} | {row['p99']:.1f} | {row['max']:.1f} "
                    f"| {row['client_p99']:.1f} | {row['errors']} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
