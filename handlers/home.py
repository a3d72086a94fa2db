"""The App Home tab: what I owe, what is owed to me, my scorecard, my open deals."""

from __future__ import annotations

from typing import Any

from bot.ledger.pipeline import open_deals
from bot.services import Origin
from bot.services.reading import look, standing
from handlers.context import Deps
from handlers.people import meet
from handlers.render.ledger_views import home_view


def publish_home(deps: Deps, origin: Origin) -> None:
    """Render a member's Home tab from the ledger and publish it (completes the request)."""
    user_id = origin.user_id or ""
    meet(deps, origin.team_id, [user_id])

    def view(unit: Any) -> dict[str, Any]:
        mine = standing(unit.scope, user_id)
        deals = open_deals(unit.scope, user_id)
        return home_view(
            mine.owed, mine.owed_to_me, mine.card, mine.reader, unit.scope.now, deals=deals
        )

    published = look(deps.core, origin, view)
    if published is not None:
        deps.client(origin.team_id).views_publish(user_id=user_id, view=published)
