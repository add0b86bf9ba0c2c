"""Operations on a Neo4j study that span transactions: staged loads and batched deletes.

Each is a (:Load) node (graph.stores.neo4j.loads_cypher says what its states mean, and
graph.stores.neo4j.visibility how reads hide what it has not committed). Its process holds a lease on
it: a `Heartbeat` thread renews it every quarter of the lease while the operation works. When a
process dies, its lease lapses within `lease` seconds, and the next write into the store, or a
read (which then settles it in the background), claims the operation: a staged load is undone,
a flipped one finished, a delete resumed. A live operation makes other writes into its study
refuse with "try again when it is done".
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import neo4j
from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.errors import StoreUnavailable
from graph.stores.neo4j import cypher as cy
from graph.stores.neo4j import loads_cypher as lc

__all__ = ["Loads", "Heartbeat", "Operation", "LEASE", "BATCH"]

LEASE = 20.0  # seconds without a heartbeat after which an operation's process is taken for dead
BATCH = 5000  # rows a transaction when undoing, finishing or deleting in batches

log = logging.getLogger(__name__)


class Heartbeat:
    """Renews the lease of one operation from a thread until closed; `lost` once another
    process has claimed the operation (it found the lease lapsed)."""

    def __init__(self, sessions: Callable[[], neo4j.Session], load: str, owner: str, lease: float) -> None:
        self._sessions, self._load, self._owner = sessions, load, owner
        self._interval = max(lease / 4, 0.01)
        self._stop = threading.Event()
        self.lost = False
        self._thread = threading.Thread(target=self._run, name="themegraph-heartbeat", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                with self._sessions() as session:
                    held = session.run(lc.BEAT, load=self._load, owner=self._owner).single(strict=True)["held"]
            except Exception as exc:  # Neo4j away for a moment: the next beat tries again
                log.debug("heartbeat of %s failed: %s", self._load, type(exc).__name__)
                continue
            if not held:
                self.lost = True
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class Operation:
    """One operation this process holds: its id, study and owner token, and its heartbeat
    (None within the transaction that records it)."""

    def __init__(self, load: str, study: str, owner: str, new_study: bool, kind: str,
                 heartbeat: Heartbeat | None) -> None:
        self.load, self.study, self.owner, self.new_study, self.kind = load, study, owner, new_study, kind
        self.heartbeat = heartbeat

    def params(self) -> dict:
        return {"load": self.load, "owner": self.owner, "study": self.study}

    def hold(self, tx: ManagedTransaction, state: str) -> None:
        """First statement of each of the operation's transactions: raise if another process
        claimed it (its lease had lapsed), and keep anyone from claiming it until `tx` ends."""
        lost = self.heartbeat is not None and self.heartbeat.lost
        if lost or not tx.run(lc.HOLD_LOAD, state=state, **self.params()).single(strict=True)["held"]:
            raise StoreUnavailable(
                f"the operation on study {self.study!r} was taken over by another process, which found its "
                "heartbeat stopped and undid or finished it; run it again")


class Loads:
    """The staged operations of one Neo4j database, for one store object."""

    def __init__(self, sessions: Callable[[], neo4j.Session], translated: Callable[[], AbstractContextManager],
                 lease: float = LEASE, batch: int = BATCH) -> None:
        if lease <= 0:
            raise ValueError("the lease of a staged load must be positive (seconds)")
        self._sessions, self._translated = sessions, translated
        self.lease, self.batch = lease, batch
        self._settling = threading.Lock()
        self._starting = threading.Lock()
        self._background: threading.Thread | None = None

    @contextmanager
    def started(self, study: str, kind: str, state: str, first: Callable[[ManagedTransaction, Operation], None]
                | None = None) -> Iterator[Operation]:
        """Record a new operation on `study` (with `first` run in the same transaction) and
        hold its lease while the block runs; raises StoreUnavailable if one is under way."""
        load = owner = uuid.uuid4().hex

        def start(tx: ManagedTransaction) -> bool:
            new = tx.run(lc.START_LOAD, load=load, study=study, kind=kind, state=state, owner=owner,
                         lease_ms=int(self.lease * 1000)).single(strict=True)["new_study"]
            if first is not None:
                first(tx, Operation(load, study, owner, new, kind, None))
            return new

        try:
            with self._translated(), self._sessions() as session:
                new_study = session.execute_write(start)
        except ConstraintError as exc:
            raise self._busy(study) from exc
        heartbeat = Heartbeat(self._sessions, load, owner, self.lease)
        try:
            yield Operation(load, study, owner, new_study, kind, heartbeat)
        finally:
            heartbeat.close()

    def _busy(self, study: str) -> StoreUnavailable:
        return StoreUnavailable(
            f"study {study!r} is being loaded or deleted by another process; try again when it is done (if that "
            "process stopped, the next read or write undoes or finishes what it did once its last heartbeat is "
            f"older than its lease, THEMEGRAPH_NEO4J_LOAD_LEASE: {LEASE:g} s by default)")

    @contextmanager
    def guarded(self, tx: ManagedTransaction, study: str) -> Iterator[None]:
        """Within a one-transaction write into `study`: refuse if an operation is under way on
        it, and keep one from starting until `tx` ends."""
        token = uuid.uuid4().hex
        if not tx.run(lc.GUARD_STUDY, study=study, token=token).single(strict=True)["free"]:
            raise self._busy(study)
        yield
        tx.run(lc.RELEASE_STUDY, study=study, token=token).consume()

    # ---- settling what a dead process left -------------------------------------------------

    def settle(self, study: str | None) -> None:
        """Undo, finish or resume every operation whose lease lapsed; raise StoreUnavailable if
        a live one is on `study` (None: any study, nothing refused)."""
        with self._settling, self._translated():
            with self._sessions() as session:
                loads = [r["load"] for r in session.run(lc.LOADS)]
            for ld in loads:
                if ld["stale"] and self._claim_and_settle(ld["id"]):
                    continue
                if study is not None and ld["study"] == study:
                    raise self._busy(study)

    def settle_in_background(self) -> None:
        """`settle(None)` in a thread, unless one runs: for reads, which hide what it undoes."""
        with self._starting:
            if self._background is not None and self._background.is_alive():
                return
            self._background = threading.Thread(target=self._settle_quietly, name="themegraph-settle", daemon=True)
            self._background.start()

    def _settle_quietly(self) -> None:
        try:
            self.settle(None)
        except Exception as exc:  # the next read or write tries again
            log.warning("could not settle a stopped load yet (%s)", type(exc).__name__)

    def _claim_and_settle(self, load: str) -> bool:
        owner = uuid.uuid4().hex
        with self._sessions() as session:
            record = session.run(lc.CLAIM_LOAD, load=load, owner=owner, lease_ms=int(self.lease * 1000)).single()
        if record is None:  # renewed meanwhile, or settled by someone else
            return False
        ld = record["load"]
        log.warning("%s %s %s of study %s: its process stopped", "finishing" if ld["state"] == "committed" else
                    "resuming" if ld["kind"] == "delete" else "undoing", ld["kind"], load, ld["study"])
        heartbeat = Heartbeat(self._sessions, load, owner, self.lease)
        op = Operation(load, ld["study"], owner, ld["new_study"], ld["kind"], heartbeat)
        try:
            if ld["state"] == "committed":
                self.finish(op)
            elif ld["kind"] == "delete":
                self.finish_delete(op)
            else:
                self.undo(op)
        finally:
            heartbeat.close()
        return True

    # ---- the ends of an operation ---------------------------------------------------------

    def _run_all(self, statements: list[str], op: Operation) -> None:
        with self._sessions() as session:
            for statement in statements:
                session.run(statement, batch=self.batch, **op.params()).consume()

    def flip(self, op: Operation, before_commit: Callable[[ManagedTransaction], None]) -> None:
        """Make a staged load visible, whole, in one transaction; `before_commit` runs last in it."""

        def work(tx: ManagedTransaction) -> None:
            op.hold(tx, "staging")
            tx.run(lc.FLIP, **op.params()).consume()
            tx.run(cy.NEW_GENERATION).consume()  # answers kept during the load do not show it
            before_commit(tx)

        with self._sessions() as session:
            session.execute_write(work)

    def finish(self, op: Operation) -> None:
        """Remove a committed load's marks (readers see its records either way), then its node."""
        self._run_all(([] if op.new_study else lc.UNMARK_IN_STUDY) + [lc.UNMARK_STUDY, *lc.UNMARK_SHARED, lc.END_LOAD], op)

    def undo(self, op: Operation) -> None:
        """Delete what a staged load wrote (hidden all along), then its node."""
        self._run_all((lc.DELETE_STUDY_BATCHED if op.new_study else lc.UNDO_IN_STUDY) + lc.UNDO_SHARED
                      + lc.UNMARK_SHARED + [lc.END_LOAD], op)

    def finish_delete(self, op: Operation) -> None:
        """Delete a study hidden by a delete operation, in batches, then the operation's node."""
        self._run_all(lc.DELETE_STUDY_BATCHED + lc.UNDO_SHARED + lc.UNMARK_SHARED + lc.DELETE_ORPHANS
                      + [cy.NEW_GENERATION, lc.END_LOAD], op)

