"""Pacing under Slack's per-channel limit: a user id and the DM it lands in are one channel."""

from __future__ import annotations

from scheduler.pacer import Pacer


class Ticks:
    """A monotonic clock that only moves when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def pacer(ticks: Ticks) -> Pacer:
    return Pacer(rates={}, default_rate=100.0, burst=100.0, monotonic=ticks)


def test_posts_to_a_user_and_to_their_dm_spend_one_bucket_once_known() -> None:
    ticks = Ticks()
    paced = pacer(ticks)
    assert paced.reserve("T1", "chat.postMessage", "U0ERIN") == 0
    paced.same_channel("T1", "U0ERIN", "D0ERIN")  # Slack answered: it went to D0ERIN
    assert paced.reserve("T1", "chat.postMessage", "D0ERIN") == 0  # the burst of 2 is spent
    assert paced.ready_in("T1", "chat.postMessage", "U0ERIN") > 0
    assert paced.ready_in("T1", "chat.postMessage", "D0ERIN") > 0
    ticks.now += 1.2  # about one message a second
    assert paced.ready_in("T1", "chat.postMessage", "U0ERIN") == 0


def test_other_channels_and_workspaces_keep_their_own_buckets() -> None:
    ticks = Ticks()
    paced = pacer(ticks)
    paced.same_channel("T1", "U0ERIN", "D0ERIN")
    for _ in range(2):
        paced.reserve("T1", "chat.postMessage", "D0ERIN")
    assert paced.ready_in("T1", "chat.postMessage", "U0ERIN") > 0
    assert paced.ready_in("T1", "chat.postMessage", "D0DANA") == 0
    assert paced.ready_in("T2", "chat.postMessage", "U0ERIN") == 0
