"""Neo4jStore's writes: one file's chunks in one transaction, or staged past a size.

Up to `tx_quotes` quotes a file is one write transaction of `UNWIND` statements: all of it
lands or none. A larger file would outgrow the server's transaction memory, so it is staged
(graph.stores.neo4j.loads): written one transaction per chunk under a (:Load) node, hidden from every
read until one small transaction flips it visible, and undone if a chunk fails, or by the next
read or write once its process died. A one-transaction write renews the graph's token
(cy.NEW_GENERATION), which drops the answers the store keeps; a staged load renews it when it
flips, not per chunk, since readers do not see its chunks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from neo4j import ManagedTransaction
from neo4j.exceptions import TransientError

from graph.errors import StoreUnavailable
from graph.model import MEMO_TARGETS, GraphBatch
from graph.naming import is_theme_uid, name_key
from graph.results import WriteSummary, WriteTally
from graph.stores.neo4j import cypher as cy
from graph.stores.neo4j import loads_cypher as lc
from graph.stores.neo4j.commit_gate import CommitGate
from graph.stores.neo4j.connection import Connection
from graph.stores.neo4j.loads import Loads, Operation

__all__ = ["Writer", "TX_QUOTES", "vars_of"]

CHUNK = 5000  # rows in one UNWIND statement
TX_QUOTES = 20_000  # larger files are staged: a transaction per chunk (see write_chunks)


class Writer:
    """Neo4jStore's writes of loaded files, over its connection; `gate` holds this process's
    reads back while a commit lands, `loads` runs staged loads, `ensure_schema` is called first."""

    def __init__(self, connection: Connection, gate: CommitGate, loads: Loads, tx_quotes: int,
                 ensure_schema: Callable[[], None]) -> None:
        self._connection, self._gate, self._loads = connection, gate, loads
        self.tx_quotes, self._ensure_schema = tx_quotes, ensure_schema

    def write(self, batch: GraphBatch) -> WriteSummary:
        return self.write_chunks([batch], len(batch.quotes))

    def write_chunks(self, chunks: Iterable[GraphBatch], quotes: int) -> WriteSummary:
        """One file's chunks: in one transaction up to `tx_quotes` quotes; above, staged.

        `chunks` must be re-iterable (a list, or a spill that reads its file again), since a
        transaction the driver retries starts again from the first chunk. Raises
        StoreUnavailable if another process is loading or deleting the same study.
        """
        first = next(iter(chunks), None)
        if first is None:
            return WriteTally().summary()
        self._ensure_schema()
        study = first.study.uid
        self._loads.settle(study)
        if quotes <= self.tx_quotes:
            return self._write_one_transaction(chunks, study)
        return self._write_staged(chunks, study)

    def _write_one_transaction(self, chunks: Iterable[GraphBatch], study: str) -> WriteSummary:
        def work(tx: ManagedTransaction) -> WriteSummary:
            self._gate.open()  # a retry after a failed commit runs its statements with reads let in
            total = WriteTally()
            with self._loads.guarded(tx, study):
                tx.run(cy.NEW_GENERATION).consume()
                for batch in chunks:
                    self._run_batch(tx, batch, _steps(batch, None, None), None)
                    total.add(batch)
            self._gate.close()  # the driver commits next: no read may straddle it
            return total.summary()

        try:
            with self._connection.translated(), self._connection.session() as session:
                return session.execute_write(work)
        finally:
            self._gate.open()

    def _write_staged(self, chunks: Iterable[GraphBatch], study: str) -> WriteSummary:
        """A transaction per chunk under a (:Load) node, hidden from readers until the flip;
        undone if any chunk fails."""
        total = WriteTally()
        with self._connection.translated(), self._loads.started(study, "load", "staging") as op:
            own = None if op.new_study else op.load  # a new study is hidden, and undone, whole
            try:
                with self._connection.session() as session:
                    for batch, steps in _prepared(chunks, op.load, own):
                        session.execute_write(self._write_chunk, op, batch, steps)
                        total.add(batch)
            except BaseException:
                if op.heartbeat is None or not op.heartbeat.lost:
                    try:
                        with self._connection.translated():
                            self._loads.undo(op)
                    except StoreUnavailable:  # the next read or write undoes it, once its lease lapsed
                        logging.getLogger(__name__).warning("could not undo load %s yet", op.load)
                raise
            try:
                self._loads.flip(op, self._gate.close)
            finally:
                self._gate.open()
            self._loads.finish(op)
        return total.summary()

    def _write_chunk(self, tx: ManagedTransaction, op: Operation, batch: GraphBatch, steps: list[Step]) -> None:
        op.hold(tx, "staging")
        self._run_batch(tx, batch, steps, op.load)
        tx.run(lc.BEAT, **op.params()).consume()  # as of this chunk's end, however long it took

    def _run_batch(self, tx: ManagedTransaction, batch: GraphBatch, steps: list[Step], shared: str | None) -> None:
        """One batch's statements (`steps`, from `_steps`) in `tx`; `shared` marks a study it creates."""
        s = batch.study
        tx.run(cy.MERGE_STUDY, uid=s.uid, title=s.title, year=s.year, country=s.country,
               method=s.method, notice=s.notice, load=shared).consume()
        try:
            for query, rows, load in steps:
                for chunk in _chunks(rows):
                    tx.run(query, rows=chunk, load=load).consume()
        except TransientError as exc:
            if "MemoryPoolOutOfMemoryError" not in (exc.code or ""):
                raise
            # Not retried: the same file would fill the same memory again, for minutes.
            raise StoreUnavailable(
                f"Neo4j ran out of transaction memory writing study {s.uid!r} (files up to {self.tx_quotes} "
                "quotes are written in one transaction, THEMEGRAPH_NEO4J_TX_QUOTES); give Neo4j a larger heap "
                "(server.memory.heap.max_size, or NEO4J_DEV_JAVA_OPTS=-Xmx4g for the dev server) or lower "
                "that number"
            ) from exc


Step = tuple[str, list[dict], str | None]  # a statement, its rows, the load id that marks what it creates


def _steps(batch: GraphBatch, shared: str | None, own: str | None) -> list[Step]:
    """The statements of one batch with their rows; `shared` marks the study, professions and
    concepts it creates, `own` everything else (None: no mark)."""
    experts = [
        {"uid": e.uid, "study": e.study, "pseudonym": e.pseudonym, "profession": e.profession,
         "attrs": {f"attr:{k}": v for k, v in e.attributes}}
        for e in batch.experts
    ]
    subthemes = [{**vars_of(x), "key": name_key(x.name)} for x in batch.subthemes]
    return [
        (cy.MERGE_PROFESSIONS, [{"name": p.name, "label": p.label} for p in batch.professions], shared),
        (cy.MERGE_EXPERTS, experts, own),
        (cy.MERGE_SOURCES, [vars_of(x) for x in batch.sources], own),
        (cy.MERGE_THEMES, [{**vars_of(x), "key": name_key(x.name)} for x in batch.themes], own),
        (cy.MERGE_SUBTHEMES, subthemes, own),
        (cy.link_parents("Theme"), [r for r in subthemes if is_theme_uid(r["parent"])], own),
        (cy.link_parents("SubTheme"), [r for r in subthemes if not is_theme_uid(r["parent"])], own),
        (cy.MERGE_QUOTES, [vars_of(x) for x in batch.quotes], own),
        (cy.merge_codings("Theme"), [vars_of(c) for c in batch.codings if is_theme_uid(c.code)], own),
        (cy.merge_codings("SubTheme"), [vars_of(c) for c in batch.codings if not is_theme_uid(c.code)], own),
        (cy.MERGE_CONCEPTS, [vars_of(c) for c in batch.concepts], shared),
        (cy.MERGE_MENTIONS, [vars_of(m) for m in batch.mentions], own),
        (cy.MERGE_CODERS, [vars_of(k) for k in batch.coders], own),
        *((cy.merge_memos(label), [vars_of(m) for m in batch.memos if m.target_label == label], own)
          for label in MEMO_TARGETS),
    ]


def _prepared(chunks: Iterable[GraphBatch], shared: str | None, own: str | None
              ) -> Iterator[tuple[GraphBatch, list[Step]]]:
    """Each chunk with its statements, the next one read and prepared in a thread while the
    current one is written (the writer mostly waits on the server, so the two overlap)."""
    chunk_iter = iter(chunks)

    def prepare() -> tuple[GraphBatch, list[Step]] | None:
        batch = next(chunk_iter, None)
        return None if batch is None else (batch, _steps(batch, shared, own))

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="themegraph-prepare") as pool:
        ahead = pool.submit(prepare)
        while (item := ahead.result()) is not None:
            ahead = pool.submit(prepare)
            yield item


def _chunks(rows: list[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def vars_of(record: Any) -> dict:
    """A slotted dataclass as a dict of driver-friendly values (tuples become lists)."""
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name in record.__slots__
        for value in (getattr(record, name),)
    }
