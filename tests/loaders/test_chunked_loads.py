"""Files read in chunks: the same graph and report as one batch, on both stores; Neo4j's staged
writes (a transaction per chunk) build the same graph and leave no trace when they fail (killed
loaders and readers during a load: test_staged_visibility.py); the loader's memory does not
grow with the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import dataset
from graph.errors import StoreUnavailable, ThemeGraphError
from graph.model import (
    Coding,
    Concept,
    Expert,
    GraphBatch,
    Mention,
    Profession,
    Quote,
    Source,
    Study,
    SubTheme,
    Theme,
)
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders import pipeline
from loaders.pipeline import LoadOptions, load_paths
from loaders.spill import Spill
from tests.conftest import neo4j_auth, open_neo4j
from tests.loaders.staged import Failing, chunks_of, no_marks, operations

THEMEGRAPH = Path(sys.executable).with_name("themegraph")
QUICK = LoadOptions(concepts=False, language=False)


@pytest.fixture(scope="module")
def segments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 generated segments: 50 experts, about one quote in eight coded twice on adjacent rows."""
    return dataset(2_000, tmp_path_factory.mktemp("data")).csv


def _load_whole(path: Path, tmp_path: Path, options: LoadOptions = QUICK):
    reference = MemoryStore(tmp_path / "whole")
    [report] = load_paths(reference, [path], options)
    return reference, report


def _every_kind(study: Study, n: int) -> GraphBatch:
    return GraphBatch(
        study=study, professions=[Profession("nurse", "Nurse")],
        experts=[Expert(f"{study.uid}:E{n}", study.uid, f"E{n}", "nurse", (("province", "四川"),))],
        sources=[Source(f"src{n}", study.uid, "Interview", "zh")],
        themes=[Theme("t1", study.uid, "Gap", "gap", 1)],
        subthemes=[SubTheme("t1.s1", study.uid, "Risk", "t1", 1, "a description")],
        quotes=[Quote(f"q{n}", study.uid, f"{study.uid}:E{n}", f"src{n}", "引用 😀\r\ntext", 3, 9, "mixed", True,
                      ("sel1", "sel2"))],
        codings=[Coding(f"q{n}", "t1.s1", "ann", "2024-01-01", ("ann", "bo"))],
        concepts=[Concept("privacy", "隐私", "zh")], mentions=[Mention(f"q{n}", "privacy")],
    )


def test_a_spill_gives_back_every_record_as_it_was_and_again(tmp_path: Path) -> None:
    study = Study("s", "A study", 2024, "China", "interviews")
    batches = [_every_kind(study, n) for n in range(3)]
    spill = Spill()
    for b in batches:
        spill.add(b)
    assert spill.chunks == 3 and spill.quotes == 3
    assert list(spill) == batches
    assert list(spill) == batches  # a retried transaction reads it again
    spill._file.truncate(10)  # type: ignore[union-attr]
    with pytest.raises(ThemeGraphError, match="temporary file cannot be read back"):
        list(spill)
    spill.close()


@pytest.mark.parametrize("options", [QUICK, LoadOptions()], ids=["plain", "with concepts"])
def test_a_file_read_in_chunks_builds_the_graph_and_report_of_one_batch(
        store: GraphStore, segments: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        options: LoadOptions) -> None:
    reference, whole = _load_whole(segments, tmp_path, options)
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 170)
    [report] = load_paths(store, [segments], options)
    assert store.dump() == reference.dump()
    assert report.model_dump() == whole.model_dump()
    assert report.created["quotes"] == report.quotes > 1_000
    [again] = load_paths(store, [segments], options)
    assert store.dump() == reference.dump()
    assert not again.created and again.unchanged["quotes"] == report.quotes


def test_writing_a_file_of_several_chunks_is_reported_as_progress(segments: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 500)
    seen: list[tuple] = []
    load_paths(MemoryStore(tmp_path / "s"), [segments],
               LoadOptions(concepts=False, language=False, progress=lambda *a: seen.append(a)))
    writing = [a for a in seen if a[3:] == ("writing",)]
    size = segments.stat().st_size
    assert len(writing) >= 4 and all(f == str(segments) and total == size for f, _, total, _ in writing)
    done = [d for _, d, _, _ in writing]
    assert done == sorted(set(done)) and done[-1] == size


@pytest.mark.neo4j
def test_a_staged_neo4j_load_writes_what_one_transaction_writes(neo4j_uri: str, segments: Path,
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    reference, _ = _load_whole(segments, tmp_path)
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 300)
    store = open_neo4j(neo4j_uri, tx_quotes=100)
    store.clear()
    try:
        load_paths(store, [segments], QUICK)  # a new study
        assert store.dump() == reference.dump()
        load_paths(store, [segments], QUICK)  # into an existing one: marks set and removed
        assert store.dump() == reference.dump()
        assert no_marks(neo4j_uri) and operations(neo4j_uri) == 0
    finally:
        store.clear()
        store.close()


@pytest.mark.neo4j
@pytest.mark.parametrize("tx_quotes", [2, 10_000], ids=["staged", "one transaction"])
def test_a_new_study_whose_quote_comes_back_in_a_later_chunk_is_written_once(
        neo4j_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tx_quotes: int) -> None:
    """A new study's records are created without lookups, but a quote named again by a row of a
    later chunk (with a code it had and one it had not) is merged: one quote, one coding each."""
    path = tmp_path / "again.csv"
    rows = ["expert,profession,theme,subtheme,text", "E1,nurse,Gap,Risk,The first passage.",
            "E1,nurse,Gap,Cost,A second passage.", "E2,doctor,Gap,Risk,A third passage.",
            "E2,doctor,Gap,Cost,A fourth passage.", "E1,nurse,Gap,Risk,The first passage.",
            "E1,nurse,Gap,Cost,The first passage.", "E2,doctor,Gap,Risk,A fifth passage."]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    reference, whole = _load_whole(path, tmp_path)
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 2)
    store = open_neo4j(neo4j_uri, tx_quotes=tx_quotes)
    store.clear()
    try:
        [report] = load_paths(store, [path], QUICK)
        assert store.dump() == reference.dump()
        assert store.stats().quotes == 5 and store.stats().codings == 6
        [again] = load_paths(store, [path], QUICK)
        assert store.dump() == reference.dump() and not again.created
        assert no_marks(neo4j_uri) and operations(neo4j_uri) == 0
    finally:
        store.clear()
        store.close()


@pytest.mark.neo4j
@pytest.mark.parametrize("study_exists", [False, True], ids=["new study", "existing study"])
def test_a_staged_load_that_fails_midway_is_undone(neo4j_uri: str, segments: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, study_exists: bool) -> None:
    store = open_neo4j(neo4j_uri, tx_quotes=100)
    store.clear()
    try:
        chunks = chunks_of(segments, tmp_path, monkeypatch)
        assert len(chunks) >= 5
        if study_exists:  # the study holds the file's first chunk: the load adds the rest
            store.write(chunks[0])
        before = store.dump()
        with pytest.raises(ThemeGraphError, match="temporary file"):
            store.write_chunks(Failing(chunks, after=3), sum(len(c.quotes) for c in chunks))
        assert store.dump() == before
        assert no_marks(neo4j_uri) and operations(neo4j_uri) == 0
    finally:
        store.clear()
        store.close()


@pytest.mark.neo4j
def test_a_write_into_a_study_another_process_is_loading_waits_its_turn(neo4j_uri: str, tmp_path: Path) -> None:
    from neo4j import GraphDatabase

    from graph.stores.neo4j import loads_cypher as lc

    store = open_neo4j(neo4j_uri, tx_quotes=100)
    store.clear()
    try:
        store.ping()  # creates the schema, with the constraint that makes a load's study its own
        with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth()) as driver, driver.session() as session:
            # a live load of another process, as it records itself
            session.run(lc.START_LOAD, load="elsewhere", study="busy", kind="load", state="staging",
                        owner="elsewhere", lease_ms=60_000).consume()
        with pytest.raises(StoreUnavailable, match="study 'busy' is being loaded or deleted by another process"):
            store.write(GraphBatch(study=Study("busy", "Busy")))
        store.write(GraphBatch(study=Study("free", "Free")))  # other studies are not held up
        assert [s.uid for s in store.studies()] == ["free"]
    finally:
        store.clear()
        store.close()


def _peak_rss_kb(csv_path: Path, study: str, env: dict[str, str]) -> int:
    done = subprocess.run(["/usr/bin/time", "-f", "%M", str(THEMEGRAPH), "--store", "neo4j", "load", str(csv_path),
                           "--study", study, "--no-concepts"], capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    return int(done.stderr.strip().splitlines()[-1])


@pytest.mark.neo4j
@pytest.mark.skipif(not Path("/usr/bin/time").exists(), reason="needs GNU time for the peak RSS")
def test_the_loaders_memory_does_not_grow_with_the_file(neo4j_uri: str, tmp_path: Path) -> None:
    """Twice the rows, the same peak give or take the experts: the file is held a chunk at a time.

    Both files span several chunks (pipeline.CHUNK_ROWS): a load holds the chunk it builds and
    the plan of the one before, so a file of less than two chunks peaks lower and says nothing."""
    small, large = dataset(50_000, tmp_path), dataset(100_000, tmp_path)
    assert small.rows >= 2 * pipeline.CHUNK_ROWS
    store = open_neo4j(neo4j_uri)
    store.clear()
    env = {**os.environ, "NEO4J_URI": neo4j_uri, "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        small_kb = _peak_rss_kb(small.csv, "small", env)
        large_kb = _peak_rss_kb(large.csv, "large", env)
        print(f"\npeak RSS loading into Neo4j: {small.rows} rows {small_kb / 1024:.0f} MiB, "
              f"{large.rows} rows {large_kb / 1024:.0f} MiB")
        assert store.stats().quotes == small.quotes + large.quotes
        # Measured: 258 and 264 MiB. Held whole, the 100k file took 370 MiB against 180 MiB for
        # 12.5k rows (and failed on a 1 GiB heap): the 50k more rows would add about 100 MiB.
        assert large_kb - small_kb < 32 * 1024
    finally:
        store.clear()
        store.close()
