"""Schema by migrations only: upgrade from empty, round trips that keep data, SQLite tuning."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, event, func, inspect, select, text
from sqlalchemy.exc import StatementError

from bot import db
from bot.models import Base, FollowUp, Member
from tests.databases import fresh_postgres_database, require_postgres
from tests.ledger_book import LedgerBook

SLACK_SDK_TABLES = {"slack_installations", "slack_bots", "slack_oauth_states"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a database that has never been migrated."""
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield engine
        engine.dispose()
        return
    require_postgres()
    with fresh_postgres_database() as url:
        engine = db.make_engine(url)
        yield engine
        engine.dispose()


def test_upgrade_from_empty_builds_exactly_the_models(empty_engine: Engine) -> None:
    assert db.current_revision(empty_engine) is None
    db.upgrade(empty_engine)
    assert db.current_revision(empty_engine) == db.head_revision(empty_engine)
    with empty_engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # slack_sdk's installation tables are not the ledger's: tests/test_installation_tables.py
    assert [change for change in drift if _table_of(change) not in SLACK_SDK_TABLES] == []
    names = set(inspect(empty_engine).get_table_names())
    assert {table.name for table in Base.metadata.sorted_tables} <= names


def _table_of(change: tuple[Any, ...]) -> str:
    """The table a drift (a table, or one of its indexes) is about."""
    return str(getattr(change[1], "table", change[1]).name)


def test_due_follow_ups_are_found_through_the_partial_index(empty_engine: Engine) -> None:
    db.upgrade(empty_engine)
    indexes = {ix["name"]: ix for ix in inspect(empty_engine).get_indexes("follow_ups")}
    assert indexes["ix_follow_ups_due"]["column_names"] == ["next_nudge_at"]
    if empty_engine.dialect.name == "sqlite":
        plan = " ".join(
            str(row[-1])
            for row in empty_engine.connect().exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM follow_ups "
                "WHERE state = 'open' AND next_nudge_at <= '2026-11-20'"
            )
        )
        assert "ix_follow_ups_due" in plan


def test_downgrade_and_upgrade_keep_the_ledger(book: LedgerBook, engine: Engine) -> None:
    from bot.ledger import record_submission

    recorded = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane Doe"
    )
    db.downgrade(engine, "0001")
    assert not inspect(engine).has_table("nudges")
    db.upgrade(engine)
    with book.factory() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 4
        follow_up = session.get(FollowUp, recorded.follow_up.id)
        assert follow_up is not None
        assert follow_up.what == "answer about Jane Doe"
        assert follow_up.due_at == recorded.follow_up.due_at
        assert follow_up.due_at.tzinfo is UTC


def test_a_vacation_set_before_0006_starts_when_its_member_last_changed(
    book: LedgerBook, engine: Engine
) -> None:
    db.downgrade(engine, "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE members SET vacation_until = :until, updated_at = :changed "
                "WHERE slack_user_id = 'U0DANA'"
            ),
            {"until": "2026-12-31", "changed": datetime(2026, 11, 10, 9, 30, tzinfo=UTC)},
        )
    db.upgrade(engine)
    with book.factory() as session:
        vacations = dict(session.execute(select(Member.slack_user_id, Member.vacation_from)).all())
    assert vacations["U0DANA"] == date(2026, 11, 10)
    assert vacations["U0ERIN"] is None


def test_answers_owed_before_0007_read_answer_about_after_it(
    book: LedgerBook, engine: Engine
) -> None:
    from bot.ledger import record_submission

    recorded = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane Doe"
    )
    db.downgrade(engine, "0006")
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT what FROM follow_ups")) == "respond to Jane Doe"
    db.upgrade(engine)
    with book.factory() as session:
        follow_up = session.get(FollowUp, recorded.follow_up.id)
        assert follow_up is not None
        assert follow_up.what == "answer about Jane Doe"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_naive_timestamps_are_refused(book: LedgerBook) -> None:
    with book.factory() as session:
        member = session.scalars(select(Member)).first()
        assert member is not None
        member.updated_at = datetime(2026, 1, 1)
        with pytest.raises(StatementError, match="naive datetimes"):
            session.flush()


def test_looking_for_work_and_finding_none_takes_no_write_lock(tmp_path: Path) -> None:
    # On SQLite one writer at a time: a worker or courier that took the write lock just to
    # find nothing would make every acknowledgement queue behind it.
    from bot.clock import FrozenClock
    from bot.config import load_settings
    from bot.outbox.dispatch import Dispatch
    from bot.services import intake
    from bot.services.core import Core
    from handlers.render.wording import SlackWording

    url = f"sqlite:///{tmp_path / 'idle.db'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    sessions = db.make_session_factory(engine)
    settings = load_settings(database_url=url)
    clock = FrozenClock(datetime(2026, 11, 23, 10, tzinfo=UTC))
    reads = db.make_session_factory(engine, read_only=True)
    core = Core(sessions, clock, settings, SlackWording(), reads=reads)
    dispatch = Dispatch(sessions, clock, settings, SlackWording(), owner="courier")
    begun: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: begun.append(args[2]))
    event.listen(engine, "begin", lambda connection: begun.append("begin"))

    assert intake.take(core, owner="worker") is None
    assert dispatch.claim() == []

    assert "BEGIN IMMEDIATE" not in begun
    assert begun.count("begin") == 2  # one read each
    engine.dispose()
