"""Engine, sessions and the schema's one road: Alembic migrations."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000
# Connections for the request threads, the workers, the courier and the sweep together.
POOL_SIZE = 10
POOL_OVERFLOW = 10
READ_ONLY = "followthrough_read_only"
# A write someone is waiting on (recording a request before Slack hears our 200): on SQLite it
# goes before the process's background writes (workers, the courier, the sweep).
URGENT = "followthrough_urgent"
BACKGROUND_PATIENCE_S = 1.0  # the longest a background write stands aside for urgent ones
URGENT_RETRY_S = 0.002


class _Turns:
    """Whose turn it is to write, within one process, on one SQLite database.

    SQLite has one writer at a time and a waiting writer polls (sleeping up to 100 ms between
    tries), so under steady background writes an acknowledgement could lose the race for the
    lock again and again. Urgent writers say they are waiting; background writers stand aside
    until none is (at most BACKGROUND_PATIENCE_S), so the urgent one waits for at most the
    write in progress. Other processes still meet SQLite's busy timeout as before.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._urgent = 0

    def urgent(self, begin: Callable[[], None]) -> None:
        with self._changed:
            self._urgent += 1
        try:
            begin()
        finally:
            with self._changed:
                self._urgent -= 1
                self._changed.notify_all()

    def background(self, begin: Callable[[], None]) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._urgent == 0, timeout=BACKGROUND_PATIENCE_S)
        begin()


def make_engine(url: str, **options: Any) -> Engine:
    """Create an engine tuned for the backend: WAL, a busy timeout and write-first on SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        options.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        engine = create_engine(url, **options)
        turns = _Turns()
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", lambda connection: _begin_sqlite(connection, turns))
        return engine
    options.setdefault("pool_pre_ping", True)
    options.setdefault("pool_size", POOL_SIZE)
    options.setdefault("max_overflow", POOL_OVERFLOW)
    return create_engine(url, **options)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # The driver would open transactions lazily, before its first write; we begin them ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite(connection: Connection, turns: _Turns) -> None:
    # A transaction that reads and then writes would fail at once ("database is locked") when
    # another writer committed in between; taking the write lock at BEGIN makes it wait instead.
    options = connection.get_execution_options()
    if options.get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
        return

    def begin() -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    if options.get(URGENT):
        turns.urgent(lambda: _begin_eagerly(connection))
    else:
        turns.background(begin)


def _begin_eagerly(connection: Connection) -> None:
    """BEGIN IMMEDIATE, trying again every few milliseconds rather than SQLite's own backoff
    (which sleeps up to 100 ms a try and so loses the lock to writers of other processes that
    write back to back), for as long as the busy timeout."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    connection.exec_driver_sql("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
            time.sleep(URGENT_RETRY_S)
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def peek(sessions: sessionmaker[Session]) -> Session:
    """A session of `sessions` that only reads: on SQLite it never takes the write lock, so a
    worker or courier looking for work does not make an acknowledgement wait behind it."""
    session = sessions()
    session.connection(execution_options={READ_ONLY: True})
    return session


def one_at_a_time(session: Session, *names: str) -> None:
    """Until this transaction ends, let only it work on what `names` name: a check-then-write
    (is this candidate already submitted?) then sees every write of the same names before it.

    PostgreSQL takes a transaction-scoped advisory lock per name (in one order, so two callers
    never wait on each other crosswise); SQLite needs nothing, its writers already take turns.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in sorted(set(names)):
        key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def make_session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions that keep loaded values readable after commit (read-only ones never lock)."""
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    return sessionmaker(bind, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(files("bot") / "migrations"))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (the only way tables are made)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Step the schema back to `revision`."""
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    with engine.connect() as connection:
        connection.execution_options(**{READ_ONLY: True})  # never waits for a writer
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """The newest revision shipped with this version of Followthrough."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
