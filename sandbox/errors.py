"""Errors raised inside the stand-in and the driver."""

from __future__ import annotations

from typing import Any


class SlackError(Exception):
    """A Web API error answered as HTTP 200 with {"ok": false, "error": code}."""

    def __init__(self, code: str, messages: list[str] | None = None, **extra: Any) -> None:
        super().__init__(code if not messages else f"{code}: {'; '.join(messages)}")
        self.code = code
        self.messages = messages or []
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """Return the JSON body Slack would send for this error."""
        body: dict[str, Any] = {"ok": False, "error": self.code, **self.extra}
        if self.messages:
            body["response_metadata"] = {"messages": list(self.messages)}
        return body


class DriverError(Exception):
    """The simulated person cannot do what the test asked (no such button, view, input...)."""
