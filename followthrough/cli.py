"""The `followthrough` command: database, export and health checks."""

from __future__ import annotations

import argparse
import os
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
from bot.ledger import Scope
from bot.ledger.inbound import PROVIDERS, inbound_token, webhook_url
from followthrough.checks import schema_problem, slack_checks, unknown_variables

Command = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar: every command and option says what it does in one line."""
    parser = argparse.ArgumentParser(
        prog="followthrough",
        description="Followthrough keeps split-recruiting partners honest about follow-through.",
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    _database_verbs(_verb(verbs, "db", "create or inspect the database schema"))

    export = _verb(verbs, "export", "export follow-ups with parties and outcomes", _export)
    export.add_argument("--format", choices=["csv"], default="csv", help="output format: csv")
    export.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write to this file (default: stdout)"
    )
    export.add_argument("--team", metavar="TEAM_ID", help="only this Slack team id")

    inbound = _verb(
        verbs,
        "inbound-url",
        "print a workspace's webhook URL for a phone system or an inbound-email service",
        _inbound,
    )
    inbound.add_argument("--team", required=True, metavar="TEAM_ID", help="the Slack team id")
    inbound.add_argument(
        "--provider",
        required=True,
        choices=PROVIDERS,
        help="twilio|aircall (calls) or postmark|mailgun|sendgrid (email)",
    )

    _verb(
        verbs,
        "doctor",
        "check settings, variables, Slack token, database and schema, one line each",
        _doctor,
    )

    serve = _verb(
        verbs, "serve", "run the bot: Socket Mode with SLACK_APP_TOKEN, else HTTP", _serve
    )
    serve.add_argument("--host", default="127.0.0.1", help="HTTP mode: address to listen on")
    serve.add_argument("--port", type=int, default=3000, help="HTTP mode: port (0 picks one)")
    serve.add_argument(
        "--no-scheduler", action="store_true", help="serve Slack only; another process nudges"
    )

    work = _verb(verbs, "work", "work requests, deliver and sweep (serve starts this)", _work)
    work.add_argument(
        "--no-scheduler", action="store_true", help="work and deliver only; another process sweeps"
    )

    _verb(verbs, "demo", "the whole product offline, as each recruiter sees it", _demo)

    sweep = _verb(verbs, "sweep", "run one nudge sweep and print what it did", _sweep)
    sweep.add_argument(
        "--at",
        type=_instant,
        metavar="INSTANT",
        help="sweep as of this ISO-8601 instant; one still to come only shows what would be sent",
    )
    sweep.add_argument(
        "--commit",
        action="store_true",
        help="with --at still to come: really send and record (the live scheduler then waits)",
    )
    return parser


def _database_verbs(database: argparse.ArgumentParser) -> None:
    actions = database.add_subparsers(dest="db_verb", required=True, metavar="ACTION")
    upgrade = _verb(actions, "upgrade", "apply migrations (default: to the newest)", _db_upgrade)
    upgrade.add_argument(
        "revision", nargs="?", default="head", help="the revision to reach (default: the newest)"
    )
    downgrade = _verb(actions, "downgrade", "step the schema back to a revision", _db_downgrade)
    downgrade.add_argument("revision", help="the revision to step back to, e.g. 0005, or base")
    _verb(actions, "current", "print the schema revision", _db_current)


def _verb(
    group: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    text: str,
    run: Command | None = None,
) -> argparse.ArgumentParser:
    """A command whose one line shows in the command list and atop its own --help."""
    command = group.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
    if run is not None:
        command.set_defaults(run=run)
    return command


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


def _inbound(args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    problem = schema_problem(engine)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    with db.make_session_factory(engine).begin() as session:
        token = inbound_token(Scope(session, args.team, SystemClock().now(), settings))
    print(webhook_url(settings.public_url, args.provider, token))
    if not settings.public_url:
        print(
            "FOLLOWTHROUGH_PUBLIC_URL is not set: put the address the provider reaches before it",
            file=sys.stderr,
        )
    return 0


def _doctor(_args: argparse.Namespace, settings: Settings) -> int:
    url = make_url(settings.database_url).render_as_string(hide_password=True)
    print(
        f"ok    settings: database {url}; timezone {settings.default_timezone}; "
        f"hours {settings.working_hours}; holidays by timezone, else "
        f"{settings.holiday_country or 'none'}; "
        f"window {settings.default_window}; {settings.max_nudges} nudges max"
    )
    for line in unknown_variables(os.environ):
        print(f"warn  environment: {line}")
    slack = slack_checks(settings)
    for ok, said in slack:
        print(f"{'ok  ' if ok else 'FAIL'}  slack: {said}")
    database_ok = _doctor_database(settings, url)
    return 0 if database_ok and all(ok for ok, _said in slack) else 1


def _doctor_database(settings: Settings, url: str) -> bool:
    engine = _engine(settings)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        print(f"ok    database: connected ({engine.dialect.name})")
        current, head = db.current_revision(engine), db.head_revision(engine)
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).splitlines()[0]
        print(f"FAIL  database: cannot connect to {url}: {reason}")
        return False
    finally:
        engine.dispose()
    if current != head:
        fix = "run `followthrough db upgrade`"
        print(f"FAIL  schema: at {current or 'nothing'}, newest is {head}; {fix}")
        return False
    print(f"ok    schema: at the newest revision ({head})")
    return True


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
