"""Running a Bolt app against the stand-in over Socket Mode (the websocket-client adapter)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler
from slack_sdk.socket_mode.websocket_client import SocketModeClient

if TYPE_CHECKING:
    from sandbox.standin import SlackStandIn


@contextmanager
def socket_mode_app(
    app: App, slack: SlackStandIn, *, ping_interval: float = 10, timeout: float = 5.0
) -> Iterator[SocketModeHandler]:
    """Connect `app` (its client pointed at the stand-in) until the block ends.

    Waits for the connection to open; on the way out, shuts the client down with shut_down().
    """
    handler = SocketModeHandler(app, slack.app_token, ping_interval=ping_interval)
    before = slack.socket_mode.opened
    handler.client.connect()
    try:
        if not slack.socket_mode.wait_for_opened(before + 1, timeout):
            raise TimeoutError(f"the app opened no Socket Mode connection within {timeout}s")
        yield handler
    finally:
        shut_down(handler.client, slack)


def shut_down(client: SocketModeClient, slack: SlackStandIn) -> None:
    """Close a websocket-client SocketModeClient connected to the stand-in, without waiting.

    Closing from the client's side while its reader thread waits on the same socket can leave
    that thread stuck for websocket-client's ten-second select timeout. So reconnection and the
    client's session loop are stopped first, the stand-in cuts the connection, which wakes the
    reader at once, and once the reader is done close() has nothing left to wait for. (A None
    put on the message queue wakes the message loop, which otherwise polls it every second.)
    """
    client.auto_reconnect_enabled = False
    runner = client.current_session_runner
    runner.event.set()
    slack.socket_mode.drop()
    if runner.thread is not None:
        runner.thread.join(timeout=5)
    client.closed = True
    client.message_queue.put(None)
    client.close()
