"""A bound on heavy requests (suggestions, briefs) computed at once, and the answers kept for them.

The work runs in FastAPI's worker threads, off the event loop; a few at a time, so that
/health and cheap reads stay fast while they run. A request past the bound waits a moment,
then gets 503 with Retry-After. Computed answers are kept per graph version (GraphStore.version),
like the stores keep theirs, so a brief asked twice is computed once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from graph.errors import Busy

__all__ = ["HeavyWork"]

T = TypeVar("T")
WAIT = 2.0  # seconds a heavy request waits for a free slot before it is told to come back
KEPT = 32  # answers kept


class HeavyWork:
    def __init__(self, at_once: int) -> None:
        self._slots = threading.BoundedSemaphore(at_once)
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, what: str) -> Iterator[None]:
        """Hold one of the slots while the block runs; Busy when none frees up within WAIT s."""
        if not self._slots.acquire(timeout=WAIT):
            raise Busy(f"the server is computing as many {what} requests as it allows "
                       "(THEMEGRAPH_HEAVY_REQUESTS); try again in a few seconds")
        try:
            yield
        finally:
            self._slots.release()

    def kept(self, key: Hashable, what: str, compute: Callable[[], T]) -> T:
        """The answer kept under `key` (which must hold the graph's version), or `compute`d in a slot."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        with self.slot(what):
            answer = compute()
        with self._lock:
            self._kept[key] = answer
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return answer
