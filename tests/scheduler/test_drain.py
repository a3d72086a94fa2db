"""A drainer is never idle while a step is in hand, whenever it was woken."""

from __future__ import annotations

import threading

from scheduler.drain import Drainer


def test_woken_during_an_empty_look_it_is_busy_in_the_next_step() -> None:
    looking, go_on = threading.Event(), threading.Event()
    working, finish = threading.Event(), threading.Event()
    calls = 0

    def step() -> bool:
        nonlocal calls
        calls += 1
        if calls == 1:  # a look that finds nothing; new work is recorded meanwhile
            looking.set()
            go_on.wait(5)
            return False
        if calls == 2:  # the new work, in hand
            working.set()
            finish.wait(5)
            return True
        return False

    drainer = Drainer("test", step, poll=60).start()
    try:
        assert looking.wait(5)
        drainer.wake()  # as the outbox does when a message is written
        go_on.set()
        assert working.wait(5)
        assert not drainer.idle()  # settle() must keep waiting for this step
        finish.set()
    finally:
        finish.set()
        drainer.stop(timeout=5)
