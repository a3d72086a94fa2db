"""What every ledger call runs within: a session, a workspace, an instant and the defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import InvalidInput


@dataclass(frozen=True)
class Scope:
    """A unit of ledger work: one session (committed by the caller), one workspace, one `now`,
    and the channel the request came from, when it was a channel (not a DM)."""

    session: Session
    team_id: str
    now: datetime
    settings: Settings
    channel: str | None = None


_FOLLOW_UP_REF = re.compile(r"^(?:f-?|#)?(\d{1,9})$", re.IGNORECASE)
_JOB_REF = re.compile(r"^(?:jo-?|#)?(\d{1,9})$", re.IGNORECASE)


def parse_follow_up_ref(ref: str) -> int:
    """Turn `F-7`, `f7`, `#7` or `7` into 7."""
    match = _FOLLOW_UP_REF.match(ref.strip())
    if not match:
        raise InvalidInput(f"“{ref}” is not a follow-up ref; refs look like F-7 (see `list`).")
    return int(match.group(1))


def parse_job_ref(ref: str) -> int:
    """Turn `JO-12`, `jo12`, `#12` or `12` into 12."""
    match = _JOB_REF.match(ref.strip())
    if not match:
        raise InvalidInput(f"“{ref}” is not a job order ref; refs look like JO-12.")
    return int(match.group(1))
