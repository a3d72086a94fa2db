"""The core's services: each call is one transaction that also records the messages it implies."""

from bot.services.core import Core, Origin, Unit

__all__ = ["Core", "Origin", "Unit"]
