"""The one way out: every message is written here in the transaction that decided it."""

from bot.outbox.message import Message, ReplyTo
from bot.outbox.postbox import Postbox
from bot.outbox.reach import Place, Reach
from bot.outbox.wording import Wording

__all__ = ["Message", "Place", "Postbox", "Reach", "ReplyTo", "Wording"]
