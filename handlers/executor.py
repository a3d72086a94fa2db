"""The pool that runs listeners after their ack, and can be drained (shutdown, tests, the demo)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class ListenerPool(ThreadPoolExecutor):
    """A thread pool that knows when every submitted task has finished."""

    def __init__(self, max_workers: int = 8) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="listener")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._idle:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._finished)
        return future

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until no listener is running; False if that took longer than `timeout`."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def _finished(self, _future: Future[Any]) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()
