"""Checks the command line makes before it reads the database."""

from __future__ import annotations

from sqlalchemy import Engine

from bot import db

NO_TABLES = "The database has no Followthrough tables yet; run `followthrough db upgrade` first."


def schema_problem(engine: Engine) -> str | None:
    """Why the database can't be read as this Followthrough reads it (one line), or None."""
    current, head = db.current_revision(engine), db.head_revision(engine)
    if current is None:
        return NO_TABLES
    if current != head:
        return (
            f"The database schema is at revision {current}, but this Followthrough reads "
            f"{head}; run `followthrough db upgrade` first."
        )
    return None
