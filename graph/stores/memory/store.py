"""MemoryStore: the embedded default, a networkx MultiDiGraph saved as one JSON file.
(Held compactly and changed only through `graph.stores.memory.records`.)

Node ids are "Label|key"; edge keys are the relationship type, so writing the same edge
twice leaves one. Writes are copy-on-write: a reader holds the graph it started with, a
write builds the next graph, saves it with write-then-rename and only then swaps it in.
Several processes share the file: writers take a file lock, readers reload when the file
on disk is newer than what they hold.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import networkx as nx
from filelock import FileLock, Timeout

from graph.agreement.spans import StudySpans
from graph.codebook import Codebook
from graph.concepts import ConceptCount
from graph.cooccurrence import Cooccurrence, CooccurrenceQuery
from graph.errors import StoreUnavailable
from graph.experts import ExpertProfile, ExpertSummary
from graph.matrix import assemble_matrix, check_matrix_rows, check_row_attribute
from graph.model import GraphBatch
from graph.neighborhood import Subgraph, walk
from graph.quotes import QuotePage, QuoteQuery
from graph.results import (
    GraphDump,
    Matrix,
    MatrixQuery,
    Stats,
    StudySummary,
    ThemeNode,
    WriteSummary,
    WriteTally,
)
from graph.saturation import Saturation
from graph.stores.memory import explore as mx
from graph.stores.memory import queries as mq
from graph.stores.memory.index import GraphIndex
from graph.stores.memory.persist import read_graph, write_graph
from graph.stores.memory.queries import nid as _nid
from graph.stores.memory.records import Shared, copy_graph
from graph.stores.memory.spans import coded_spans
from graph.stores.memory.writes import apply_batch
from graph.stores.write_rules import EntryId
from graph.studies import no_study
from graph.theme_tree import build_theme_tree

__all__ = ["MemoryStore"]

T = TypeVar("T")
MEMO_SIZE = 512  # answers kept per graph version
FILE_NAME = "graph.json"
FORMAT = "themegraph-memory-store"
VERSION = 2  # 1: the same document on one line (read whole)


# Nodes of a graph read from its file past which the open ends with a full collection; under it
# the collection costs each open more (a small store is opened once a command) than it saves.
COLLECT_AFTER_READING = 100_000


class MemoryStore:
    name = "memory"

    def __init__(self, data_dir: Path, lock_timeout: float = 60.0) -> None:
        self._dir = Path(data_dir)
        self._path = self._dir / FILE_NAME
        self._file_lock = FileLock(str(self._path) + ".lock", timeout=lock_timeout)
        self._write_lock = threading.Lock()
        self._graph = nx.MultiDiGraph()
        self._stamp: tuple[int, int] | None = None
        self._memo: tuple[GraphIndex | None, dict] = (None, {})
        self._sweep_temporary_files()
        self._fresh()

    # ---- persistence -------------------------------------------------------------------

    def _disk_stamp(self) -> tuple[int, int] | None:
        try:
            st = self._path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:  # the data folder is a file, or cannot be searched
            raise StoreUnavailable(f"cannot open the embedded store in {self._dir} ({exc.strerror or exc}); "
                                   "choose a folder with --data-dir (THEMEGRAPH_DATA_DIR)") from None
        return (st.st_mtime_ns, st.st_size)

    def _fresh(self) -> nx.MultiDiGraph:
        """The newest saved graph: reloaded when another process (or writer) replaced the file."""
        stamp = self._disk_stamp()
        if stamp != self._stamp:
            self._install(self._read() if stamp else nx.MultiDiGraph())
            self._stamp = stamp
            if stamp and self._graph.number_of_nodes() >= COLLECT_AFTER_READING:
                # One full collection now, with the file: the graph was read with the collector paused,
                # and its first full pass over it (~4 s at 1M segments) fell on whichever read came first.
                gc.collect()
        return self._graph

    def _install(self, graph: nx.MultiDiGraph) -> None:
        """Hold `graph` with a new index whose word index is built now, so that no search waits for it."""
        index = GraphIndex(graph)
        index.tokens  # noqa: B018  (a cached property: built here)
        self._graph = graph
        self._memo = (index, {})

    def _read(self) -> nx.MultiDiGraph:
        try:
            with open(self._path, encoding="utf-8") as fh:
                return read_graph(fh, FORMAT)
        except (OSError, ValueError) as exc:
            raise StoreUnavailable(
                f"{self._path}: cannot read the embedded store ({exc}); "
                "restore it from a backup or remove it with `themegraph reset --yes`"
            ) from exc

    def _sweep_temporary_files(self) -> None:
        """Remove what a writer killed mid-save left: `.graph.json.<pid>.tmp` of a process that is gone."""
        for tmp in self._dir.glob(f".{FILE_NAME}.*.tmp") if self._dir.is_dir() else ():
            pid = tmp.name.split(".")[-2]
            if pid.isdigit() and not _running(int(pid)):
                tmp.unlink(missing_ok=True)

    def _unwritable(self, exc: OSError) -> StoreUnavailable:
        return StoreUnavailable(f"cannot write the embedded store in {self._dir} ({exc.strerror or exc}); nothing "
                                "was changed: free some space or make the folder writable, or choose another "
                                "with --data-dir (THEMEGRAPH_DATA_DIR)")

    def _save(self, graph: nx.MultiDiGraph) -> None:
        tmp = self._path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                write_graph(fh, graph, FORMAT, VERSION)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self._path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise self._unwritable(exc) from None
        self._install(graph)
        self._stamp = self._disk_stamp()

    def _change(self, apply) -> None:
        """Run `apply` on a copy of the newest graph under both locks, then save and swap."""
        try:
            self._dir.mkdir(parents=True, exist_ok=True)
            with self._write_lock, self._file_lock:
                graph = copy_graph(self._fresh())
                apply(graph)
                Shared().compact(graph, graph._node)  # the copy's adjacency dicts were all its own again
                self._save(graph)
        except Timeout as exc:
            raise StoreUnavailable(
                f"{self._path}: another process holds the write lock; try again when it is done"
            ) from exc
        except OSError as exc:  # the folder or its lock file cannot be made
            raise self._unwritable(exc) from None

    def ping(self) -> None:
        self._fresh()

    def version(self) -> str:
        self._fresh()
        return f"memory:{self._stamp}"

    def close(self) -> None:
        pass

    # ---- writes ------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> WriteSummary:
        return self.write_chunks([batch], len(batch.quotes))

    def write_chunks(self, chunks: Iterable[GraphBatch], quotes: int, more: bool = False) -> WriteSummary:
        """All chunks go into one copy of the graph, which replaces the stored one at the end."""
        tally = WriteTally()

        def apply(g: nx.MultiDiGraph) -> None:
            shared = Shared()
            for batch in chunks:
                apply_batch(g, batch, shared)
                tally.add(batch)

        self._change(apply)
        return tally.summary()

    def delete_study(self, study: str) -> None:
        if _nid("Study", study) not in self._fresh():
            raise no_study(study)

        def apply(g: nx.MultiDiGraph) -> None:
            g.remove_nodes_from([n for n, a in g.nodes(data=True) if a.get("study") == study])
            g.remove_node(_nid("Study", study))
            g.remove_nodes_from([n for n, a in g.nodes(data=True)
                                 if a["label"] in ("Profession", "Concept") and g.in_degree(n) == 0])

        self._change(apply)

    def clear(self) -> None:
        self._change(lambda g: g.clear())

    # ---- reads (graph.stores.memory.queries holds them) -----------------------------------------

    def codebook(self, study: str) -> Codebook:
        return mq.codebook(self._fresh(), study)

    def studies(self) -> list[StudySummary]:
        return mq.studies(self._fresh())

    def _answer(self, key: tuple, compute: Callable[[GraphIndex], T]) -> T:
        """The answer for `key` on the current graph, computed once per graph from the graph's
        index: a graph is never changed in place (writes swap in a new one), so the answers and
        the index hold until the next write, and are dropped with the graph."""
        g = self._fresh()
        ix, answers = self._memo
        if ix is None or ix.g is not g:
            ix, answers = self._memo = (GraphIndex(g), {})
        if key not in answers:
            if len(answers) >= MEMO_SIZE:
                answers.clear()
            answers[key] = compute(ix)
        return answers[key]

    def themes(self, study: str | None = None, by: str | None = None) -> list[ThemeNode]:
        def compute(ix: GraphIndex) -> list[ThemeNode]:
            codes = mq.code_counts(ix, study)
            if by is None:
                return build_theme_tree(codes)
            check_row_attribute(by, mq.known_attributes(ix.g, study), "by")
            return build_theme_tree(codes, mq.code_breakdown(ix, study, by))

        return self._answer(("themes", study, by), compute)

    def matrix(self, query: MatrixQuery) -> Matrix:
        def work(ix: GraphIndex) -> Matrix:
            check_matrix_rows(query.rows, mq.known_attributes(ix.g, query.scope()))
            return assemble_matrix(query, mq.matrix_counts(ix, query))

        return self._answer(("matrix", query), work)

    def quotes(self, query: QuoteQuery) -> QuotePage:
        return self._answer(("quotes", query), lambda ix: mx.quotes(ix, query))

    def experts(self, study: str | None = None, profession: str | None = None) -> list[ExpertSummary]:
        return self._answer(("experts", study, profession), lambda ix: mx.experts(ix, study, profession))

    def expert(self, uid: str) -> ExpertProfile:
        return self._answer(("expert", uid), lambda ix: mx.expert_profile(ix, uid))

    def cooccurrence(self, query: CooccurrenceQuery) -> Cooccurrence:
        return self._answer(("cooccurrence", query), lambda ix: mx.cooccurrence(ix, query))

    def neighborhood(self, uid: str, depth: int = 1, limit: int = 200, study: str | None = None) -> Subgraph:
        return self._answer(("neighborhood", uid, depth, limit, study),
                            lambda ix: walk(mx.GraphNodes(ix.g, mq.canonical_props), uid, depth, limit, study))

    def concepts(self, study: str | None = None, by: str | None = None) -> list[ConceptCount]:
        return self._answer(("concepts", study, by), lambda ix: mx.concepts(ix, study, by))

    def saturation(self, study: str | None = None, level: str = "subtheme") -> Saturation:
        return self._answer(("saturation", study, level), lambda ix: mx.saturation(ix, study, level))

    def stats(self, study: str | None = None) -> Stats:
        return self._answer(("stats", study), lambda ix: mq.stats(ix.g, study))

    def coded_spans(self, study: str) -> StudySpans:
        return self._answer(("coded_spans", study), lambda ix: coded_spans(ix.g, study))

    def dump(self) -> GraphDump:
        return mq.dump(self._fresh())

    def stored(self, ids: list[EntryId]) -> dict[EntryId, dict]:
        g = self._fresh()
        found: dict[EntryId, dict] = {}
        for i in ids:
            if isinstance(i, tuple):
                if g.has_edge(i[0], i[1], "CODED_AS"):
                    found[i] = {k: v for k, v in g.edges[i[0], i[1], "CODED_AS"].items() if v is not None}
            elif i in g:
                found[i] = mq.canonical_props(i, g.nodes[i])
        return found


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
