"""Alembic environment: runs against the engine the caller hands over, or the configured URL."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Engine

from bot.db import make_engine
from bot.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, _context: AutogenContext) -> str | Literal[False]:
    """Write the storage type, not the Python wrapper, so migrations never import the models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine: Engine = config.attributes.get("engine") or make_engine(
        str(config.get_main_option("sqlalchemy.url"))
    )
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations copy and drop tables; SQLite's foreign keys would forbid the drop.
            # The pragma only works outside a transaction, so it goes to the driver directly.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite can only alter tables by copying them
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            connection.commit()
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
