"""The explorer's network pages in headless Chromium (issue 17): how long a study of 200 codes
takes to draw, as a ratio to the demo study's page drawn in the same run.

A generated study of 8 themes of 25 sub-themes each (`wide_batch`) and the bundled sample
(15 codes, the baseline) are served by `themegraph serve` on the embedded store and opened in
Debian's Chromium with every request off the server refused. Each page is timed from
navigation start to vis-network's first drawing and to the later of that and its settled layout
(vis-network may settle before it first draws; the page's own performance.now() clock), best of
a few rounds; nothing here is asserted.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.api_load import served
from bench.measure import loadavg
from graph.model import Coding, Expert, GraphBatch, Profession, Quote, Source, Study, SubTheme, Theme
from graph.naming import expert_uid, quote_uid, source_uid, subtheme_uid, theme_uid
from graph.store import GraphStore

__all__ = ["WIDE_STUDY", "wide_batch", "run_explorer_draw", "CHROMIUM"]

WIDE_STUDY = "wide-200"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
CATEGORIES = ("benefit", "gap", "prerequisite", "expectation")
PROFESSIONS = ("psychiatrist", "mental health nurse", "clinical psychologist", "social worker", "researcher")


def wide_batch(study: str = WIDE_STUDY, themes: int = 8, per_theme: int = 25, quotes: int = 2_000,
               experts: int = 60) -> GraphBatch:
    """A study of `themes` x `per_theme` sub-themes (208 codes by default), each quote coded to one
    sub-theme and every seventh to a second one; deterministic."""
    batch = GraphBatch(study=Study(study, f"A study of {themes * (per_theme + 1)} codes"),
                       professions=[Profession(p, p) for p in PROFESSIONS])
    for t in range(themes):
        theme = Theme(theme_uid(study, f"Theme {t + 1:02d}"), study, f"Theme {t + 1:02d}", CATEGORIES[t % 4], t)
        batch.themes.append(theme)
        batch.subthemes += [SubTheme(subtheme_uid(theme.uid, f"Code {t + 1:02d}.{s + 1:02d}"), study,
                                     f"Code {t + 1:02d}.{s + 1:02d}", theme.uid, s) for s in range(per_theme)]
    people = [f"W{i:03d}" for i in range(experts)]
    for i, p in enumerate(people):
        batch.experts.append(Expert(expert_uid(study, p), study, p, PROFESSIONS[i % len(PROFESSIONS)]))
        batch.sources.append(Source(source_uid(study, f"Interview {p}"), study, f"Interview {p}"))
    codes = batch.subthemes
    for n in range(quotes):
        who = people[n % experts]
        source = source_uid(study, f"Interview {who}")
        text = f"Segment {n} of the generated study, said by {who}."
        uid = quote_uid(study, source, None, None, text)
        batch.quotes.append(Quote(uid, study, expert_uid(study, who), source, text))
        batch.codings.append(Coding(uid, codes[(n * 37) % len(codes)].uid))
        if n % 7 == 0:
            batch.codings.append(Coding(uid, codes[(n * 11 + 5) % len(codes)].uid))
    return batch


def load_wide_and_demo(store: GraphStore) -> None:
    """The wide study and the demo study (the baseline) in one store."""
    from api.demo import DEMO_STUDY
    from loaders.pipeline import LoadOptions, load_paths
    from loaders.sample import sample_path

    store.write(wide_batch())
    load_paths(store, [sample_path()], LoadOptions(study=DEMO_STUDY, codebook="reference"))


def _draw(browser, base: str, path: str, timeout: float = 120.0) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    page = context.new_page()
    try:
        started = time.monotonic()
        page.goto(base + path)
        while not page.evaluate("() => !!(window.__explorer && __explorer.ready && __explorer.stabilized)"):
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"{path} not drawn in {timeout} s")
            time.sleep(0.02)
        first, settled, nodes, edges = page.evaluate(
            "[__explorer.firstDraw, Math.max(__explorer.settledAt || 0, __explorer.firstDraw), network.body.nodeIndices.length,"
            " network.body.edgeIndices.length]")
        return {"first_draw_ms": round(first), "settled_ms": round(settled), "nodes": nodes, "edges": edges}
    finally:
        context.close()


def run_explorer_draw(data_dir: Path, rounds: int = 3) -> list[dict]:
    """Draw times of the explorer's graph (aggregated and fully open) and co-occurrence pages for the
    wide study and the demo study; each row keeps its best round and its ratio to the demo's page."""
    from playwright.sync_api import sync_playwright

    from api.demo import DEMO_STUDY
    from graph.stores.memory import MemoryStore

    if not CHROMIUM.exists():
        return [{"page": "(all)", "error": f"{CHROMIUM} is missing: install Debian's chromium"}]
    data_dir.mkdir(parents=True, exist_ok=True)
    load_wide_and_demo(MemoryStore(data_dir))
    cases = [(f"{DEMO_STUDY} graph", f"/explore/{DEMO_STUDY}/graph", None),
             (f"{WIDE_STUDY} graph, aggregated", f"/explore/{WIDE_STUDY}/graph", f"{DEMO_STUDY} graph"),
             (f"{WIDE_STUDY} graph, every code open", f"/explore/{WIDE_STUDY}/graph?expand=all", f"{DEMO_STUDY} graph"),
             (f"{DEMO_STUDY} co-occurrence", f"/explore/{DEMO_STUDY}/cooccurrence", None),
             (f"{WIDE_STUDY} co-occurrence", f"/explore/{WIDE_STUDY}/cooccurrence", f"{DEMO_STUDY} co-occurrence")]
    rows: dict[str, dict] = {}
    with served("memory", data_dir) as (base, _log), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            _draw(browser, base, cases[0][1])  # once untimed: the server's and the browser's first request
            for _round in range(rounds):  # interleaved, best kept: the least disturbed run on a shared machine
                for name, path, _ in cases:
                    m = _draw(browser, base, path)
                    row = rows.setdefault(name, {"page": name, "path": path, "all_first_draw_ms": []})
                    row["all_first_draw_ms"].append(m["first_draw_ms"])
                    if m["first_draw_ms"] <= min(row["all_first_draw_ms"]):
                        row.update(m, load=loadavg())
        finally:
            browser.close()
    for name, _, baseline in cases:
        if baseline:
            rows[name]["ratio_to_baseline"] = round(rows[name]["first_draw_ms"] / max(rows[baseline]["first_draw_ms"], 1), 2)
            rows[name]["baseline"] = baseline
    return list(rows.values())
