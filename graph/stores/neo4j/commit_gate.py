"""A readers-writer gate: many reads at once, or one commit alone.

Neo4j reads are read-committed and a commit is applied to its indexes step by step, so a read
transaction running across a commit can count one file's experts but not yet its quotes. In
one process, `Neo4jStore` closes this gate around each commit: reads in flight finish first,
new reads wait the few milliseconds the commit takes. Writers go first once they wait, so a
stream of readers cannot starve a load.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["CommitGate"]


class CommitGate:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer: int | None = None  # thread id of the committer holding the gate
        self._waiting_writers = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writer is not None or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    def close(self) -> None:
        """Wait until no read runs and hold the gate for this thread (again: no-op)."""
        me = threading.get_ident()
        with self._cond:
            if self._writer == me:
                return
            self._waiting_writers += 1
            try:
                while self._writer is not None or self._readers:
                    self._cond.wait()
            finally:
                self._waiting_writers -= 1
            self._writer = me

    def open(self) -> None:
        """Let reads in again, if this thread holds the gate."""
        with self._cond:
            if self._writer == threading.get_ident():
                self._writer = None
                self._cond.notify_all()
