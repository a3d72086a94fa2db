"""What every provider webhook (calls, emails) does before reading its own format: the provider
and the workspace's secret token from the path, and a size-limited body; refusals carry the
HTTP status to answer with (logged in one line, never a traceback)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

log = logging.getLogger(__name__)


class Refused(Exception):
    """A delivery refused with an HTTP status (no traceback, a log line)."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status


def provider_and_token(
    environ: WSGIEnvironment, prefix: str, providers: Collection[str]
) -> tuple[str, str]:
    """`<prefix><provider>/<token>`: a provider we read (404 else) and a token (401 without)."""
    provider, _, token = environ.get("PATH_INFO", "")[len(prefix) :].partition("/")
    if provider not in providers:
        raise Refused(404, "no such provider")
    if not token or "/" in token:
        raise Refused(401, f"no {provider} webhook token in the URL")
    return provider, token


def read_body(environ: WSGIEnvironment, limit: int) -> bytes:
    """The request's body; 413 when it says it is longer than `limit` bytes."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise Refused(413, "body too large")
    return environ["wsgi.input"].read(length) if length > 0 else b""


def webhook_status(kind: str, receive: Callable[[], int]) -> int:
    """The HTTP status for one delivery: `receive`'s, or the refusal's (logged in one line)."""
    try:
        return receive()
    except Refused as refused:
        log.warning("refused %s webhook: %s", kind, refused)
        return refused.status
