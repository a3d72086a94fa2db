"""Telling an outage (try again later) from a bug (log it, tell the person, never retry)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError

# Words the drivers use when the server is gone, restarting or refusing connections.
_OUTAGE_WORDS = (
    "connection",
    "could not connect",
    "server closed",
    "terminating",
    "database is locked",
    "the database system is",
    "timeout",
    "timed out",
    "no route",
    "broken pipe",
    "reset by peer",
)


def is_outage(error: BaseException) -> bool:
    """True when `error` means the database could not be reached (worth retrying as is)."""
    if isinstance(error, DisconnectionError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OperationalError | InterfaceError):
        text = str(error.orig if error.orig is not None else error).lower()
        return any(word in text for word in _OUTAGE_WORDS)
    return False
