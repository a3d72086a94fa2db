"""Test databases: a migrated SQLite file per test, and one PostgreSQL database per run."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot import db
from bot.models import Base

POSTGRES_URL = os.environ.get(
    "FOLLOWTHROUGH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def postgres_unreachable_reason() -> str | None:
    """Why PostgreSQL cannot be used for tests, or None when it can."""
    engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as err:
        return f"PostgreSQL at {POSTGRES_URL} is unreachable: {str(err.orig).splitlines()[0]}"
    finally:
        engine.dispose()
    return None


def require_postgres() -> None:
    """Skip locally when PostgreSQL is down; in CI that is a failure, not a skip."""
    reason = postgres_unreachable_reason()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true requires PostgreSQL: {reason}", pytrace=False)
    pytest.skip(reason)


class SqliteTemplate:
    """Migrate once, copy the file per test: every test starts from a fresh, migrated database."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.db"
        engine = db.make_engine(f"sqlite:///{self.path}")
        db.upgrade(engine)
        with engine.connect() as connection:
            # Outside any transaction: the checkpoint folds the log into the file we copy.
            connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        engine.dispose()

    def fresh_url(self, folder: Path) -> str:
        target = folder / f"ledger-{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"


class PostgresDatabase:
    """A private database for this test run, emptied between tests."""

    def __init__(self, *, revision: str = "head") -> None:
        self.name = f"followthrough_test_{uuid.uuid4().hex[:10]}"
        self._admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(POSTGRES_URL).set(database=self.name).render_as_string(False)
        self.engine = db.make_engine(self.url)
        db.upgrade(self.engine, revision)

    def go_down(self) -> None:
        """Like a database restart: drop every connection and refuse new ones until come_back."""
        with self._admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false'))
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": self.name},
            )

    def come_back(self) -> None:
        """Accept connections again."""
        with self._admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true'))

    def empty(self) -> None:
        tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
        with self.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))

    def drop(self) -> None:
        self.engine.dispose()
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self._admin.dispose()


@contextmanager
def migrated_database(kind: str, *, revision: str = "head") -> Iterator[str]:
    """A fresh, migrated database of either kind, dropped afterwards (benchmarks, load tests)."""
    if kind == "postgresql":
        reason = postgres_unreachable_reason()
        if reason:
            raise SystemExit(reason)
        postgres = PostgresDatabase(revision=revision)
        try:
            yield postgres.url
        finally:
            postgres.drop()
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'ledger.db'}"
        engine = db.make_engine(url)
        db.upgrade(engine, revision)
        engine.dispose()
        yield url


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create a uniquely named empty database (no schema), yield its URL, then drop it."""
    name = f"followthrough_mig_{uuid.uuid4().hex[:10]}"
    admin: Engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
