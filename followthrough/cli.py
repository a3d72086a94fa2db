"""The `followthrough` command: database, export and health checks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import db
from bot.clock import SystemClock, as_utc
from bot.config import Settings, SettingsError, load_settings
from bot.export import write_csv
from followthrough.checks import schema_problem

Command = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = argparse.ArgumentParser(
        prog="followthrough",
        description="Followthrough keeps split-recruiting partners honest about follow-through.",
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="COMMAND")

    database = verbs.add_parser("db", help="create or inspect the database schema")
    db_verbs = database.add_subparsers(dest="db_verb", required=True, metavar="ACTION")
    upgrade = db_verbs.add_parser("upgrade", help="apply migrations (default: to the newest)")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(run=_db_upgrade)
    downgrade = db_verbs.add_parser("downgrade", help="step the schema back to a revision")
    downgrade.add_argument("revision")
    downgrade.set_defaults(run=_db_downgrade)
    db_verbs.add_parser("current", help="print the schema revision").set_defaults(run=_db_current)

    export = verbs.add_parser("export", help="export follow-ups with parties and outcomes")
    export.add_argument("--format", choices=["csv"], default="csv")
    export.add_argument("--output", "-o", type=Path, help="write to this file (default: stdout)")
    export.add_argument("--team", help="only this Slack team id")
    export.set_defaults(run=_export)

    doctor = verbs.add_parser("doctor", help="check settings and database, one line each")
    doctor.set_defaults(run=_doctor)

    serve = verbs.add_parser(
        "serve", help="run the bot: Socket Mode with SLACK_APP_TOKEN, otherwise HTTP"
    )
    serve.add_argument("--host", default="127.0.0.1", help="HTTP mode: address to listen on")
    serve.add_argument("--port", type=int, default=3000, help="HTTP mode: port (0 picks one)")
    serve.add_argument(
        "--no-scheduler", action="store_true", help="serve Slack only; another process nudges"
    )
    serve.set_defaults(run=_serve)

    work = verbs.add_parser(
        "work", help="work recorded requests, deliver messages and sweep (serve starts this)"
    )
    work.add_argument(
        "--no-scheduler", action="store_true", help="work and deliver only; another process sweeps"
    )
    work.set_defaults(run=_work)

    demo = verbs.add_parser("demo", help="the whole product offline, as each recruiter sees it")
    demo.set_defaults(run=_demo)

    sweep = verbs.add_parser("sweep", help="run one nudge sweep now and print what it did")
    sweep.add_argument(
        "--at",
        type=_instant,
        help="sweep as of this ISO-8601 instant; one still to come only shows what would be sent",
    )
    sweep.add_argument(
        "--commit",
        action="store_true",
        help="with --at still to come: really send and record (the live scheduler then waits)",
    )
    sweep.set_defaults(run=_sweep)
    return parser


def _instant(text: str) -> datetime:
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not an ISO-8601 instant; use e.g. 2026-11-23T14:00:00Z"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as err:
        for line in str(err).splitlines():
            print(f"followthrough: {line}", file=sys.stderr)
        return 2
    run: Command = args.run
    try:
        return run(args, settings)
    except SQLAlchemyError as err:
        reason = str(err.orig if hasattr(err, "orig") and err.orig else err).splitlines()[0]
        print(f"followthrough: database error: {reason}", file=sys.stderr)
        return 1


def _engine(settings: Settings) -> Engine:
    return db.make_engine(settings.database_url)


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    db.upgrade(engine, args.revision)
    print(f"database at revision {db.current_revision(engine)}")
    return 0


def _db_downgrade(args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    db.downgrade(engine, args.revision)
    print(f"database at revision {db.current_revision(engine) or 'base (empty)'}")
    return 0


def _db_current(_args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    current, head = db.current_revision(engine), db.head_revision(engine)
    state = "up to date" if current == head else f"behind; head is {head}"
    print(f"{current or 'none (empty database)'} ({state})")
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    problem = schema_problem(engine)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    factory = db.make_session_factory(engine)
    with factory() as session:
        if args.output is None:
            count = write_csv(session, sys.stdout, team_id=args.team)
        else:
            with args.output.open("w", newline="", encoding="utf-8") as out:
                count = write_csv(session, out, team_id=args.team)
    print(f"exported {count} follow-up{'' if count == 1 else 's'}", file=sys.stderr)
    return 0


def _doctor(_args: argparse.Namespace, settings: Settings) -> int:
    url = make_url(settings.database_url).render_as_string(hide_password=True)
    print(
        f"ok    settings: database {url}; timezone {settings.default_timezone}; "
        f"hours {settings.working_hours}; holidays by timezone, else "
        f"{settings.holiday_country or 'none'}; "
        f"window {settings.default_window}; {settings.max_nudges} nudges max"
    )
    engine = _engine(settings)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).splitlines()[0]
        print(f"FAIL  database: cannot connect to {url}: {reason}")
        return 1
    print(f"ok    database: connected ({engine.dialect.name})")
    current, head = db.current_revision(engine), db.head_revision(engine)
    if current != head:
        fix = "run `followthrough db upgrade`"
        print(f"FAIL  schema: at {current or 'nothing'}, newest is {head}; {fix}")
        return 1
    print(f"ok    schema: at the newest revision ({head})")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from followthrough.serve import serve

    return serve(settings, host=args.host, port=args.port, scheduler=not args.no_scheduler)


def _work(args: argparse.Namespace, settings: Settings) -> int:
    from followthrough.serve import work

    return work(settings, scheduler=not args.no_scheduler)


def _demo(_args: argparse.Namespace, _settings: Settings) -> int:
    from followthrough.demo import run_demo

    return run_demo(sys.stdout)


def _sweep(args: argparse.Namespace, settings: Settings) -> int:
    if args.at is not None and args.at > SystemClock().now() and not args.commit:
        from followthrough.dry_run import plan_sweep

        return plan_sweep(settings, args.at)
    from followthrough.serve import sweep_once

    return sweep_once(settings, at=args.at)


if __name__ == "__main__":
    raise SystemExit(main())
