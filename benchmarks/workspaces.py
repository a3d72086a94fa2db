"""One Followthrough serving a network: 1,000 workspaces installed through OAuth.

    python -m benchmarks.workspaces [--workspaces 1000] [--rate 50] [--seconds 40] [--db sqlite]

Three kinds of process, so none skews another: the stand-in (network_seed: each firm with its
own token, no rate limits), `followthrough serve` with client credentials (its ack process
and its work process, exactly as deployed), and this load generator. Installations are put in
the database through slack_sdk's store, as the OAuth redirect saves them.

- RSS of the serve and work processes with 1 installation, then with all of them, each time
  after every installed workspace has sent a request (so each has its client built).
- Ack p99 from the client: `submit` commands at a steady rate, each from the next workspace.
  Beside it, the deepest queue of requests waiting for one of waitress's threads.
- Sweep: in this process, one sweep as of the next day, when every submission is overdue (one
  per workspace, or more), then the courier's delivery of the nudges; decide and deliver
  are timed apart. The floor beside it: one SELECT of the due follow-ups.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from typing import IO, Any
from urllib.parse import urlencode

from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import func, select

from benchmarks.ack_latency import Load, percentile
from benchmarks.serving import QUIET, children, status_mb
from bot import db
from bot.clock import FrozenClock
from bot.config import load_settings
from bot.models import FollowUp
from followthrough.installations import BOT_SCOPES
from followthrough.runtime import build_runtime
from sandbox.seed import Seed, network_seed
from scheduler.pacer import Pacer
from tests.databases import migrated_database, postgres_unreachable_reason
from tests.faults.stops import drained

CLIENT_ID, CLIENT_SECRET = "1000000001.2000000002", "sandbox-client-secret"
ENVIRONMENT = QUIET | {
    "FOLLOWTHROUGH_PUBLIC_URL": "https://followthrough.example.com",
}


def stand_in(pipe: Connection, count: int) -> None:
    """The stand-in's process: serves Slack for `count` firms and prepares signed bodies."""
    from sandbox import RateLimitConfig, SlackStandIn
    from sandbox.payloads import slash_command

    seed = network_seed(count)
    with SlackStandIn(seed, rate_limits=RateLimitConfig.unlimited()) as slack:
        pipe.send((slack.api_url, slack.signing_secret))
        while True:
            ask, *args = pipe.recv()
            if ask != "bodies":
                return
            (wanted,) = args
            bodies = []
            for team_id, user, text in wanted:
                channel = f"C0F{team_id[3:]}GEN"
                urls = {
                    "trigger_id": slack.issue_trigger(user),
                    "response_url": slack.issue_response_url(user, channel),
                }
                with slack.state.lock:
                    workspace = slack.state.workspace(team_id)
                    form = slash_command(
                        workspace, slack.seed, user, "/followthrough", text, channel, **urls
                    )
                bodies.append(urlencode(form).encode())
            pipe.send(bodies)


def install(url: str, seed: Seed, count: int) -> None:
    """Save `count` installations as the OAuth redirect would (the seeded tokens are valid)."""
    engine = db.make_engine(url)
    store = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=engine)
    for team in seed.teams[:count]:
        store.save(
            Installation(
                app_id=seed.api_app_id,
                team_id=team.id,
                team_name=team.name,
                bot_token=team.bot_token,
                bot_id=team.bot_id,
                bot_user_id=team.bot_user_id,
                bot_scopes=list(BOT_SCOPES),
                user_id=team.members[0].id,
            )
        )
    engine.dispose()


def memory(serve: subprocess.Popen[str]) -> tuple[float, float]:
    """RSS of the ack process and of the work process it started, in MB."""
    work = children(serve.pid)
    return status_mb(serve.pid, "VmRSS"), round(sum(status_mb(pid, "VmRSS") for pid in work), 1)


def send_all(load: Load, bodies: list[bytes], rate: float) -> None:
    start = time.monotonic() + 0.5
    with ThreadPoolExecutor(32) as pool:
        for n, body in enumerate(bodies):
            pool.submit(load.send, n, body, start + n / rate)


def run(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """Memory with 1 and with all installations, then the load and the sweep with all."""
    count = args.workspaces
    seed = network_seed(count)
    here, there = mp.Pipe()
    slack = mp.get_context("spawn").Process(target=stand_in, args=(there, count), daemon=True)
    slack.start()
    api_url, secret = here.recv()
    result: dict[str, Any] = {}
    try:
        for installed in (1, count):
            with migrated_database(kind) as url:
                install(url, seed, installed)
                row = serve_and_load(url, api_url, secret, here, seed, installed, args)
                if installed == count:
                    row |= sweep(url, api_url, seed, count)
                result[installed] = row
    finally:
        here.send(("stop",))
        slack.join(timeout=10)
    return result


def bot_env(url: str, api_url: str, secret: str) -> dict[str, str]:
    """`serve`'s environment: client credentials, no bot token."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FOLLOWTHROUGH_"))}
    env |= ENVIRONMENT | {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": secret,
        "SLACK_API_URL": api_url,
        "FOLLOWTHROUGH_DATABASE_URL": url,
    }
    return env


def serve_and_load(
    url: str,
    api_url: str,
    secret: str,
    pipe: Connection,
    seed: Seed,
    installed: int,
    args: argparse.Namespace,
) -> dict[str, Any]:
    with tempfile.TemporaryFile("w+") as log:  # waitress says when requests wait for a thread
        row = _serve_and_load(url, bot_env(url, api_url, secret), pipe, seed, installed, args, log)
        log.seek(0)
        said = log.read()
    depths = [int(n) for n in re.findall(r"Task queue depth is (\d+)", said)]
    row["http_queue_max"] = max(depths, default=0)
    problems = [line for line in said.splitlines() if "ERROR" in line or "Traceback" in line]
    row["serve_errors"] = len(problems)
    return row


def _serve_and_load(
    url: str,
    env: dict[str, str],
    pipe: Connection,
    seed: Seed,
    installed: int,
    args: argparse.Namespace,
    log: IO[str],
) -> dict[str, Any]:
    script = os.path.join(os.path.dirname(sys.executable), "followthrough")
    serve = subprocess.Popen(
        [script, "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=log, text=True
    )
    assert serve.stdout is not None
    bot_url = serve.stdout.readline().split()[-1]
    engine = db.make_engine(url)
    row: dict[str, Any] = {}
    try:
        teams = seed.teams[:installed]
        pipe.send(("bodies", [(t.id, t.members[2].id, "list") for t in teams]))
        load = Load(bot_url, env["SLACK_SIGNING_SECRET"])
        send_all(load, pipe.recv(), rate=100)
        drained(engine, 120)
        row["rss_ack_mb"], row["rss_work_mb"] = memory(serve)
        if installed < args.workspaces:
            return row
        total = args.rate * args.seconds
        wanted = []
        for n in range(total):
            team = teams[n % installed]
            debtor = team.members[1].name
            wanted.append(
                (team.id, team.members[2].id, f"submit @{debtor} Candidate-{n} within 4h")
            )
        pipe.send(("bodies", wanted))
        bodies = pipe.recv()
        load.acks, load.sent_at, load.errors = [], {}, 0
        send_all(load, bodies, rate=args.rate)
        row["drained"] = drained(engine, 300)
        row["requests"] = len(load.acks)
        row["errors"] = load.errors
        row["ack_p50_ms"] = round(percentile(load.acks, 0.5) * 1000, 1)
        row["ack_p99_ms"] = round(percentile(load.acks, 0.99) * 1000, 1)
        row["ack_max_ms"] = round(max(load.acks) * 1000, 1)
        row["rss_ack_after_mb"], row["rss_work_after_mb"] = memory(serve)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=120)
        engine.dispose()
    return row


def sweep(url: str, api_url: str, seed: Seed, count: int) -> dict[str, Any]:
    """One sweep a day later (every submission overdue), then its delivery, timed apart."""
    at = datetime.now(UTC) + timedelta(days=1)
    settings = load_settings(
        database_url=url,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_signing_secret="unused",
        slack_api_url=api_url,
        pacing="off",
        holiday_country=None,
        working_hours="Mon-Sun 00:00-23:59",
        public_url="https://followthrough.example.com",
        log_level="WARNING",
    )
    runtime = build_runtime(settings, clock=FrozenClock(at), pacer=Pacer.unlimited(), poll=0.05)
    try:
        with runtime.engine.connect() as connection:
            connection.execute(select(1))  # the floor times the query, not the connection
            started = time.perf_counter()
            due = connection.scalar(
                select(func.count()).select_from(FollowUp).where(FollowUp.due_at <= at)
            )
            floor = time.perf_counter() - started
            teams = connection.scalar(
                select(func.count(func.distinct(FollowUp.team_id))).where(FollowUp.due_at <= at)
            )
        started = time.perf_counter()
        lines = runtime.sweeper.run()
        decided = time.perf_counter() - started
        runtime.start()
        runtime.settle(timeout=600)
        delivered = time.perf_counter() - started
    finally:
        runtime.stop(deliver_for=0)
    nudges = [line for line in lines if line.startswith("nudge")]
    return {
        "due": due,
        "due_workspaces": teams,
        "nudges": len(nudges),
        "sweep_decide_s": round(decided, 2),
        "sweep_delivered_s": round(delivered, 2),
        "floor_select_ms": round(floor * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspaces", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--db", nargs="+", default=["sqlite"])
    args = parser.parse_args()
    results: dict[str, Any] = {}
    print(
        "| db | installed | RSS ack MB | RSS work MB | req/s | requests | ack p50 ms | ack p99 ms "
        "| ack max ms | errors | HTTP queue max | RSS ack/work after MB | due (workspaces) "
        "| nudges | sweep decide s | decide+deliver s | floor SELECT ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in args.db:
        if kind == "postgresql" and (reason := postgres_unreachable_reason()):
            results[kind] = {"skipped": reason}
            continue
        rows = run(kind, args)
        for installed, row in rows.items():
            g = row.get
            print(
                f"| {kind} | {installed} | {g('rss_ack_mb')} | {g('rss_work_mb')} "
                f"| {args.rate if 'requests' in row else ''} | {g('requests', '')} "
                f"| {g('ack_p50_ms', '')} | {g('ack_p99_ms', '')} | {g('ack_max_ms', '')} "
                f"| {g('errors', '')} | {g('http_queue_max')} "
                f"| {g('rss_ack_after_mb', '')}/{g('rss_work_after_mb', '')} "
                f"| {g('due', '')} ({g('due_workspaces', '')}) | {g('nudges', '')} "
                f"| {g('sweep_decide_s', '')} | {g('sweep_delivered_s', '')} "
                f"| {g('floor_select_ms', '')} |",
                flush=True,
            )
        results[kind] = {str(k): v for k, v in rows.items()}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
