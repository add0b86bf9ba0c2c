"""The views in headless Chromium with the network cut off: drawn with the node and edge counts
the graph gives, no console error, clicks that walk expert -> quote -> sub-theme -> another
expert, and markup in the data that never runs. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from api.demo import DEMO_STUDY, run_demo
from graph.quotes import QuoteQuery
from graph.results import MatrixQuery
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import SAMPLE
from tests.views.conftest import HOSTILE_STUDY, IMG, SCRIPT, load_hostile, serving
from tests.views.test_page import DEMO_FILES

GAP = f"{DEMO_STUDY}:theme:technological-mental-health-gap"


def expected_counts(store: GraphStore, name: str) -> tuple[int, int]:
    """Nodes and edges of a sample view, counted from the store's reads (not from the view code)."""
    if name == "overview":
        trees = store.themes(DEMO_STUDY, by="profession")
        subs = [c for t in trees for c in t.children]
        raised = sum(1 for c in subs for b in c.breakdown if b.experts)
        professions = {e.profession for e in store.experts(DEMO_STUDY)}
        return 1 + len(trees) + len(subs) + len(professions), len(trees) + len(subs) + raised
    if name == "risks":
        m = store.matrix(MatrixQuery(category="gap", study=DEMO_STUDY))
        return len(m.rows) + len(m.cols), sum(1 for row in m.cells for c in row if c)
    if name == "expert":
        p = store.expert(f"{DEMO_STUDY}:P01")
        codes = len(p.themes) + len(p.subthemes)
        return 2 + len(p.quotes) + codes, 1 + len(p.quotes) + sum(len(q.codes) for q in p.quotes) + len(p.subthemes)
    gap = next(t for t in store.themes(DEMO_STUDY) if t.uid == GAP)
    quotes = store.quotes(QuoteQuery(theme=GAP, limit=500)).items
    experts = {q.expert for q in quotes}
    professions = {q.profession for q in quotes}
    codings = sum(1 for q in quotes for c in q.codes if c.uid == GAP or c.uid.startswith(GAP.replace(":theme:", ":subtheme:")))
    return (1 + len(gap.children) + len(quotes) + len(experts) + len(professions),
            len(gap.children) + codings + len(quotes) + len(experts))


def assert_clean(v) -> None:
    assert v.errors == [] and v.blocked == []
    assert v.page.evaluate("window.__pwned") is None


def test_demo_files_open_offline_and_link_to_each_other(viewer, tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    run_demo(store, tmp_path / "demo")
    v = viewer(None)
    for name, kind in zip(DEMO_FILES, ["overview", "risks", "expert", "theme"]):
        v.open((tmp_path / "demo" / name).as_uri())
        assert v.counts() == expected_counts(store, kind), name
        assert "Illustrative data" in v.page.inner_text("header")
        v.screenshot(f"file-{kind}")
    v.open((tmp_path / "demo" / "view-overview.html").as_uri())
    with v.page.expect_navigation():
        v.click_node(f"theme|{GAP}")
    v.wait_drawn()
    assert v.page.url.endswith("/view-theme-risks.html") and v.counts() == expected_counts(store, "theme")
    v.click_node(next(i for i in v.node_ids("expert") if not i.endswith(":P01")))  # not written: the panel says how
    panel = v.page.locator("#details")
    assert panel.is_visible() and "themegraph view 'expert:" in panel.inner_text()
    assert_clean(v)


def test_walk_by_clicking_on_the_server(viewer, store: GraphStore) -> None:
    load_paths(store, [SAMPLE], LoadOptions(study=DEMO_STUDY, codebook="reference"))
    with serving(store) as base:
        v = viewer(base)
        for path, kind in [(f"/views/overview?study={DEMO_STUDY}", "overview"), ("/views/risks", "risks"),
                           (f"/views/themes/{quote(GAP, safe='')}", "theme")]:
            v.open(base + path)
            assert v.counts() == expected_counts(store, kind), path
        v.open(f"{base}/views/experts/{quote(DEMO_STUDY + ':P01', safe='')}")
        assert v.counts() == expected_counts(store, "expert")
        v.screenshot(f"served-expert-{store.name}")
        said = store.expert(f"{DEMO_STUDY}:P01").quotes
        q = next(q for q in said if any(c.kind == "subtheme" for c in q.codes))
        sub = next(c for c in q.codes if c.kind == "subtheme")

        with v.page.expect_navigation():  # expert -> quote
            v.click_node(f"quote|{q.uid}")
        v.wait_drawn()
        assert unquote(v.page.url).endswith(f"/views/neighborhood/{q.uid}")
        around = store.neighborhood(q.uid, 1, 500)
        assert v.counts() == (len(around.nodes), len(around.edges))
        v.screenshot(f"served-quote-{store.name}")

        with v.page.expect_navigation():  # quote -> sub-theme
            v.click_node(f"SubTheme|{sub.uid}")
        v.wait_drawn()
        assert unquote(v.page.url).endswith(f"/views/themes/{sub.uid}")
        others = [i for i in v.node_ids("expert") if not i.endswith(":P01")]
        assert others

        with v.page.expect_navigation():  # sub-theme -> another expert
            v.click_node(others[0])
        v.wait_drawn()
        assert unquote(v.page.url).endswith(f"/views/experts/{others[0].split('|', 1)[1]}")
        assert_clean(v)


def test_markup_in_the_data_never_runs(viewer, memory_store: MemoryStore, tmp_path: Path) -> None:
    load_hostile(memory_store, tmp_path)
    expert = next(e for e in memory_store.experts(HOSTILE_STUDY) if e.pseudonym.startswith("P1"))
    said = memory_store.quotes(QuoteQuery(expert=expert.uid)).items[0]
    with serving(memory_store) as base:
        v = viewer(base)
        v.open(f"{base}/views/experts/{quote(expert.uid, safe='')}")
        v.page.mouse.move(*v.point_at(f"quote|{said.uid}"))  # the tooltip shows the markup as text
        tip = v.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible")
        assert SCRIPT in tip.inner_text() and IMG in tip.inner_text()
        v.open(f"{base}/views/risks?study={HOSTILE_STUDY}")
        v.page.mouse.click(*v.point_on_edge("e0"))  # the panel shows the cell's names and quotes as text
        v.page.locator("#details").wait_for(state="visible")
        assert "Experts:" in v.page.inner_text("#details")
        for path in [f"/views/neighborhood/{said.uid}", f"/views/themes/{HOSTILE_STUDY}:theme:technological-mental-health-gap",
                     f"/views/overview?study={HOSTILE_STUDY}"]:
            v.open(base + path)
        v.screenshot("hostile-overview")
        v.page.goto(f"{base}/?study={HOSTILE_STUDY}")
        assert "P1<img src=x onerror=window.__pwned=1>" in v.page.inner_text("body")
        assert v.page.locator("img").count() == 0
        assert_clean(v)


def test_chinese_labels_are_drawn_with_a_cjk_font(viewer, memory_store: MemoryStore, tmp_path: Path) -> None:
    load_hostile(memory_store, tmp_path)
    with serving(memory_store) as base:
        v = viewer(base)
        v.open(f"{base}/views/themes/{HOSTILE_STUDY}:subtheme:technological-mental-health-gap.user-risk")
        labels = v.page.evaluate("network.body.data.nodes.get().map(n => n.label)")
        assert "精神科医生" in labels and "专家02" in labels
        assert v.page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '精神科医生')")
        path = v.screenshot("cjk-subtheme")
        assert path.stat().st_size > 10_000
        assert_clean(v)


@pytest.mark.parametrize("sample", [SAMPLE])
def test_served_pages_fetch_nothing_else(viewer, memory_store: MemoryStore, sample: Path) -> None:
    load_paths(memory_store, [sample], LoadOptions(study=DEMO_STUDY, codebook="reference"))
    with serving(memory_store) as base:
        v = viewer(base)
        requests: list[str] = []
        v.page.on("request", lambda r: requests.append(r.url))
        v.open(f"{base}/views/overview")
        assert [u for u in requests if not re.match(re.escape(base) + r"/views/overview$", u)] == []
        assert_clean(v)
