"""Migration 0011 builds slack_sdk's installation and OAuth state tables exactly as the stores
declare them: an upgrade of slack_sdk that changes them fails here, and asks for a migration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, inspect

from bot import db
from tests.databases import fresh_postgres_database, require_postgres

SLACK_TABLES = {"slack_installations", "slack_bots", "slack_oauth_states"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def migrated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a database brought to head by the migrations alone."""
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
        db.upgrade(engine)
        yield engine
        engine.dispose()
        return
    require_postgres()
    with fresh_postgres_database() as url:
        engine = db.make_engine(url)
        db.upgrade(engine)
        yield engine
        engine.dispose()


def stores_metadata(engine: Engine) -> MetaData:
    """The tables slack_sdk's own stores declare, in one metadata."""
    metadata = MetaData()
    installations = SQLAlchemyInstallationStore(client_id="1.2", engine=engine)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine)
    for table in [*installations.metadata.tables.values(), *states.metadata.tables.values()]:
        table.to_metadata(metadata)
    return metadata


def test_the_migrated_tables_are_the_stores_own(migrated: Engine) -> None:
    metadata = stores_metadata(migrated)
    assert set(metadata.tables) == SLACK_TABLES
    with migrated.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        drift = [
            change
            for change in compare_metadata(context, metadata)
            if not _other_table(change)  # the ledger's tables are compared in test_storage
        ]
    assert drift == []


def test_the_indexes_are_the_stores_own(migrated: Engine) -> None:
    metadata = stores_metadata(migrated)
    found = inspect(migrated)
    for name in SLACK_TABLES:
        indexes = metadata.tables[name].indexes
        declared = {(i.name, tuple(c.name for c in i.columns)) for i in indexes}
        made = {(i["name"], tuple(i["column_names"])) for i in found.get_indexes(name)}
        assert made == declared, name


def test_the_stores_work_on_the_migrated_tables(migrated: Engine) -> None:
    states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=migrated)
    state = states.issue()
    assert states.consume(state)
    assert not states.consume(state)  # a state works once


def _other_table(change: object) -> bool:
    """A change about a table slack_sdk does not own (the ledger's)."""
    if isinstance(change, list):
        return all(_other_table(item) for item in change)
    assert isinstance(change, tuple)
    for part in change[1:]:
        table = getattr(part, "table", part)
        name = getattr(table, "name", None) if not isinstance(table, str) else table
        if isinstance(name, str):
            return name not in SLACK_TABLES
    return False
