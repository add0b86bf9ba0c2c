"""What the first read after a load costs on Neo4j, taken apart: each query case run with nothing
kept (a new store object: no kept answers) and Neo4j's plan cache cleared (**cold**), then with
the plans cached (**plan-warm**); the median of `rounds` calls each. The difference is the time
Neo4j spends planning statements it has not run since the data changed.

    NEO4J_URI=bolt://127.0.0.1:7730 python -m bench.cold_reads 100k [CASE ...]

Like the benchmark, it EMPTIES that database, then loads the generated file of that size with
ThemeGraph's loader, measures, and empties it again.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from bench.cli import parse_sizes
from bench.generate import dataset
from bench.measure import REPO
from bench.neo4j_load import Neo4jTarget, load_themegraph, wipe
from bench.queries import CASES, Probe, QueryCase

__all__ = ["cold_reads"]


def _timed(target: Neo4jTarget, case: QueryCase, clear_plans: bool) -> float:
    if clear_plans:
        with target.driver() as driver:
            driver.execute_query("CALL db.clearQueryCaches()", database_=target.database)
    store = target.store()
    try:
        store.ping()
        started = time.perf_counter()
        case.run(store, Probe())
        return (time.perf_counter() - started) * 1000
    finally:
        store.close()


def cold_reads(target: Neo4jTarget, names: list[str] | None = None, rounds: int = 3) -> list[dict]:
    """One row per case: median ms cold and plan-warm."""
    rows = []
    for case in CASES:
        if names and case.name not in names:
            continue
        cold = [_timed(target, case, clear_plans=True) for _ in range(rounds)]
        warm = [_timed(target, case, clear_plans=False) for _ in range(rounds)]
        rows.append({"case": case.name, "cold_ms": round(statistics.median(cold), 1),
                     "plan_warm_ms": round(statistics.median(warm), 1)})
    return rows


def main(argv: list[str]) -> None:
    uri = os.environ.get("NEO4J_URI")
    if not uri or not argv:
        sys.exit("usage: NEO4J_URI=bolt://... python -m bench.cold_reads SIZE [CASE ...]  (empties that database)")
    target = Neo4jTarget(uri, database=os.environ.get("NEO4J_DATABASE"))
    store = target.store()
    try:
        wipe(target, store)
        loaded = load_themegraph(store, dataset(parse_sizes(argv[0])[0], REPO / "bench" / "data"))
        print(f"loaded in {loaded['seconds']} s")
        for row in cold_reads(target, argv[1:] or None):
            print(f"{row['case']:24s} cold {row['cold_ms']:9.1f} ms   plan-warm {row['plan_warm_ms']:9.1f} ms")
        wipe(target, store)
    finally:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
