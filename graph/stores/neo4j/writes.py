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
from graph.naming import is_theme_uid, name_key, natural_key
from graph.results import WriteSummary, WriteTally
from graph.stores.neo4j import creates_cypher as cc
from graph.stores.neo4j import cypher as cy
from graph.stores.neo4j import loads_cypher as lc
from graph.stores.neo4j import summaries
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

    def write_chunks(self, chunks: Iterable[GraphBatch], quotes: int, more: bool = False) -> WriteSummary:
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
        summarise = summaries.drop if more else summaries.save
        if quotes <= self.tx_quotes:
            return self._write_one_transaction(chunks, study, summarise)
        return self._write_staged(chunks, study, summarise)

    def _write_one_transaction(self, chunks: Iterable[GraphBatch], study: str,
                               summarise: Callable[[ManagedTransaction, str], None]) -> WriteSummary:
        def work(tx: ManagedTransaction) -> WriteSummary:
            self._gate.open()  # a retry after a failed commit runs its statements with reads let in
            total = WriteTally()
            with self._loads.guarded(tx, study):
                tx.run(cy.NEW_GENERATION).consume()
                new = tx.run(cc.NEW_STUDY, study=study).single(strict=True)["new"]
                created: set[int] | None = set() if new else None  # a retry starts again from nothing
                for batch in chunks:
                    self._run_batch(tx, batch, _steps(batch, None, None, created), None)
                    total.add(batch)
                summarise(tx, study)
            self._gate.close()  # the driver commits next: no read may straddle it
            return total.summary()

        try:
            with self._connection.translated(), self._connection.session() as session:
                return session.execute_write(work)
        finally:
            self._gate.open()

    def _write_staged(self, chunks: Iterable[GraphBatch], study: str,
                      summarise: Callable[[ManagedTransaction, str], None]) -> WriteSummary:
        """A transaction per chunk under a (:Load) node, hidden from readers until the flip;
        undone if any chunk fails."""
        total = WriteTally()
        with self._connection.translated(), self._loads.started(study, "load", "staging") as op:
            own = None if op.new_study else op.load  # a new study is hidden, and undone, whole
            created: set[int] | None = set() if op.new_study else None
            try:
                with self._connection.session() as session:
                    for batch, steps in _prepared(chunks, op.load, own, created):
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
            def last_in_flip(tx: ManagedTransaction) -> None:
                summarise(tx, study)
                self._gate.close()  # the driver commits next: no read may straddle it

            try:
                self._loads.flip(op, last_in_flip)
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
                    tx.run(query, rows=chunk, load=load, study=s.uid).consume()
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


def _steps(batch: GraphBatch, shared: str | None, own: str | None, created: set[int] | None = None) -> list[Step]:
    """The statements of one batch with their rows; `shared` marks the study, professions and
    concepts it creates, `own` everything else (None: no mark). `created`, for a study the
    database did not hold when the write began, holds the hashes of the quotes created so far
    (see `_create_steps`)."""
    experts = [
        {"uid": e.uid, "study": e.study, "pseudonym": e.pseudonym, "sort": natural_key(e.pseudonym),
         "profession": e.profession, "attrs": {f"attr:{k}": v for k, v in e.attributes}}
        for e in batch.experts
    ]
    sources = [{**vars_of(x), "sort": natural_key(x.name)} for x in batch.sources]
    subthemes = [{**vars_of(x), "key": name_key(x.name)} for x in batch.subthemes]
    if created is not None:
        return _create_steps(batch, shared, experts, sources, subthemes, created)
    return [
        (cy.MERGE_PROFESSIONS, [{"name": p.name, "label": p.label} for p in batch.professions], shared),
        (cy.MERGE_EXPERTS, experts, own),
        (cy.MERGE_SOURCES, sources, own),
        (cy.MERGE_THEMES, [{**vars_of(x), "key": name_key(x.name)} for x in batch.themes], own),
        (cy.MERGE_SUBTHEMES, subthemes, own),
        (cy.link_parents("Theme"), [r for r in subthemes if is_theme_uid(r["parent"])], own),
        (cy.link_parents("SubTheme"), [r for r in subthemes if not is_theme_uid(r["parent"])], own),
        (cy.MERGE_QUOTES, [vars_of(x) for x in batch.quotes], own),
        (cy.merge_codings("Theme"), [vars_of(c) for c in batch.codings if is_theme_uid(c.code)], own),
        (cy.merge_codings("SubTheme"), [vars_of(c) for c in batch.codings if not is_theme_uid(c.code)], own),
        (cy.MERGE_CONCEPTS, [vars_of(c) for c in batch.concepts], shared),
        (cy.MERGE_MENTIONS, [vars_of(m) for m in batch.mentions], own),
        *_coder_and_memo_steps(batch, own),
    ]


def _create_steps(batch: GraphBatch, shared: str | None, experts: list[dict], sources: list[dict],
                  subthemes: list[dict], created: set[int]) -> list[Step]:
    """A new study's statements: its experts, sources and codes are new (a file names each in
    one chunk), and so is a quote unless an earlier chunk of this write created it; those are
    created without lookups. A quote seen before, and its codings and mentions, are merged as
    in any load. `created` gets this batch's new quotes (hashes: a collision only sends a new
    quote down the merging path, which writes the same)."""
    fresh: list[dict] = []
    again: list[dict] = []
    fresh_uids: set[str] = set()
    for x in batch.quotes:
        h = hash(x.uid)
        if h in created:
            again.append(vars_of(x))
        else:
            created.add(h)
            fresh_uids.add(x.uid)
            fresh.append(vars_of(x))
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in fresh:
        groups.setdefault((row["expert"], row["source"]), []).append(row)
    by_code: dict[str, list[dict]] = {}
    codings_again = []
    for c in batch.codings:
        if c.quote in fresh_uids:
            by_code.setdefault(c.code, []).append(vars_of(c))
        else:
            codings_again.append(vars_of(c))
    mentions = [vars_of(m) for m in batch.mentions]
    return [
        (cy.MERGE_PROFESSIONS, [{"name": p.name, "label": p.label} for p in batch.professions], shared),
        (cc.CREATE_EXPERTS, experts, None),
        (cc.CREATE_SOURCES, sources, None),
        (cc.CREATE_THEMES, [{**vars_of(x), "key": name_key(x.name)} for x in batch.themes], None),
        (cc.CREATE_SUBTHEMES, subthemes, None),
        (cc.create_parent_links("Theme"), [r for r in subthemes if is_theme_uid(r["parent"])], None),
        (cc.create_parent_links("SubTheme"), [r for r in subthemes if not is_theme_uid(r["parent"])], None),
        (cc.CREATE_QUOTES, [{"expert": e, "source": src, "quotes": rows} for (e, src), rows in groups.items()],
         None),
        (cy.MERGE_QUOTES, again, None),
        (cc.create_codings("Theme"), [{"code": k, "codings": rows} for k, rows in by_code.items() if is_theme_uid(k)],
         None),
        (cc.create_codings("SubTheme"), [{"code": k, "codings": rows} for k, rows in by_code.items()
                                         if not is_theme_uid(k)], None),
        (cy.merge_codings("Theme"), [r for r in codings_again if is_theme_uid(r["code"])], None),
        (cy.merge_codings("SubTheme"), [r for r in codings_again if not is_theme_uid(r["code"])], None),
        (cy.MERGE_CONCEPTS, [vars_of(c) for c in batch.concepts], shared),
        (cc.CREATE_MENTIONS, [r for r in mentions if r["quote"] in fresh_uids], None),
        (cy.MERGE_MENTIONS, [r for r in mentions if r["quote"] not in fresh_uids], None),
        *_coder_and_memo_steps(batch, None),
    ]


def _coder_and_memo_steps(batch: GraphBatch, own: str | None) -> list[Step]:
    """Coders and memos: few per file, merged on either path."""
    return [
        (cy.MERGE_CODERS, [vars_of(k) for k in batch.coders], own),
        *((cy.merge_memos(label), [vars_of(m) for m in batch.memos if m.target_label == label], own)
          for label in MEMO_TARGETS),
    ]


def _prepared(chunks: Iterable[GraphBatch], shared: str | None, own: str | None, created: set[int] | None = None
              ) -> Iterator[tuple[GraphBatch, list[Step]]]:
    """Each chunk with its statements, the next one read and prepared in a thread while the
    current one is written (the writer mostly waits on the server, so the two overlap)."""
    chunk_iter = iter(chunks)

    def prepare() -> tuple[GraphBatch, list[Step]] | None:
        batch = next(chunk_iter, None)
        return None if batch is None else (batch, _steps(batch, shared, own, created))

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
