"""The reads a study's explorer pages start with, run after a write so that Neo4j has planned them.

Neo4j plans a statement the first time it sees it, and plans it again once writes have changed
the graph's statistics enough: 50-500 ms a statement, most of a first read's time
(BENCHMARKS.md). After a write commits, `Warmer` runs these reads in a thread of its own, so
their statements are planned, and their answers kept (`Neo4jStore._answer`), before a person
opens the study. The plans live in the server, so every process reading it gains. A read that
fails here (the study deleted meanwhile, the server gone) is logged and skipped: warming is
never an error.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from graph.cooccurrence import CooccurrenceQuery
from graph.experts import ExpertSummary
from graph.quotes import QuoteQuery
from graph.results import Matrix, MatrixQuery

if TYPE_CHECKING:
    from graph.stores.neo4j.store import Neo4jStore

__all__ = ["Warmed", "Warmer", "first_reads", "warm"]

log = logging.getLogger("themegraph.neo4j")

Read = tuple[str, Callable[[], object]]


def first_reads(store: Neo4jStore, study: str, experts: list[ExpertSummary], matrix: Matrix) -> list[Read]:
    """After the study page's theme tree and experts and the matrix page: the rest of those pages,
    a code's page, an expert's page, and the quote pages the matrix's rows and cells link to, as
    named reads of `study`, their values taken from the study itself (the first row, column, expert)."""
    reads: list[Read] = [("studies", store.studies), ("codebook", partial(store.codebook, study))]
    category = matrix.col_info[0].category if matrix.col_info else None
    reads += [(f"matrix {cols} {measure}{' ' + c if c else ''}",
               partial(store.matrix, MatrixQuery(cols=cols, measure=measure, study=study, category=c)))
              for cols in ("theme", "subtheme") for measure in ("experts", "quotes") for c in dict.fromkeys((None, category))]
    pages: list[dict[str, str]] = [{}]
    if matrix.col_info:
        col = matrix.col_info[0]
        code = {"theme": col.theme, "subtheme": col.name} if col.theme else {"theme": col.name}
        pages += [{"theme": code["theme"]}, code, *([{"category": str(category)}] if category else [])]
    row = next((f for f in matrix.row_filters if f), None)
    if row:
        pages += [{**row, **p} for p in pages]
    reads += [(f"quotes {' '.join(sorted(f)) or 'all'}", partial(_two_pages, store, QuoteQuery(study=study, **f)))
              for f in pages]
    if matrix.col_info:
        word = max(matrix.col_info[0].name.split(), key=len)
        reads.append(("quotes search", partial(store.quotes, QuoteQuery(study=study, q=word))))
    if experts:
        reads += [("expert", partial(store.expert, experts[0].uid)),
                  ("neighbourhood expert", partial(store.neighborhood, experts[0].uid, 2, study=study))]
    if matrix.col_info:
        reads.append(("neighbourhood code", partial(store.neighborhood, matrix.col_info[0].uids[0], study=study)))
    # last: reads whose time is mostly their work, not their planning (seconds at 1M segments)
    reads.append(("themes by profession", partial(store.themes, study, "profession")))
    reads += [(f"co-occurrence {u}", partial(store.cooccurrence, CooccurrenceQuery(unit=u, study=study)))
              for u in ("expert", "quote")]
    return reads


def _two_pages(store: Neo4jStore, query: QuoteQuery) -> None:
    """A quote page and the next: a cursor is a parameter of another type, so another plan."""
    page = store.quotes(query)
    if page.next_cursor:
        store.quotes(query.model_copy(update={"cursor": page.next_cursor}))


@dataclass(frozen=True)
class Warmed:
    """What warming a study did: the reads run, those that failed (with why), how long it took."""

    study: str
    reads: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def warm(store: Neo4jStore, study: str, stopped: Callable[[], bool] = lambda: False) -> Warmed:
    """Run `study`'s first reads in `store`, each on its own, until `stopped()`; none raises."""
    started, done, failed = time.perf_counter(), [], []
    try:  # the study page's reads, which the others take their values from
        store.themes(study)
        experts = store.experts(study)
        matrix = store.matrix(MatrixQuery(study=study))
    except Exception as exc:  # the study itself could not be read (deleted meanwhile, server gone)
        failed.append(f"the study: {type(exc).__name__}")
    else:
        done += ["themes", "experts", "matrix"]
        for name, read in first_reads(store, study, experts, matrix):
            if stopped():
                break
            try:
                read()
                done.append(name)
            except Exception as exc:  # a read that cannot run now is one plan fewer, not an error
                failed.append(f"{name}: {type(exc).__name__}")
    warmed = Warmed(study, done, failed, round(time.perf_counter() - started, 3))
    log.info("planned the first reads of study %s: %d in %.1f s%s", study, len(done), warmed.seconds,
             f"; not run: {', '.join(failed)}" if failed else "")
    return warmed


class Warmer:
    """One thread that warms studies one after the other, each once however often queued: those
    written (`after_write`, which `wait_written` waits for) and those the database holds when a
    server starts (`at_start`, dropped by `stop`)."""

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        self._pending: list[str | Callable[[], list[str]]] = []  # studies, or a function that lists them
        self._written: set[str] = set()  # queued or being warmed after a write
        self._current: str | None = None
        self._stopping = False
        self._idle = threading.Condition()
        self._thread: threading.Thread | None = None
        self.done: deque[Warmed] = deque(maxlen=64)  # the latest, for a server that loads for months

    def after_write(self, study: str) -> None:
        with self._idle:
            if self._queue(study):
                self._written.add(study)

    def at_start(self, studies: Callable[[], list[str]]) -> None:
        """Warm the studies `studies()` lists (called in the thread: a server starts though Neo4j is away)."""
        with self._idle:
            self._queue(studies)

    def _queue(self, item: str | Callable[[], list[str]]) -> bool:
        """Queue `item` (under `_idle`) unless the warmer is stopping; True if queued."""
        if self._stopping:
            return False
        if item not in self._pending:
            self._pending.append(item)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="themegraph-warm", daemon=True)
            self._thread.start()
        return True

    def _run(self) -> None:
        while True:
            with self._idle:
                if self._current is not None:
                    self._written.discard(self._current)
                    self._current = None
                    self._idle.notify_all()
                if not self._pending or self._stopping:
                    self._pending.clear()
                    self._thread = None
                    self._idle.notify_all()
                    return
                item = self._pending.pop(0)
                if isinstance(item, str):
                    self._current = item
            if isinstance(item, str):
                self.done.append(warm(self._store, item, lambda: self._stopping))
                continue
            try:
                studies = item()
            except Exception as exc:  # the server away at start: its first reads are planned when asked
                log.warning("could not list the studies to warm (%s)", type(exc).__name__)
                continue
            with self._idle:
                self._pending += [s for s in studies if s not in self._pending]

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every study queued has been warmed; False if `timeout` seconds passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._thread is None, timeout)

    def wait_written(self, timeout: float | None = None) -> bool:
        """Wait until every study written has been warmed; False if `timeout` seconds passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._written, timeout)

    def stop(self) -> None:
        """Drop what is left; a read under way ends first (the thread is a daemon: an exit does not wait)."""
        with self._idle:
            self._stopping = True
            self._pending.clear()
            self._written.clear()
            self._idle.notify_all()
