"""A study of 20,000 quotes: the views keep to the node budget, say what they left out, load in
Chromium and stay responsive. Embedded store only: the same test on Neo4j took 131 s here
(writing 20k quotes, then paging them back 500 at a time) against 22 s, and the view code
reads both stores through the same calls, which test_builders runs on both."""

from __future__ import annotations

import re
from pathlib import Path

from graph.quotes import QuoteQuery
from graph.store import GraphStore
from graph.views import DEFAULT_BUDGET, ViewSpec, export_views
from tests.views.bigstudy import load_big
from tests.views.test_page import assert_self_contained, page_data


def _hidden(nodes: list[dict], noun: str) -> int:
    return sum(int(re.match(r"\+([\d,]+) more", d["label"])[1].replace(",", ""))
               for d in nodes if d["kind"] == "more" and d["label"].endswith(noun))


def test_20k_quotes_stay_within_budget_and_responsive(viewer, memory_store: GraphStore, tmp_path: Path) -> None:
    store = memory_store
    batch = load_big(store, "big", quotes=20_000, experts=400, heavy_share=0.1)
    gap = next(t.uid for t in batch.themes if t.category == "gap")
    theme_total = store.quotes(QuoteQuery(theme=gap, limit=1)).total
    pages = [(ViewSpec("theme", uid=gap), "theme.html"), (ViewSpec("expert", uid="big:E0000"), "expert.html"),
             (ViewSpec("overview"), "overview.html")]
    theme, expert, overview = export_views(store, pages, tmp_path)
    for path in (theme, expert, overview):
        page = path.read_text("utf-8")
        assert_self_contained(page)
        assert len(page_data(page)["nodes"]) <= DEFAULT_BUDGET, path.name
    data = page_data(theme.read_text("utf-8"))
    quotes = sum(d["kind"] == "quote" for d in data["nodes"])
    assert quotes + _hidden(data["nodes"], "quotes") == theme_total > DEFAULT_BUDGET
    heavy = page_data(expert.read_text("utf-8"))
    assert sum(d["kind"] == "quote" for d in heavy["nodes"]) + _hidden(heavy["nodes"], "quotes") == 2_000

    v = viewer(None)
    v.open(theme.as_uri(), timeout=60_000)
    assert v.counts() == (len(data["nodes"]), len(data["edges"]))
    assert v.page.evaluate("network.moveTo({scale: 0.5}); network.redraw(); network.getScale()") == 0.5
    v.click_node(v.node_ids("quote")[0])  # its neighbourhood was not written: the panel opens instead
    v.page.locator("#details").wait_for(state="visible")
    v.page.evaluate("network.fit({animation: false})")
    v.screenshot(f"scale-20k-theme-{store.name}")
    assert v.errors == [] and v.blocked == []
