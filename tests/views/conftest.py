"""Pages for the view tests in the session's headless Chromium (tests/conftest.py), and a live server to open views from.

Debian's /usr/bin/chromium is driven by Playwright (no browser download). Without it the
browser tests skip and say so; with CI set they fail instead. Every page runs with the network
cut off: any request that is not to the test server is aborted and counted.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (measure_draw imports them from here)
from tests.live_server import serving  # noqa: F401  (the view tests import it from here)

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


class Viewer:
    """One browser tab with the network cut off except for `allowed`, recording console errors."""

    def __init__(self, browser: object, allowed: str | None) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=allowed is None)
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.allowed = allowed

    def _route(self, route: object) -> None:
        url = route.request.url
        if url.startswith("file:") or (self.allowed and url.startswith(self.allowed)):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, url: str, timeout: float = 60_000) -> None:
        """Go to `url` and wait until the network is drawn and its layout has settled."""
        self.page.goto(url)
        self.wait_drawn(timeout)

    def wait_drawn(self, timeout: float = 60_000) -> None:
        # polled from here: wait_for_function evaluates a string, which the pages' CSP (rightly) refuses
        deadline = time.monotonic() + timeout / 1000
        while not self.page.evaluate("() => !!(window.__themegraph && __themegraph.ready && __themegraph.stabilized)"):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.page.url} was not drawn within {timeout / 1000:.0f} s; {self.errors}")
            time.sleep(0.05)

    def counts(self) -> tuple[int, int]:
        """Nodes and edges vis-network draws (nodeIndices: not its hidden helper nodes)."""
        return tuple(self.page.evaluate("[network.body.nodeIndices.length, network.body.edgeIndices.length]"))

    def node_ids(self, kind: str) -> list[str]:
        return self.page.evaluate("(k) => network.body.data.nodes.get({filter: n => n.kind === k}).map(n => n.id)",
                                  kind)

    def point_at(self, node_id: str) -> tuple[float, float]:
        """Where on the page a click hits `node_id` and nothing else (the view zooms to it first)."""
        box = self.page.locator("#graph").bounding_box()
        for scale in (1.5, 3, 6):
            dom = self.page.evaluate(
                """([id, scale]) => { network.focus(id, {scale: scale, animation: false}); network.redraw();
                   const p = network.canvasToDOM(network.getPosition(id));
                   return {x: p.x, y: p.y, hit: network.getNodeAt(p)}; }""", [node_id, scale])
            if dom["hit"] == node_id:
                return box["x"] + dom["x"], box["y"] + dom["y"]
        raise AssertionError(f"node {node_id} cannot be clicked on its own")

    def point_on_edge(self, edge_id: str) -> tuple[float, float]:
        """Where on the page a click hits the edge and no node (tried along the drawn curve)."""
        box = self.page.locator("#graph").bounding_box()
        dom = self.page.evaluate(
            """(id) => { network.fit({animation: false}); network.redraw();
               for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
                 const c = network.body.edges[id].edgeType.getPoint(t), p = network.canvasToDOM(c);
                 if (network.getEdgeAt(p) === id && network.getNodeAt(p) === undefined) return p;
               } return null; }""", edge_id)
        assert dom, f"edge {edge_id} cannot be clicked on its own"
        return box["x"] + dom["x"], box["y"] + dom["y"]

    def click_node(self, node_id: str) -> None:
        self.page.mouse.click(*self.point_at(node_id))

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def viewer(browser: object) -> Iterator[object]:
    """Make Viewers (pass the server's base URL, or None for file pages); closed after the test."""
    made: list[Viewer] = []

    def make(allowed: str | None = None) -> Viewer:
        made.append(Viewer(browser, allowed))
        return made[-1]

    yield make
    for v in made:
        v.close()


HOSTILE_STUDY = "hostile"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=window.__pwned=1>"
HOSTILE_TEXT = f"It said {SCRIPT} and {IMG}; see <a href=\"javascript:window.__pwned=1\">this</a> & more."


def load_hostile(store: GraphStore, tmp_path: Path) -> None:
    """A study whose quote text, pseudonym, profession and attribute carry markup, beside Chinese text."""
    from loaders.pipeline import LoadOptions, load_paths
    from tests.factories import GAP, write_csv

    rows = [
        [f"P1{IMG}", f"nurse {SCRIPT}", f"Hunan{IMG}", GAP, "User risk", HOSTILE_TEXT],
        ["专家02", "精神科医生", "湖南", GAP, "Misleading information", "模型给出的剂量建议听起来很自信，但并不适合老年患者。"],
        ["专家02", "精神科医生", "湖南", GAP, "User risk", f"{IMG} 患者在危机中可能会完全相信它。"],
    ]
    load_paths(store, [write_csv(tmp_path / "hostile.csv", rows)], LoadOptions(study=HOSTILE_STUDY, codebook="reference"))
