"""Neo4jStore: the production store, over the official neo4j driver.

Schema (constraints and indexes) is created on first use, so a server that starts before
Neo4j is up still answers /health. Files are written by a `Writer` (writes.py: a file is one
transaction, or staged past a size); reads run here as read transactions with a server-side
timeout, over the connection (connection.py: sessions, retries, driver errors translated).

Consistency: a read sees every study as before or after a write, never between. Neo4j reads are
read-committed, so a read spanning a commit could see part of it: in one process, commits wait
for the reads in flight and hold new ones back until applied (`graph.stores.neo4j.commit_gate`); from any
process, a read reads the graph's state before and after its statements and runs again if it
changed (`graph.stores.neo4j.visibility`), and staged loads and large deletes stay hidden until whole.

Answers are kept per graph generation: every write that changes what readers see sets a new
random token on one (:Generation) node, and a read whose token matches reuses the answer
computed under it, from whichever process the writes came.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from neo4j import ManagedTransaction, Session, unit_of_work

from graph.agreement.spans import CodedSpan, SourceLength, StudySpans
from graph.codebook import Codebook
from graph.concepts import CODE_SPLITS, ConceptCount, assemble_concepts
from graph.cooccurrence import Cooccurrence, CooccurrenceQuery
from graph.errors import StoreUnavailable
from graph.experts import ExpertProfile, ExpertSummary
from graph.matrix import ColumnFacts, MatrixCounts, assemble_matrix, check_matrix_rows, check_row_attribute
from graph.model import GraphBatch, SubTheme, Theme
from graph.naming import code_key, is_theme_uid, natural_key, natural_order
from graph.neighborhood import Subgraph, walk
from graph.quotes import QuotePage, QuoteQuery
from graph.results import (
    MATRIX_ROWS,
    CodeCount,
    GraphDump,
    Matrix,
    MatrixQuery,
    Stats,
    StudySummary,
    ThemeNode,
    WriteSummary,
)
from graph.saturation import Saturation
from graph.stores.neo4j import cypher as cy
from graph.stores.neo4j import loads_cypher as lc
from graph.stores.neo4j import reads, summaries
from graph.stores.neo4j import rigour_cypher as sc
from graph.stores.neo4j.commit_gate import CommitGate
from graph.stores.neo4j.connection import Connection
from graph.stores.neo4j.loads import BATCH, LEASE, Loads, Operation
from graph.stores.neo4j.visibility import View, ViewTx, read_view
from graph.stores.neo4j.warm import Warmed, Warmer
from graph.stores.neo4j.writes import TX_QUOTES, Writer
from graph.stores.write_rules import EntryId
from graph.studies import no_study
from graph.theme_tree import build_theme_tree

__all__ = ["Neo4jStore"]

T = TypeVar("T")
MEMO_SIZE = 256  # answers kept (graph.stores.neo4j.store.Neo4jStore._read)
READ_ATTEMPTS = 4  # a read whose graph changed while it ran is run again, this many times in all
WARM_WAIT = 60.0  # seconds `close` waits for the warming of the studies written to end

class Neo4jStore:
    name = "neo4j"

    def __init__(self, uri: str, auth: tuple[str, str] | None = None, database: str | None = None,
                 read_timeout: float = 30.0, connect_timeout: float = 5.0, read_retry_time: float = 1.0,
                 write_retry_time: float = 10.0, tx_quotes: int = TX_QUOTES,
                 stale_load_after: float = LEASE, delete_batch: int = BATCH, warm: bool = False) -> None:
        """`tx_quotes`: files with more quotes are staged (a transaction per chunk);
        `stale_load_after`: seconds without a heartbeat after which a staged load or delete of
        this store's is taken for dead by other processes (it beats every quarter of that);
        `delete_batch`: rows a transaction when deleting, undoing or finishing in batches;
        `warm`: after each write, run the written study's first reads in the background
        (graph.stores.neo4j.warm), so that a person's first read finds them planned."""
        self._connection = Connection(uri, auth, database, read_timeout, connect_timeout, read_retry_time,
                                      write_retry_time)
        self._schema_ready = False
        self._gate = CommitGate()
        self._memo: OrderedDict[tuple, tuple[str, Any]] = OrderedDict()
        self._memo_lock = threading.Lock()
        self._loads = Loads(self._connection.session, self._connection.translated, stale_load_after, delete_batch)
        self._writer = Writer(self._connection, self._gate, self._loads, tx_quotes, self._ensure_schema)
        self._warmer = Warmer(self) if warm else None

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._connection.translated(), self._connection.session() as session:
            for statement in (*cy.SCHEMA, *lc.LOAD_SCHEMA):
                session.run(statement).consume()
            if _add_sort_keys(session):
                session.run(cy.NEW_GENERATION).consume()  # answers kept elsewhere sorted without them
        self._schema_ready = True

    def _read(self, work: Callable[[ViewTx], T], key: tuple | None = None,
              study: str | tuple[str, ...] | None = None, timed: bool = True) -> T:
        """`work`'s answer, computed in a read transaction that sees the graph as `View` says.

        `timed`: bounded by the read timeout (THEMEGRAPH_READ_TIMEOUT), as every read a person waits
        for is; a load's own reads are part of the load and, like its writes, are not.

        With a `key`, the answer is kept until a write changes what readers see (cy.GENERATION):
        a kept answer costs one small query. `study` (or each of several), when given, must exist (NotFound).
        """
        self._ensure_schema()

        def attempt(tx: ManagedTransaction) -> tuple[Any, View]:
            view = read_view(tx)
            if key is not None and view.token is not None:
                with self._memo_lock:
                    hit = self._memo.get(key)
                    if hit is not None and hit[0] == view.token:
                        self._memo.move_to_end(key)
                        return hit[1], view
            seen = ViewTx(tx, view)
            for one in (study,) if isinstance(study, str) else study or ():
                if not seen.run(cy.STUDY_EXISTS, study=one).single(strict=True)["n"]:
                    raise no_study(one)
            answer = work(seen)
            if read_view(tx) != view:  # a write committed meanwhile: the answer may mix two states
                return _CHANGED, view
            if key is not None and view.token is not None:
                with self._memo_lock:
                    self._memo[key] = (view.token, answer)
                    while len(self._memo) > MEMO_SIZE:
                        self._memo.popitem(last=False)
            return answer, view

        bounded = unit_of_work(timeout=self._connection.read_timeout)(attempt) if timed else attempt
        for _ in range(READ_ATTEMPTS):
            with self._gate.reading(), self._connection.translated(), self._connection.session(read=True) as session:
                answer, view = session.execute_read(bounded)
            if view.stale:  # a staged load or delete whose process died: hidden now, settled soon
                self._loads.settle_in_background()
            if answer is not _CHANGED:
                return answer
        raise StoreUnavailable(f"the graph changed {READ_ATTEMPTS} times while this was being read (loads "
                               "from another process); try again in a few seconds")

    def _answer(self, key: tuple, work: Callable[[ViewTx], T], study: str | tuple[str, ...] | None = None) -> T:
        """`work`'s answer, kept until a write changes what readers see (see `_read`)."""
        return self._read(work, key, study)

    def _rows(self, query: str, **params: Any) -> list[dict]:
        return self._read(lambda tx: reads.records(tx, query, **params))

    def ping(self) -> None:
        self._connection.verify()
        self._rows(cy.PING)

    def version(self) -> str:
        return f"neo4j:{self._read(lambda tx: tx.view.token)}"

    def close(self) -> None:
        if self._warmer is not None:  # a load's warming is finished, a server's start-up warming dropped
            self._warmer.wait_written(WARM_WAIT)
            self._warmer.stop()
        self._connection.close()

    def warm_stored(self) -> None:
        """Warm the first reads of every study the database holds, in the background: what a
        server does when it starts, since Neo4j's plans do not outlive a restart of Neo4j."""
        if self._warmer is not None:
            self._warmer.at_start(lambda: [s.uid for s in self.studies()])

    def warmed(self, timeout: float | None = None) -> list[Warmed]:
        """Wait for the warming queued (at most `timeout` seconds); what it did so far."""
        if self._warmer is None:
            return []
        self._warmer.wait(timeout)
        return list(self._warmer.done)

    # ---- writes ------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> WriteSummary:
        return self.write_chunks([batch], len(batch.quotes))

    def write_chunks(self, chunks: Iterable[GraphBatch], quotes: int, more: bool = False) -> WriteSummary:
        summary = self._writer.write_chunks(chunks, quotes, more)
        first = next(iter(chunks), None)
        if self._warmer is not None and not more and first is not None:
            self._warmer.after_write(first.study.uid)
        return summary

    def delete_study(self, study: str) -> None:
        """Remove a study in batches (any size fits the server's transaction memory), hidden
        from readers from the first batch; a delete whose process died is resumed by the next
        read or write. Raises NotFound, or StoreUnavailable if the study is being loaded."""
        self._require_study(study)
        self._ensure_schema()

        def hide(tx: ManagedTransaction, op: Operation) -> None:
            for statement in lc.MARK_DELETED_SHARED:
                tx.run(statement, **op.params()).consume()
            tx.run(cy.NEW_GENERATION).consume()
            self._gate.close()  # the study disappears at this commit: no read may straddle it

        with self._connection.translated():
            self._loads.settle(study)
            try:
                with self._loads.started(study, "delete", "deleting", first=hide) as op:
                    self._gate.open()
                    self._loads.finish_delete(op)
            finally:
                self._gate.open()

    def clear(self) -> None:
        self._ensure_schema()
        self._gate.close()  # a reset spans transactions: reads wait for all of it
        try:
            with self._connection.translated(), self._connection.session() as session:
                for statement in cy.CLEAR:
                    session.run(statement).consume()
        finally:
            self._gate.open()

    # ---- reads -------------------------------------------------------------------------

    def _require_study(self, study: str | None) -> None:
        if study is not None and not self._rows(cy.STUDY_EXISTS, study=study)[0]["n"]:
            raise no_study(study)

    def codebook(self, study: str) -> Codebook:
        themes = [Theme(study=study, **r) for r in self._rows(cy.CODEBOOK_THEMES, study=study)]
        subthemes = [SubTheme(study=study, **r) for r in self._rows(cy.CODEBOOK_SUBTHEMES, study=study)]
        return Codebook(study, tuple(themes), tuple(subthemes))

    def studies(self) -> list[StudySummary]:
        return sorted((StudySummary(**r) for r in self._rows(cy.STUDIES)), key=lambda s: natural_order(s.uid))

    def themes(self, study: str | None = None, by: str | None = None) -> list[ThemeNode]:
        def work(tx: ViewTx) -> list[ThemeNode]:
            codes = [CodeCount(**r) for r in summaries.code_counts(tx, study)]
            if by is None:
                return build_theme_tree(codes)
            check_row_attribute(by, sorted(r["name"] for r in reads.records(tx, cy.MATRIX_ATTRIBUTES, studies=[study] if study else None)), "by")
            kept = summaries.code_breakdown(tx, study, by) if study else None
            if kept is not None:
                return build_theme_tree(codes, kept)
            rows = reads.records(tx, cy.CODE_BREAKDOWN, study=study, rows=by)
            return build_theme_tree(codes, [(r["uid"], r["raw"], r["label"], r["experts"], r["quotes"]) for r in rows])

        return self._answer(("themes", study, by), work, study)

    def quotes(self, query: QuoteQuery) -> QuotePage:
        return self._answer(("quotes", query), lambda tx: reads.quotes(tx, query, summaries.quote_total), query.study)

    def experts(self, study: str | None = None, profession: str | None = None) -> list[ExpertSummary]:
        return self._answer(("experts", study, profession), lambda tx: reads.experts(tx, study, profession), study)

    def expert(self, uid: str) -> ExpertProfile:
        return self._answer(("expert", uid), lambda tx: reads.expert_profile(tx, uid))

    def cooccurrence(self, query: CooccurrenceQuery) -> Cooccurrence:
        return self._answer(("cooccurrence", query), lambda tx: reads.cooccurrence(tx, query), query.study)

    def neighborhood(self, uid: str, depth: int = 1, limit: int = 200, study: str | None = None) -> Subgraph:
        return self._answer(("neighborhood", uid, depth, limit, study),
                            lambda tx: walk(reads.Neo4jNodes(tx), uid, depth, limit, study))

    def concepts(self, study: str | None = None, by: str | None = None) -> list[ConceptCount]:
        def work(tx: ViewTx) -> list[ConceptCount]:
            if by is not None and by not in CODE_SPLITS:
                check_row_attribute(by, sorted(r["name"] for r in reads.records(tx, cy.MATRIX_ATTRIBUTES, studies=[study] if study else None)), "by")
            totals = reads.records(tx, cy.CONCEPT_TOTALS, study=study)
            if by is None:
                return assemble_concepts(totals, None)
            query = cy.concepts_by_code(by) if by in CODE_SPLITS else cy.CONCEPTS_BY_ROW
            rows = reads.records(tx, query, study=study, rows=by)
            return assemble_concepts(totals, [(r["key"], r["raw"], r["label"], r["experts"], r["quotes"])
                                              for r in rows])

        return self._answer(("concepts", study, by), work, study)

    def saturation(self, study: str | None = None, level: str = "subtheme") -> Saturation:
        return self._answer(("saturation", study, level), lambda tx: reads.saturation(tx, study, level), study)

    def matrix(self, query: MatrixQuery) -> Matrix:
        scope = query.scope()
        params = {"studies": list(scope) if scope else None, "rows": query.rows, "category": query.category,
                  "theme": code_key(query.theme) if query.theme else None}
        measure = query.measure

        def work(tx: ViewTx) -> MatrixCounts:
            def rows(q: str, **extra: Any) -> list[dict]:
                return reads.records(tx, q, **{**params, **extra})

            population = rows(cy.MATRIX_POPULATION)
            if query.rows not in MATRIX_ROWS and all(r["raw"] is None for r in population):
                # No expert in scope has the attribute: the answer is an error naming those they have.
                check_matrix_rows(query.rows, sorted(r["name"] for r in rows(cy.MATRIX_ATTRIBUTES)))
            column_query = cy.MATRIX_SUBTHEME_COLUMNS if query.cols == "subtheme" else cy.MATRIX_THEME_COLUMNS
            columns = [ColumnFacts(**r) for r in rows(column_query)]
            kept = (summaries.matrix_counts(tx, query.study, query.cols, query.rows, query.category,
                                            {c.uid for c in columns})
                    if query.study is not None and scope == (query.study,) and query.theme is None else None)
            counts = kept if kept is not None else rows(
                cy.MATRIX_COUNTS, theme_uids=[c.uid for c in columns if is_theme_uid(c.uid)],
                subtheme_uids=[c.uid for c in columns if not is_theme_uid(c.uid)])
            cells = {(r["raw"], r["col"]): r[measure] for r in counts if r["col"] is not None}
            # Column totals and the quote total are sums over rows: every expert, and so every
            # quote, falls in exactly one row. Row totals are not: a quote can be in two columns.
            col_totals: dict[str, int] = {}
            for (_, col), n in cells.items():
                col_totals[col] = col_totals.get(col, 0) + n
            return MatrixCounts(
                population={r["raw"]: r["n"] for r in population},
                row_labels={r["raw"]: r["label"] for r in population if r["label"] is not None},
                columns=columns,
                cells=cells,
                row_totals={r["raw"]: r[measure] for r in counts if r["col"] is None},
                col_totals=col_totals,
                n_quotes=sum(r["quotes"] for r in counts if r["col"] is None),
                shape=reads.level_shape(tx, query.cols, params),
            )

        return self._answer(("matrix", query), lambda tx: assemble_matrix(query, work(tx)), scope)

    def stats(self, study: str | None = None) -> Stats:
        return self._answer(("stats", study), lambda tx: Stats(**reads.records(tx, cy.STATS, study=study)[0]), study)

    def coded_spans(self, study: str) -> StudySpans:
        def work(tx: ViewTx) -> StudySpans:
            return StudySpans(
                study=study,
                sources=[SourceLength(**r) for r in reads.records(tx, sc.SPAN_SOURCES, study=study)],
                coders=[r["name"] for r in reads.records(tx, sc.SPAN_CODERS, study=study)],
                spans=[CodedSpan(**r) for r in reads.records(tx, sc.SPANS, study=study)],
            )

        return self._answer(("coded_spans", study), work, study)

    def stored(self, ids: list[EntryId]) -> dict[EntryId, dict]:
        return self._read(lambda tx: reads.stored(tx, ids), timed=False)

    def dump(self) -> GraphDump:
        def work(tx: ViewTx) -> GraphDump:
            nodes = [(_node_id(r["labels"], r["props"]), reads.model_props(r["props"]))
                     for r in tx.run(cy.DUMP_NODES, labels=cy.MODEL_LABELS)]
            edges = [(_node_id(r["a_labels"], r["a"]), r["type"], _node_id(r["b_labels"], r["b"]),
                      reads.model_props(r["props"])) for r in tx.run(cy.DUMP_EDGES, labels=cy.MODEL_LABELS)]
            return GraphDump(nodes=sorted(nodes, key=lambda x: x[0]), edges=sorted(edges, key=lambda e: e[:3]))

        return self._read(work)


def _add_sort_keys(session: Session, batch: int = 10_000) -> bool:
    """Give the experts and sources stored before `_sort` was written their key, once for the
    graph; whether any lacked it."""
    if session.run(cy.SORT_KEYS_DONE).single(strict=True)["done"]:
        return False
    added = False
    for label, name in cy.SORTED_LABELS.items():
        while rows := session.run(cy.MISSING_SORT_KEYS.format(label=label, name=name), batch=batch).data():
            session.run(cy.SET_SORT_KEYS.format(label=label),
                        rows=[{"uid": r["uid"], "sort": natural_key(r["name"] or "")} for r in rows]).consume()
            added = True
    session.run(cy.MARK_SORT_KEYS_DONE).consume()
    return added


_CHANGED = object()  # a read whose graph changed while it ran (Neo4jStore._read)


def _node_id(labels: list[str], props: dict) -> str:
    label = next(lbl for lbl in labels if lbl in cy.MODEL_LABELS)
    return f"{label}|{props.get('uid') or props.get('name')}"
