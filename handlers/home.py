"""The App Home tab: what I owe, what is owed to me, my scorecard."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import ledger
from handlers.render.ledger_views import home_view
from handlers.services import Services


def publish_home(services: Services, client: WebClient, team_id: str, user_id: str) -> None:
    """Render and publish one member's Home tab."""
    services.know(client, team_id, user_id)
    with services.scope(team_id) as scope:
        reader = ledger.get_member(scope, user_id)
        owed = ledger.owed_by(scope, user_id)
        owed_to_me = ledger.owed_to(scope, user_id)
        card = ledger.scorecard(scope, user_id)
        view = home_view(owed, owed_to_me, card, reader, scope.now)
    client.views_publish(user_id=user_id, view=view)
