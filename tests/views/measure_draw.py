"""Time to first draw of views of 1k, 5k and 20k nodes in headless Chromium, and page sizes.

Not a test (speed is measured, never asserted): run `python -m tests.views.measure_draw
[N ...]`. The views are synthetic trees shaped like a theme view (codes, quotes, experts),
drawn by the same build and page code as real ones; `measure` can time any page.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from graph.views.build import PHYSICS_MAX_NODES, to_network
from graph.views.model import View, ViewBuilder, ViewEdge, ViewNode
from graph.views.page import FileLinks, render_page
from tests.views.conftest import CHROMIUM, CHROMIUM_ARGS


def synthetic_view(n: int) -> View:
    """A view of exactly `n` nodes: one theme, 11 sub-themes, experts, and quotes between them."""
    b = ViewBuilder()
    root = b.node(ViewNode("theme|t", "theme", "Theme", "a theme", "gap", n, centre=True))
    subs = [b.node(ViewNode(f"subtheme|{i}", "subtheme", f"Sub-theme {i}", "", "gap", 10)) for i in range(min(11, n - 1))]
    for s in subs:
        b.edge(ViewEdge(s, root, "PART_OF"))
    left = n - len(b)
    experts = [b.node(ViewNode(f"expert|{i}", "expert", f"P{i:04d}", "", weight=1)) for i in range(max(left // 10, 1))]
    i = 0
    while len(b) < n:
        q = b.node(ViewNode(f"quote|{i}", "quote", f"quote {i}", f"“quote {i}”", "gap"))
        b.edge(ViewEdge(experts[i % len(experts)], q, "SAID"))
        b.edge(ViewEdge(q, subs[i % len(subs)], "CODED_AS"))
        i += 1
    return b.view("theme", f"{n} nodes", "synthetic", None)


def measure(browser: object, path: Path, timeout: float = 120.0) -> dict:
    """Load a page from a file; return ms to its first draw and to a settled layout, and drawn counts."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        start = time.monotonic()
        page.goto(path.as_uri())
        while not page.evaluate("() => !!(window.__themegraph && __themegraph.ready && __themegraph.stabilized)"):
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"{path} not drawn in {timeout} s")
            time.sleep(0.02)
        settled = (time.monotonic() - start) * 1000
        first, nodes, edges = page.evaluate(
            "[__themegraph.firstDraw, network.body.nodeIndices.length, network.body.edgeIndices.length]")
        t = time.monotonic()
        page.evaluate("network.moveTo({scale: 1.5}); network.redraw(); 1")
        return {"first_draw_ms": round(first), "settled_ms": round(settled), "nodes": nodes, "edges": edges,
                "redraw_ms": round((time.monotonic() - t) * 1000)}
    finally:
        page.close()


def main(sizes: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="themegraph-draw-"))
    print(f"physics (bounded stabilisation) up to {PHYSICS_MAX_NODES} nodes, precomputed positions above")
    print(f"{'nodes':>7} {'edges':>7} {'build s':>8} {'html MB':>8} {'first draw ms':>14} {'settled ms':>11} "
          f"{'redraw ms':>10}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for n in sizes:
            t = time.monotonic()
            view = synthetic_view(n)
            page = render_page(to_network(view), view, FileLinks())
            built = time.monotonic() - t
            path = out / f"view-{n}.html"
            path.write_text(page, encoding="utf-8")
            m = measure(browser, path)
            print(f"{m['nodes']:>7} {m['edges']:>7} {built:>8.2f} {len(page.encode()) / 1e6:>8.2f} "
                  f"{m['first_draw_ms']:>14} {m['settled_ms']:>11} {m['redraw_ms']:>10}")
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [400, 1000, 1500, 5000, 20000])
