"""Staged Neo4j loads (a transaction per chunk) are seen whole or not at all: by readers in other
processes and threads while they run, after their process is killed, and until what a dead one
left is undone, which the next read or write does within seconds of its lease lapsing. A delete
(in batches) hides its study from its first transaction; a killed one is finished by the next
write. A read during which the graph changes is run again."""

from __future__ import annotations

import pickle
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from bench.generate import dataset
from graph.errors import NotFound, StoreUnavailable
from graph.model import GraphBatch, Study
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import neo4j_auth, open_neo4j
from tests.factories import SAMPLE, STUDY
from tests.loaders.staged import chunks_of, every_read, expert_reads, no_marks, operations, quotes_in, raw

pytestmark = pytest.mark.neo4j

LEASE = 3.0  # seconds: the killed loader's lease (it beats every 0.75 s)
SETTLED_WITHIN = LEASE + 12  # seconds from the kill until a dead load is undone (a loaded 2-core machine)
REPO = Path(__file__).resolve().parents[2]

PAUSED_LOAD = textwrap.dedent("""
    import pickle, sys, time
    from graph.stores.neo4j import Neo4jStore
    chunks = pickle.load(open(sys.argv[2], "rb"))
    class Pausing:  # re-iterable, as a spill is; stops for good before its fourth chunk
        def __iter__(self):
            for i, batch in enumerate(chunks):
                if i == 3:
                    print("paused", flush=True)
                    time.sleep(600)
                yield batch
    store = Neo4jStore(sys.argv[1], tx_quotes=10, stale_load_after=float(sys.argv[3]))
    store.write_chunks(Pausing(), 10_000)
""")


@pytest.fixture(scope="module")
def segments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 generated segments (50 experts) into the study 'default': seven chunks of 300."""
    return dataset(2_000, tmp_path_factory.mktemp("data")).csv


def _bystander(store: GraphStore) -> None:
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))


def _wait_for(predicate, timeout: float, what: str) -> float:
    started = time.monotonic()
    while not predicate():
        assert time.monotonic() - started < timeout, f"{what}: not within {timeout} s"
        time.sleep(0.1)
    return time.monotonic() - started


@pytest.mark.skipif(bool(neo4j_auth()), reason="the child process connects without credentials")
@pytest.mark.parametrize("settled_by", ["read", "write"])
@pytest.mark.parametrize("study_exists", [False, True], ids=["new study", "existing study"])
def test_a_killed_staged_load_is_never_seen_and_is_undone_within_seconds(
        neo4j_uri: str, segments: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        study_exists: bool, settled_by: str) -> None:
    chunks = chunks_of(segments, tmp_path, monkeypatch)
    study = chunks[0].study.uid
    new_experts = sorted({e.uid for c in chunks[1:3] for e in c.experts} - {e.uid for e in chunks[0].experts})
    store = open_neo4j(neo4j_uri, tx_quotes=100)
    reference = MemoryStore(tmp_path / "reference")
    store.clear()
    saved = tmp_path / "chunks.pickle"
    saved.write_bytes(pickle.dumps(chunks))
    loader = None
    try:
        for s in (store, reference):
            _bystander(s)
            if study_exists:
                s.write(chunks[0])
        before, before_experts = every_read(store, study), expert_reads(store, new_experts)
        assert before == every_read(reference, study)  # the answers compared below are the contract's

        loader = subprocess.Popen([sys.executable, "-c", PAUSED_LOAD, neo4j_uri, str(saved), str(LEASE)], cwd=REPO,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert loader.stdout.readline().strip() == "paused", loader.stderr.read()
        written = quotes_in(chunks[:3]) - (quotes_in(chunks[:1]) if study_exists else 0)
        staged = ("MATCH (q:Quote {study: $study}) WHERE q._load IS NOT NULL RETURN count(q) AS n" if study_exists
                  else "MATCH (q:Quote {study: $study}) RETURN count(q) AS n")
        _wait_for(lambda: raw(neo4j_uri, staged, study=study)[0]["n"] == written, 60, "three chunks committed")

        # Alive and three chunks in: another process sees the study exactly as before.
        assert every_read(store, study) == before
        assert expert_reads(store, new_experts) == before_experts
        with pytest.raises(StoreUnavailable, match=f"study '{study}' is being loaded or deleted by another "
                                                   "process; try again when it is done"):
            store.write(GraphBatch(study=Study(study, "Another title")))
        with pytest.raises(StoreUnavailable if study_exists else NotFound):  # a new study is not there yet
            store.delete_study(study)

        loader.send_signal(signal.SIGKILL)
        assert loader.wait(30) == -signal.SIGKILL
        killed = time.monotonic()
        assert every_read(store, study) == before  # dead, its lease not yet lapsed
        assert operations(neo4j_uri) == 1

        if settled_by == "read":  # reads settle it in the background once the lease lapsed
            _wait_for(lambda: store.studies() is not None and operations(neo4j_uri) == 0, SETTLED_WITHIN,
                      "the dead load undone by reads")
        else:  # the same load again: refused while the lease runs, then it undoes the dead one and loads
            def retried() -> bool:
                try:
                    store.write_chunks(chunks, quotes_in(chunks))
                except StoreUnavailable as exc:
                    assert "try again when it is done" in str(exc)
                    return False
                return True

            _wait_for(retried, SETTLED_WITHIN, "the retried load")
        settled = time.monotonic() - killed
        print(f"\n{'existing' if study_exists else 'new'} study, killed after 3 chunks: settled by a {settled_by} "
              f"{settled:.1f} s after the kill (lease {LEASE:g} s)")
        assert operations(neo4j_uri) == 0 and no_marks(neo4j_uri)
        if settled_by == "read":
            assert every_read(store, study) == before
            store.write_chunks(chunks, quotes_in(chunks))  # the retry loads at once
        reference.write_chunks(chunks, quotes_in(chunks))
        assert every_read(store, study) == every_read(reference, study)
    finally:
        if loader is not None and loader.poll() is None:
            loader.kill()
        store.clear()
        store.close()


@pytest.mark.parametrize("study_exists", [False, True], ids=["new study", "existing study"])
def test_readers_in_threads_never_see_a_staged_load_in_part(
        neo4j_uri: str, segments: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, study_exists: bool) -> None:
    """The writer's own store object (whose readers its commit gate holds back) and a second one
    (as in another process: nothing holds its readers back) read without pause during the load."""
    chunks = chunks_of(segments, tmp_path, monkeypatch)
    writer, other = open_neo4j(neo4j_uri, tx_quotes=100), open_neo4j(neo4j_uri)
    writer.clear()
    try:
        _bystander(writer)
        if study_exists:
            writer.write_chunks(chunks[:2], quotes_in(chunks[:2]))

        before = _counts(other)
        seen = _read_while(lambda: writer.write_chunks(chunks, quotes_in(chunks)), [writer, other, other], _counts)
        after = _counts(other)
        print(f"\n{len(seen)} answers seen during a staged load of {len(chunks)} chunks")
        assert set(after).isdisjoint(before) and seen <= {*before, *after}, seen - {*before, *after}
        assert set(after) <= seen
    finally:
        writer.clear()
        writer.close()
        other.close()


def _read_while(work, stores: list[GraphStore], counts) -> set[tuple]:
    """Every answer `counts` gave, read without pause from each of `stores` in its own thread
    while `work` runs (and a moment after)."""
    seen: set[tuple] = set()
    stop = threading.Event()

    def read(store: GraphStore) -> None:
        while not stop.is_set():
            seen.update(counts(store))

    readers = [threading.Thread(target=read, args=(s,)) for s in stores]
    for t in readers:
        t.start()
    try:
        work()
        time.sleep(0.3)
    finally:
        stop.set()
        for t in readers:
            t.join()
    return seen


def _counts(store: GraphStore) -> tuple:  # two reads: each must see a write whole or not at all
    stats = store.stats()
    return (("stats", stats.experts, stats.quotes, stats.codings, stats.sources, stats.concepts),
            tuple((s.uid, s.experts, s.quotes, s.subthemes) for s in store.studies()))


def test_readers_in_threads_never_see_a_study_partly_deleted(neo4j_uri: str, segments: Path) -> None:
    """Batches of 500 rows: a node being deleted has lost its properties before it leaves the
    label index, and a read-committed reader can meet it (a whole batch of quotes was counted
    before reads required a node's key)."""
    deleter, other = open_neo4j(neo4j_uri, delete_batch=500), open_neo4j(neo4j_uri)
    deleter.clear()
    try:
        _bystander(deleter)
        for _ in range(3):  # each batch is a chance for a reader to meet it being applied
            load_paths(deleter, [segments], LoadOptions())
            before = _counts(other)
            seen = _read_while(lambda: deleter.delete_study("default"), [deleter, other, other], _counts)
            after = _counts(other)
            assert set(after).isdisjoint(before) and seen <= {*before, *after}, seen - {*before, *after}
        print(f"\n{len(seen)} answers seen while a study of {before[1][0][2]} quotes was deleted")
    finally:
        deleter.clear()
        deleter.close()
        other.close()


KILLED_DELETE = textwrap.dedent("""
    import sys
    from graph.stores.neo4j import Neo4jStore
    Neo4jStore(sys.argv[1], stale_load_after=float(sys.argv[2]), delete_batch=1).delete_study("default")
""")


@pytest.mark.skipif(bool(neo4j_auth()), reason="the child process connects without credentials")
def test_a_delete_killed_midway_hides_the_study_at_once_and_the_next_write_finishes_it(
        neo4j_uri: str, segments: Path, tmp_path: Path) -> None:
    store = open_neo4j(neo4j_uri)
    without = MemoryStore(tmp_path / "without")
    store.clear()
    deleter = None
    try:
        for s in (store, without):
            _bystander(s)
        load_paths(store, [segments], LoadOptions())
        after = every_read(without, "default")
        rels = "MATCH (q:Quote {study: 'default'})-[r]-() RETURN count(r) AS n"
        full = raw(neo4j_uri, rels)[0]["n"]

        deleter = subprocess.Popen([sys.executable, "-c", KILLED_DELETE, neo4j_uri, str(LEASE)], cwd=REPO,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _wait_for(lambda: raw(neo4j_uri, rels)[0]["n"] < full, 60, "the delete under way")
        deleter.send_signal(signal.SIGKILL)
        assert deleter.wait(30) == -signal.SIGKILL
        left = raw(neo4j_uri, "MATCH (n {study: 'default'}) RETURN count(n) AS n")[0]["n"]
        assert left and operations(neo4j_uri) == 1  # killed half way

        assert every_read(store, "default") == after  # gone for readers from its first transaction
        time.sleep(LEASE + 0.5)
        store.write(GraphBatch(study=Study("next", "The next write")))  # resumes the dead delete first
        print(f"\ndelete killed with {left} of the study's nodes left; the next write finished it")
        assert raw(neo4j_uri, "MATCH (n) WHERE n.study = 'default' OR n.uid = 'default' RETURN count(n) AS n"
                   )[0]["n"] == 0
        assert operations(neo4j_uri) == 0 and no_marks(neo4j_uri)
        without.write(GraphBatch(study=Study("next", "The next write")))
        assert every_read(store, "default") == every_read(without, "default")
    finally:
        if deleter is not None and deleter.poll() is None:
            deleter.kill()
        store.clear()
        store.close()


def test_a_read_during_which_a_write_commits_is_run_again(neo4j_uri: str) -> None:
    """Neo4j reads are read-committed: statements of one read transaction can see different
    states. The store reads the graph's state before and after, and runs the read again."""
    reader, writer = open_neo4j(neo4j_uri), open_neo4j(neo4j_uri)  # as two processes: no shared gate
    reader.clear()
    try:
        _bystander(reader)
        runs: list[tuple[int, int]] = []

        def work(tx) -> tuple[int, int]:
            first = tx.run("MATCH (s:Study)⟦WHERE s⟧ RETURN count(s) AS n").single()["n"]
            if not runs:
                writer.write(GraphBatch(study=Study("late", "Committed during the read")))
            runs.append((first, tx.run("MATCH (s:Study)⟦WHERE s⟧ RETURN count(s) AS n").single()["n"]))
            return runs[-1]

        assert reader._read(work) == (2, 2)
        assert runs == [(1, 2), (2, 2)]
    finally:
        reader.clear()
        reader.close()
        writer.close()
