"""ThemeGraph's benchmarks (issue 8): `python -m bench` (full) or `python -m bench --quick` (smoke).

Sections, each a module with one `run_*` entry point that returns plain JSON-ready dicts:

    generate        deterministic coded segments at 1k..1M rows, as generic CSV and JSONL
    neo4j_load      ThemeGraph's loader vs a naive loader vs LOAD CSV, one server, one run
    memory_load     the embedded store: segments/s and peak RSS, in a child process
    queries         p50/p95 per query case on both stores, the matrix also vs pandas.crosstab
    api_load        /v1/matrix (and /v1/quotes once it exists) under 50 clients on loopback

`bench.cli` runs them in order and writes `bench/results/<name>.json`; `bench.report` prints
the table. Speed is reported, never asserted (DESIGN.md, "Non-negotiables").
"""
