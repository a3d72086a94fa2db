"""Before a sweep: ask Slack (users.info) for the status of debtors about to be reminded.

The core says who (debtors due by the next sweep whose status is older than
FOLLOWTHROUGH_STATUS_MAX_AGE_HOURS) and applies what Slack answers as an event's user object
would be: an away status holds the reminder through the sweep's own out-of-office path. A
user Slack can't answer about now is left as it is: the reminder goes as it would have.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.errors import TryLater, UserError
from bot.ledger import SlackProfile
from bot.services import members
from handlers.context import Deps
from handlers.people import fetch_profile

log = logging.getLogger(__name__)

MOST_PER_SWEEP = 100  # users.info is Tier 4 (100+ a minute per workspace)


def check_statuses(deps: Deps, now: datetime) -> int:
    """Refresh the statuses the next reminders depend on; how many users Slack was asked about."""
    settings = deps.core.settings
    try:
        stale = members.stale_statuses(
            deps.core,
            now=now,
            horizon=now + timedelta(seconds=settings.sweep_seconds),
            max_age=timedelta(hours=settings.status_max_age_hours),
            limit=MOST_PER_SWEEP,
        )
    except TryLater as err:
        log.warning("could not look for statuses to check: %s", err)
        return 0
    asked = 0
    for team_id, user_ids in stale.items():
        client = deps.clients(team_id)
        if client is None:
            continue
        profiles: list[SlackProfile] = []
        for user_id in user_ids:
            asked += 1
            try:
                profiles.append(fetch_profile(client, user_id))
            except (TryLater, UserError) as err:
                log.info("status of %s in %s not checked: %s", user_id, team_id, err)
        try:
            members.statuses_checked(deps.core, team_id, profiles)
        except TryLater as err:
            log.warning("could not save the statuses checked in %s: %s", team_id, err)
    return asked
