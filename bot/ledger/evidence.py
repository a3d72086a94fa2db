"""Evidence from the partners' own systems (a phone call, an email) kept as a conversation."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from bot.ledger.scope import Scope
from bot.models import Conversation, ConversationKind, Member


def remember_evidence(
    scope: Scope,
    kind: ConversationKind,
    *,
    caller: Member,
    partner: Member,
    note: str,
    source: str,
) -> bool:
    """Record the call or email as a conversation, once per `source` (the provider's id):
    False when that delivery was recorded already (a provider's retry)."""
    try:
        with scope.session.begin_nested():
            scope.session.add(
                Conversation(
                    team_id=scope.team_id,
                    kind=kind,
                    caller_id=caller.id,
                    partner_id=partner.id,
                    note=note,
                    source=source,
                    created_at=scope.now,
                )
            )
            scope.session.flush()
    except IntegrityError:
        return False
    return True
