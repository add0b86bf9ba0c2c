"""The benchmark's smallest pieces run and give well-formed answers; no timing is asserted.

The generator is checked for determinism and for the layout the CSV loader reads; the
embedded load, the query cases and the report are run on a few hundred segments. The Neo4j
loaders run when NEO4J_URI is set (they empty that database, as the other tests do).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bench import memory_load, memory_search, queries, report
from bench.generate import CODEBOOK, COLUMNS, dataset, segments
from bench.measure import percentiles, run_child
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths

SIZE = 300


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    return dataset(SIZE, tmp_path_factory.mktemp("bench-data"))


def test_generator_is_deterministic_and_prefix_stable(small, tmp_path: Path) -> None:
    again = dataset(SIZE, tmp_path)
    assert again.csv_sha256 == small.csv_sha256
    bigger = dataset(SIZE * 2, tmp_path)
    head = bigger.csv.read_text("utf-8").splitlines()[: SIZE + 1]
    assert head == small.csv.read_text("utf-8").splitlines()
    assert len({s.expert for s, _ in zip(segments(), range(4000))}) in range(72, 161)  # ~40 a head


def test_generated_files_have_the_generic_layout(small) -> None:
    with open(small.csv, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == COLUMNS and len(rows) == SIZE
    lines = small.jsonl.read_text("utf-8").splitlines()
    assert len(lines) == SIZE and json.loads(lines[0]) == rows[0]
    names = {sub for _, _, subs in CODEBOOK for sub in subs}
    assert len(CODEBOOK) == 4 and len(names) == 50
    assert {r["subtheme"] for r in rows} <= names


def test_the_loader_reads_what_the_manifest_counts(small, tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    [r] = load_paths(store, [small.csv], LoadOptions(study=queries.STUDY))
    assert (r.rows, r.experts, r.quotes, r.codings) == (SIZE, small.experts, small.quotes, small.codings)


def test_embedded_load_in_a_child_reports_time_and_rss(small, tmp_path: Path) -> None:
    row = memory_load.run_memory_load(small, tmp_path / "store", timeout=300)
    assert "error" not in row, row
    assert row["size"] == SIZE and row["seconds"] > 0 and row["rows_per_s"] > 0
    assert row["peak_rss_mb"] > 10 and row["store_file_mb"] > 0
    opened = memory_search.run_memory_search(tmp_path / "store", SIZE, timeout=300)
    assert "error" not in opened, opened
    assert opened["size"] == SIZE and opened["open_seconds"] > 0 and opened["first_search_ms"] > 0
    assert 0 < opened["one_word_p50_ms"] <= opened["one_word_max_ms"]
    assert 0 < opened["two_words_p50_ms"] <= opened["two_words_max_ms"]
    assert opened["peak_rss_mb"] >= opened["open_rss_mb"] > 10
    assert "first search ms" in report.render({"memory_search": [opened]})


def test_query_cases_and_crosstab_agree(small, tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    load_paths(store, [small.csv], LoadOptions(study=queries.STUDY))
    rows = queries.run_cases(store, "memory", SIZE, budget_s=0.05, max_n=5)
    assert [r["case"] for r in rows] == [c.name for c in queries.CASES]
    for r in rows:
        assert "error" not in r, r
        assert "skipped" in r or (r["n"] >= 5 and 0 < r["p50_ms"] <= r["p95_ms"])
    pytest.importorskip("pandas")
    expected = queries.matrix_cells(store.matrix(queries.RISKS))
    pandas_row = queries.run_crosstab(small.csv, SIZE, budget_s=0.05, max_n=5, expected=expected)
    assert pandas_row["agrees_with_store"] is True


def test_report_renders_goals_and_ratios() -> None:
    results = {
        "neo4j_load": [
            {"size": 1000, "loader": "themegraph", "seconds": 1.0, "rows_per_s": 1000.0},
            {"size": 1000, "loader": "load_csv", "seconds": 0.5, "rows_per_s": 2000.0},
            {"size": 1000, "loader": "naive", "seconds": 10.0, "rows_per_s": 100.0},
        ],
        "queries": [{"size": 1000, "store": "memory", "case": "matrix", "p50_ms": 1.0, "p95_ms": 2.0, "n": 5}],
    }
    assert report.load_ratios(results) == [
        {"size": 1000, "themegraph_over_load_csv": 0.5, "themegraph_over_naive": 10.0}]
    text = report.render(results)
    assert "ThemeGraph / LOAD CSV" in text and "Goals (issue 8)" in text
    statuses = {g["goal"]: g["status"] for g in report.goals(results)}
    assert statuses["ThemeGraph Neo4j loader >= 0.5 x LOAD CSV"] == "met"
    assert statuses["ThemeGraph Neo4j loader >= 20 x naive"] == "missed"
    assert statuses["1M segments into Neo4j < 180 s"] == "not measured"


def test_percentiles_and_child_rss() -> None:
    p = percentiles([i / 1000 for i in range(1, 101)])
    assert (p["p50_ms"], p["p95_ms"], p["n"]) == (50.0, 95.0, 100)
    done = run_child(["python3", "-c", "x = bytearray(64 * 2**20); print('ok')"], timeout=60)
    assert done["status"] == 0 and done["stdout"].strip() == "ok" and done["peak_rss_mb"] >= 64


@pytest.mark.neo4j
def test_neo4j_loaders_build_the_same_graph(small, neo4j_uri: str) -> None:
    from bench import neo4j_load

    target = neo4j_load.Neo4jTarget(neo4j_uri)
    store = target.store()
    try:
        facts = {}
        url, how = neo4j_load.csv_url(target, small)
        runs = {"themegraph": lambda: neo4j_load.load_themegraph(store, small, target),
                "naive": lambda: neo4j_load.load_naive(target, small)}
        if url:
            runs["load_csv"] = lambda: neo4j_load.load_csv(target, url)
        done = {}
        for name, work in runs.items():
            store.clear()
            done[name] = work()
            assert done[name]["seconds"] > 0
            facts[name] = neo4j_load.graph_facts(target, store)
        # the CPU the server and this process spent, for the bench's CPU bound on a load
        loaded = done["themegraph"]
        assert loaded["server_cpu_seconds"] > 0 and loaded["client_cpu_read_validate"] > 0
        assert loaded["client_cpu_write"] > 0
        if url:
            assert done["load_csv"]["server_cpu_seconds"] > 0
        for name in runs:
            assert neo4j_load.compare_facts(facts["themegraph"], facts[name]) == [], name
        assert facts["themegraph"]["stats"]["quotes"] == small.quotes
    finally:
        store.clear()
        store.close()


def test_cold_reads_time_every_case_with_and_without_plans(small, neo4j_uri: str) -> None:
    from bench import cold_reads, neo4j_load

    target = neo4j_load.Neo4jTarget(neo4j_uri)
    store = target.store()
    try:
        store.clear()
        neo4j_load.load_themegraph(store, small)
        rows = cold_reads.cold_reads(target, rounds=1)
        assert [r["case"] for r in rows] == [c.name for c in queries.CASES]
        assert all(r["cold_ms"] > 0 and r["plan_warm_ms"] > 0 for r in rows)
    finally:
        store.clear()
        store.close()
