"""`python -m bench [--quick] [...]`: run the benchmarks, write JSON, print the tables.

Neo4j parts run when NEO4J_URI (or --neo4j-uri) names a server; THE BENCHMARK EMPTIES
THAT DATABASE, so point it at a scratch server (`scripts/neo4j-dev.sh start`). Without
one, the embedded parts run and the results say the Neo4j parts were skipped.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench import api_load, explorer_draw, memory_load, memory_search, neo4j_load, queries, report
from bench.generate import SEED, dataset
from bench.measure import REPO, loadavg, machine

__all__ = ["run", "main"]

FULL_SIZES = (1_000, 10_000, 100_000, 1_000_000)


def parse_sizes(text: str) -> list[int]:
    return sorted({int(float(x.replace("k", "e3").replace("M", "e6"))) for x in text.split(",") if x.strip()})


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="smallest size of everything, short runs (CI smoke test; a few minutes at most)")
    p.add_argument("--sizes", type=parse_sizes, help="segment counts, e.g. 1k,10k,100k,1M (default: all four)")
    p.add_argument("--sections", default="neo4j,memory,queries,api,explorer",
                   help="comma list of neo4j, memory, queries, api, explorer (default: all)")
    p.add_argument("--naive-max", type=parse_sizes, default=None, help="largest size for the naive loader (10k)")
    p.add_argument("--memory-max", type=parse_sizes, default=None, help="largest size for the embedded store (1M)")
    p.add_argument("--api-sizes", type=parse_sizes, default=None, help="sizes for the API load (10k,100k)")
    p.add_argument("--api-seconds", type=float, default=None, help="seconds per API run (60)")
    p.add_argument("--clients", type=int, default=50, help="concurrent API clients (50)")
    p.add_argument("--query-budget", type=float, default=None, help="seconds per query case (8)")
    p.add_argument("--neo4j-uri", default=os.environ.get("NEO4J_URI"), help="default: $NEO4J_URI")
    p.add_argument("--data-dir", type=Path, default=REPO / "bench" / "data", help="generated files (bench/data)")
    p.add_argument("--out", type=Path, help="results JSON (bench/results/latest.json; quick.json with --quick)")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--loaders", default="load_csv,naive,themegraph",
                   help="Neo4j loaders to run (default: all three; the --query-graph one always runs)")
    p.add_argument("--query-graph", choices=["themegraph", "load_csv"], default="themegraph",
                   help="whose graph the Neo4j queries read (load_csv where ThemeGraph's load fails)")
    p.add_argument("--rounds", type=int, default=1,
                   help="interleaved rounds of the Neo4j loaders, best time kept (1; 2 on a busy machine)")
    p.add_argument("--label", help="what code is measured, kept in the results (e.g. a commit)")
    p.add_argument("--render", nargs="+", type=Path, metavar="JSON",
                   help="print the tables of earlier results (several files are merged) and exit")
    p.add_argument("--merge-into", type=Path, metavar="JSON", help="with --render: also write the merged results")
    a = p.parse_args(argv)
    quick = a.quick
    a.sizes = a.sizes or ([1_000] if quick else list(FULL_SIZES))
    a.naive_max = (a.naive_max or [1_000 if quick else 10_000])[-1]
    a.memory_max = (a.memory_max or [1_000_000])[-1]
    a.api_sizes = a.api_sizes or ([1_000] if quick else [10_000, 100_000])
    a.api_seconds = a.api_seconds or (3.0 if quick else 60.0)
    a.query_budget = a.query_budget or (0.5 if quick else 8.0)
    a.query_max_n = 10 if quick else 200
    a.out = a.out or REPO / "bench" / "results" / ("quick.json" if quick else "latest.json")
    a.sections = {s.strip() for s in a.sections.split(",") if s.strip()}
    a.loaders = {s.strip() for s in a.loaders.split(",") if s.strip()} | {a.query_graph}
    return a


def _neo4j_env(uri: str) -> dict:
    return {"NEO4J_URI": uri}


class Run:
    """One benchmark run: its options, its results, saved after every step."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.a = args
        self.results: dict = {
            "meta": {"started": datetime.now(UTC).isoformat(timespec="seconds"), "quick": args.quick,
                     "argv": sys.argv[1:], "label": args.label, "machine": machine(), "seed": args.seed},
            "datasets": [], "neo4j_load": [], "memory_load": [], "memory_search": [], "queries": [], "api": [],
            "explorer": [],
            "skipped": [],
        }
        self.started = time.perf_counter()

    def save(self) -> None:
        self.results["meta"]["seconds"] = round(time.perf_counter() - self.started, 1)
        self.a.out.parent.mkdir(parents=True, exist_ok=True)
        self.a.out.write_text(json.dumps(self.results, indent=1, default=str))

    def say(self, text: str) -> None:
        print(f"[bench {time.perf_counter() - self.started:7.1f}s] {text}", flush=True)

    def skip(self, section: str, reason: str) -> None:
        self.results["skipped"].append({"section": section, "reason": reason})
        self.say(f"SKIPPED {section}: {reason}")

    # ---- sections ------------------------------------------------------------------------

    def run(self) -> dict:
        datasets = []
        generated = self.a.sizes if self.a.sections & {"neo4j", "memory", "queries", "api"} else []
        for size in generated:  # the explorer section generates its own study
            t = time.perf_counter()
            ds = dataset(size, self.a.data_dir, self.a.seed)
            datasets.append(ds)
            self.results["datasets"].append({**ds.as_dict(), "seconds": round(time.perf_counter() - t, 2)})
            self.say(f"data {size}: {ds.experts} experts, {ds.quotes} quotes, {ds.codings} codings, "
                     f"{ds.csv_bytes / 2**20:.1f} MiB CSV")
        self.save()
        if "neo4j" in self.a.sections or "api" in self.a.sections or "queries" in self.a.sections:
            if self.a.neo4j_uri:
                self.neo4j(datasets)
            else:
                self.skip("neo4j", "NEO4J_URI is not set: loading into Neo4j, Neo4j query latency and the API "
                                   "on Neo4j were not measured (start one: scripts/neo4j-dev.sh start)")
        if self.a.sections & {"memory", "queries", "api"}:
            self.memory(datasets)
        if "explorer" in self.a.sections:
            self.explorer()
        self.save()
        return self.results

    def explorer(self) -> None:
        self.say("explorer: the network pages of a 200-code study and of the demo study, in Chromium")
        rows = explorer_draw.run_explorer_draw(self.a.data_dir / "explorer-store", rounds=1 if self.a.quick else 3)
        self.results["explorer"] = rows
        for r in rows:
            self.say(f"explorer {r['page']}: first draw {r.get('first_draw_ms')} ms, settled {r.get('settled_ms')} ms, "
                     f"{r.get('nodes')} nodes {r.get('error', '')}")
        self.save()

    def neo4j(self, datasets) -> None:
        target = neo4j_load.Neo4jTarget(self.a.neo4j_uri)
        try:
            self.results["meta"]["neo4j"] = target.server()
        except Exception as exc:  # an unreachable server: say so and go on with the embedded parts
            self.skip("neo4j", f"{self.a.neo4j_uri} does not answer ({type(exc).__name__}: {exc})")
            return
        self.say(f"neo4j {self.results['meta']['neo4j']}")
        if not neo4j_load.slug_matches_cypher():
            self.skip("neo4j baselines", "graph.naming.slug no longer equals the baselines' Cypher slug")
            return
        store = target.store()
        try:
            # Each loader once, untimed, so that none pays for the server's JIT and plan caches.
            self.say("neo4j: warming up every loader on 1,000 segments")
            first = dataset(1_000, self.a.data_dir, self.a.seed)
            url, _ = neo4j_load.csv_url(target, first)
            warmups = {"themegraph": lambda: neo4j_load.load_themegraph(store, first, target),
                       "load_csv": lambda: url and neo4j_load.load_csv(target, url),
                       "naive": lambda: neo4j_load.load_naive(target, first, limit=200)}
            for name, warm in warmups.items():
                if name in self.a.loaders:
                    neo4j_load.wipe(target, store)
                    warm()
            for ds in datasets:
                self.neo4j_size(target, store, ds)
            neo4j_load.wipe(target, store)
        finally:
            store.close()

    def neo4j_size(self, target, store, ds) -> None:
        size = ds.rows
        facts: dict[str, dict] = {}
        runs = []
        if "neo4j" in self.a.sections and "load_csv" in self.a.loaders:
            url, how = neo4j_load.csv_url(target, ds)
            runs.append(("load_csv", (lambda: neo4j_load.load_csv(target, url)) if url else None, how))
        if "neo4j" in self.a.sections and "naive" in self.a.loaders:
            if size <= self.a.naive_max:
                runs.append(("naive", lambda: neo4j_load.load_naive(target, ds), "one transaction per row"))
            else:
                self.skip(f"naive loader at {size}", f"runs only up to --naive-max {self.a.naive_max} rows")
        if "themegraph" in self.a.loaders:
            runs.append(("themegraph", lambda: neo4j_load.load_themegraph(store, ds, target), "load_paths -> Neo4jStore"))
        # The queries read the graph of the last loader of the last round: ThemeGraph's, unless
        # --query-graph load_csv (the same model, checked equal at the sizes both can load).
        runs.sort(key=lambda run: run[0] == self.a.query_graph)
        rows = {}
        # Rounds interleave the loaders (A B C A B C), and each keeps its best time: on a shared
        # machine, the least disturbed run is the closest to what the loader costs.
        for round_ in range(1, self.a.rounds + 1):
            for loader, work, note in runs:
                if loader not in rows:
                    rows[loader] = {"size": size, "loader": loader, "note": note, "all_seconds": []}
                    if "neo4j" in self.a.sections:
                        self.results["neo4j_load"].append(rows[loader])  # filled in below, saved as it goes
                row = rows[loader]
                if work is None:
                    row["error"] = note
                    continue
                if row.get("error"):
                    continue
                if round_ > 1 and loader == "naive" and size > self.a.naive_max // 10:
                    continue  # the naive loader is 20x+ slower; one round of it is enough
                self.say(f"neo4j {size}: emptying the database, then {loader} (round {round_})")
                before = loadavg()
                try:
                    row.setdefault("wipe_seconds", []).append(neo4j_load.wipe(target, store))
                    before = loadavg()
                    done = work()
                except Exception as exc:  # a loader that fails (memory, timeout) is a figure too
                    row["error"] = f"{type(exc).__name__}: {str(exc)[:400]}"
                    traceback.print_exc()
                    continue
                row["all_seconds"].append(done["seconds"])
                if done["seconds"] <= min(row["all_seconds"]):
                    row.update(done, load_before=before, load_after=loadavg(),
                               rows_per_s=round(size / done["seconds"], 1))
                    facts[loader] = neo4j_load.graph_facts(target, store)
                self.say(f"neo4j {size} {loader}: {done['seconds']} s (load {before})")
                self.save()
        self.save()
        # ThemeGraph loads last in every round, so the queries below read its graph.
        reference = facts.get("themegraph")
        queried = facts.get(self.a.query_graph)
        for row in self.results["neo4j_load"]:
            if row["size"] == size and row["loader"] in facts and reference:
                diff = neo4j_load.compare_facts(reference, facts[row["loader"]])
                row["same_graph"] = not diff
                if diff:
                    row["differences"] = diff
        if reference:
            self.results["meta"].setdefault("neo4j_stats", {})[size] = reference["stats"]
        if "queries" in self.a.sections and queried:
            self.say(f"neo4j {size}: queries on the graph {self.a.query_graph} built")
            name = "neo4j" if self.a.query_graph == "themegraph" else f"neo4j ({self.a.query_graph} graph)"
            # A store of its own, as another process's (a server started after the load) would be:
            # no answer kept by the loading store, and a graph LOAD CSV built gets its sort keys.
            reader = target.store()
            try:
                started = time.perf_counter()
                reader.studies()  # the store's first read checks the schema: timed apart from the cases
                self.results["meta"].setdefault("neo4j_reader_open_ms", {})[size] = round(
                    (time.perf_counter() - started) * 1000, 1)
                self.results["queries"] += queries.run_cases(reader, name, size, budget_s=self.a.query_budget,
                                                             max_n=self.a.query_max_n)
            finally:
                reader.close()
            self.save()
        if "api" in self.a.sections and queried and size in self.a.api_sizes:
            self.api("neo4j", size, None, _neo4j_env(self.a.neo4j_uri))

    def memory(self, datasets) -> None:
        from graph.stores.memory import MemoryStore

        for ds in datasets:
            size = ds.rows
            if size > self.a.memory_max:
                self.skip(f"embedded store at {size}", f"runs only up to --memory-max {self.a.memory_max} rows")
                continue
            data_dir = self.a.data_dir / f"memory-store-{size}"
            data_dir.mkdir(parents=True, exist_ok=True)
            self.say(f"memory {size}: load in a child process")
            before = loadavg()
            row = {**memory_load.run_memory_load(ds, data_dir, timeout=3600), "load_before": before,
                   "load_after": loadavg()}
            if "memory" in self.a.sections:
                self.results["memory_load"].append(row)
            self.say(f"memory {size}: {row.get('seconds')} s, {row.get('rows_per_s')} rows/s, "
                     f"peak RSS {row.get('peak_rss_mb')} MB {row.get('error', '')}")
            self.save()
            if row.get("error"):
                continue
            if "queries" in self.a.sections:
                self.say(f"memory {size}: open and search in a child process")
                found = memory_search.run_memory_search(data_dir, size, timeout=3600)
                self.results["memory_search"].append(found)
                self.say(f"memory {size}: opened in {found.get('open_seconds')} s, first search "
                         f"{found.get('first_search_ms')} ms, peak RSS {found.get('peak_rss_mb')} MB "
                         f"{found.get('error', '')}")
                t = time.perf_counter()
                store = MemoryStore(data_dir)
                opened = round(time.perf_counter() - t, 3)
                self.say(f"memory {size}: store opened in {opened} s; queries")
                rows = queries.run_cases(store, "memory", size, budget_s=self.a.query_budget,
                                         max_n=self.a.query_max_n)
                rows[0]["open_seconds"] = opened
                self.results["queries"] += rows
                expected = queries.matrix_cells(store.matrix(queries.RISKS))
                del store
                gc.collect()
                self.results["queries"].append(queries.run_crosstab(
                    ds.csv, size, budget_s=self.a.query_budget, max_n=self.a.query_max_n, expected=expected))
                self.save()
            if "api" in self.a.sections and size in self.a.api_sizes:
                self.api("memory", size, data_dir, {})

    def api(self, store: str, size: int, data_dir: Path | None, env: dict) -> None:
        self.say(f"api {store} {size}: {self.a.clients} clients x {self.a.api_seconds} s per endpoint")
        try:
            with api_load.served(store, data_dir, env) as (base, log):
                rows = api_load.run_api_load(base, log, size, store, clients=self.a.clients,
                                             seconds=self.a.api_seconds)
        except RuntimeError as exc:
            rows = [{"size": size, "store": store, "endpoint": "(server)", "error": str(exc)}]
        for r in rows:
            r["load_after"] = loadavg()
            self.say(f"api {store} {size} {r['endpoint'].split('?')[0]}: {r.get('rps')} req/s, "
                     f"p99 {r.get('p99_ms')} ms, errors {r.get('errors')} {r.get('skipped') or r.get('error') or ''}")
        self.results["api"] += rows
        self.save()


def merge(paths: list[Path]) -> dict:
    """Several result files as one: their rows added up, the first file's meta as `meta`, all in `runs`."""
    merged: dict = {}
    for path in paths:
        results = json.loads(path.read_text())
        merged.setdefault("meta", results["meta"])
        merged.setdefault("runs", []).extend(results.get("runs", [results["meta"]]))
        for part in ("datasets", "neo4j_load", "memory_load", "memory_search", "queries", "api", "explorer",
                     "skipped"):
            merged.setdefault(part, []).extend(results.get(part, []))
    return merged


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.render:
        merged = merge(args.render)
        if args.merge_into:
            args.merge_into.write_text(json.dumps(merged, indent=1, default=str))
        print(report.render(merged))
        return 0
    bench = Run(args)
    try:
        results = bench.run()
    finally:
        bench.save()
    print()
    print(report.render(results))
    print(f"results: {args.out} ({results['meta']['seconds']} s)")
    return 0


def run() -> None:
    sys.exit(main())
