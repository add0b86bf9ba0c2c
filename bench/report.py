"""The results as tables, the ratios between loaders, and the issue's goals met or missed."""

from __future__ import annotations

__all__ = ["load_ratios", "goals", "render", "explorer_table"]

EXPLORER_GOAL_MS = 3_000  # issue 17: the 200-code study's graph page draws in under 3 s


def _rate(rows: list[dict], size: int, loader: str) -> float | None:
    for r in rows:
        if r["size"] == size and r["loader"] == loader and not r.get("error") and r.get("rows_per_s"):
            return r["rows_per_s"]
    return None


def load_ratios(results: dict) -> list[dict]:
    """Per size: ThemeGraph's rate over LOAD CSV's and over the naive loader's."""
    rows = results.get("neo4j_load", [])
    out = []
    for size in sorted({r["size"] for r in rows}):
        tg, lc, nv = (_rate(rows, size, name) for name in ("themegraph", "load_csv", "naive"))
        out.append({"size": size,
                    "themegraph_over_load_csv": round(tg / lc, 3) if tg and lc else None,
                    "themegraph_over_naive": round(tg / nv, 2) if tg and nv else None})
    return out


def _query(results: dict, size: int, store: str, case: str) -> dict | None:
    return next((r for r in results.get("queries", [])
                 if r["size"] == size and r["store"] == store and r["case"] == case), None)


def goals(results: dict) -> list[dict]:
    """Each goal of issue 8 with the figure measured for it: met, missed or not measured."""
    out = []

    def goal(text: str, value, ok: bool | None, where: str) -> None:
        status = "not measured" if value is None else ("met" if ok else "missed")
        out.append({"goal": text, "measured": value, "status": status, "where": where})

    ratios = [r for r in load_ratios(results) if r["themegraph_over_load_csv"] is not None]
    big = ratios[-1] if ratios else None
    goal("ThemeGraph Neo4j loader >= 0.5 x LOAD CSV", big and big["themegraph_over_load_csv"],
         big and big["themegraph_over_load_csv"] >= 0.5, f"largest size both ran: {big and big['size']}")
    naive = [r for r in load_ratios(results) if r["themegraph_over_naive"] is not None]
    nbig = naive[-1] if naive else None
    goal("ThemeGraph Neo4j loader >= 20 x naive", nbig and nbig["themegraph_over_naive"],
         nbig and nbig["themegraph_over_naive"] >= 20, f"largest size both ran: {nbig and nbig['size']}")
    million = next((r for r in results.get("neo4j_load", [])
                    if r["size"] == 1_000_000 and r["loader"] == "themegraph"), None)
    seconds = million and not million.get("error") and million.get("seconds")
    goal("1M segments into Neo4j < 180 s", seconds or (million and "failed"), bool(seconds and seconds < 180),
         "themegraph loader, 1M" + (f": {million['error'][:80]}" if million and million.get("error") else ""))
    emb = next((r for r in results.get("memory_load", []) if r["size"] == 100_000), None)
    goal("100k into the embedded store < 20 s", emb and emb.get("seconds"),
         bool(emb and emb.get("seconds") and emb["seconds"] < 20), "in-process load time")
    goal("... with peak RSS < 2 GB", emb and emb.get("peak_rss_mb"),
         bool(emb and emb.get("peak_rss_mb") and emb["peak_rss_mb"] < 2048), "the child's VmHWM, MB")
    n1 = _query(results, 1_000_000, "neo4j", "matrix")
    where = "ms"
    if not n1:  # where ThemeGraph's own 1M load failed, the same model built by LOAD CSV
        n1 = _query(results, 1_000_000, "neo4j (load_csv graph)", "matrix")
        where = "ms, on the graph LOAD CSV built (ThemeGraph's 1M load failed)" if n1 else where
    goal("matrix p50 < 100 ms at 1M on Neo4j", n1 and n1.get("p50_ms"), bool(n1 and n1.get("p50_ms", 1e9) < 100),
         where)
    m100 = _query(results, 100_000, "memory", "matrix")
    goal("matrix p50 < 50 ms at 100k embedded", m100 and m100.get("p50_ms"),
         bool(m100 and m100.get("p50_ms", 1e9) < 50), "ms")
    for store in ("memory", "neo4j"):
        api = next((r for r in results.get("api", []) if r["size"] == 10_000 and r["store"] == store
                    and "/v1/matrix" in r["endpoint"] and "rps" in r), None)
        goal(f"API /v1/matrix > 500 req/s at 10k, no errors ({store} store)",
             api and f"{api['rps']} req/s, {api['errors']} errors",
             bool(api and api["rps"] > 500 and api["errors"] == 0), "50 clients")
    return out


def _table(headers: list[str], rows: list[list]) -> str:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda values: "| " + " | ".join(v.rjust(w) for v, w in zip(values, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells)])


def explorer_table(rows: list[dict]) -> str:
    """The explorer's draw times, their ratios to the demo's pages, and issue 17's goal."""
    table = _table(["page", "first draw ms", "settled ms", "nodes", "edges", "x demo's page", "error"],
                   [[r["page"], r.get("first_draw_ms"), r.get("settled_ms"), r.get("nodes"), r.get("edges"),
                     r.get("ratio_to_baseline"), r.get("error", "")] for r in rows])
    wide = next((r for r in rows if r["page"].endswith("graph, aggregated") and r.get("settled_ms")), None)
    verdict = ("not measured" if wide is None else
               f"{'met' if wide['settled_ms'] < EXPLORER_GOAL_MS else 'missed'} ({wide['settled_ms']} ms to a settled "
               "layout)")
    return ("Explorer pages in Chromium (ms from navigation start; best of the rounds)\n\n" + table
            + f"\n\nGoal (issue 17): the 200-code study's graph page draws in under 3 s: {verdict}")


def render(results: dict) -> str:
    """Markdown tables of every section, then the goals."""
    parts = []
    loads = results.get("neo4j_load", [])
    if loads:
        parts.append("Loading into Neo4j (segments/s; same server, same CSV)\n\n" + _table(
            ["size", "loader", "seconds", "segments/s", "read+validate s", "write s", "server CPU s",
             "client CPU s (read+validate / write)", "same graph", "note"],
            [[r["size"], r["loader"], r.get("seconds"), r.get("rows_per_s"), r.get("read_validate_seconds"),
              r.get("write_seconds"), r.get("server_cpu_seconds"),
              f"{r['client_cpu_read_validate']} / {r['client_cpu_write']}" if "client_cpu_write" in r else None,
              r.get("same_graph"), (r.get("error") or r.get("note") or "")[:60]]
             for r in loads]))
        parts.append(_table(["size", "ThemeGraph / LOAD CSV", "ThemeGraph / naive"],
                            [[r["size"], r["themegraph_over_load_csv"], r["themegraph_over_naive"]]
                             for r in load_ratios(results)]))
    mem = results.get("memory_load", [])
    if mem:
        parts.append("Loading into the embedded store\n\n" + _table(
            ["size", "seconds", "segments/s", "read+validate s", "write+save s", "peak RSS MB", "file MB", "error"],
            [[r["size"], r.get("seconds"), r.get("rows_per_s"), r.get("read_validate_seconds"),
              r.get("write_save_seconds"), r.get("peak_rss_mb"), r.get("store_file_mb"), r.get("error", "")[:60]]
             for r in mem]))
    opened = results.get("memory_search", [])
    if opened:
        parts.append("Opening the embedded store and searching it (a child process; unseen searches)\n\n" + _table(
            ["size", "open s", "RSS after open MB", "first search ms", "one word p50 ms", "two words p50 ms",
             "peak RSS MB", "error"],
            [[r["size"], r.get("open_seconds"), r.get("open_rss_mb"), r.get("first_search_ms"),
              r.get("one_word_p50_ms"), r.get("two_words_p50_ms"), r.get("peak_rss_mb"), r.get("error", "")[:60]]
             for r in opened]))
    queries = results.get("queries", [])
    if queries:
        parts.append("Query latency (ms)\n\n" + _table(
            ["size", "store", "case", "p50", "p95", "n", "first", "note"],
            [[r["size"], r["store"], r["case"], r.get("p50_ms"), r.get("p95_ms"), r.get("n"), r.get("first_ms"),
              (r.get("skipped") or r.get("error") or
               ("" if r.get("agrees_with_store") in (None, True) else "DISAGREES with the store"))[:60]]
             for r in queries]))
    api = results.get("api", [])
    if api:
        parts.append("API under load\n\n" + _table(
            ["size", "store", "endpoint", "req/s", "p50 ms", "p99 ms", "errors", "generator", "note"],
            [[r["size"], r["store"], r["endpoint"].split("?")[0], r.get("rps"), r.get("p50_ms"), r.get("p99_ms"),
              r.get("errors"), r.get("generator"), (r.get("skipped") or r.get("error") or "")[:60]] for r in api]))
    explorer = results.get("explorer", [])
    if explorer:
        parts.append(explorer_table(explorer))
    parts.append("Goals (issue 8)\n\n" + _table(["goal", "measured", "status", "where"],
                                              [[g["goal"], g["measured"], g["status"], g["where"]]
                                               for g in goals(results)]))
    if results.get("skipped"):
        parts.append("Skipped\n\n" + "\n".join(f"- {s['section']}: {s['reason']}" for s in results["skipped"]))
    return "\n\n".join(parts) + "\n"
