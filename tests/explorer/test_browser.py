"""The explorer in headless Chromium with every request off the test server refused: a person's
walk from the studies to the quotes behind a matrix cell, an expert, the graph and its side
panel; the keyboard; a phone's width; markup in the data that never runs. Screenshots of each
page (1400x900) go to tests/artifacts/explorer-*.png."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.demo import DEMO_STUDY
from graph.stores.memory import MemoryStore
from tests.explorer.conftest import HOSTILE, load_demo, load_hostile
from tests.live_server import serving

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


class Tab:
    """One browser tab at `size`, the network cut off but for `base`, recording console errors."""

    def __init__(self, browser: object, base: str, size: tuple[int, int] = (1400, 900)) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def _route(self, route: object) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def until(self, script: str, what: str, timeout: float = 20) -> object:
        # polled from here: wait_for_function evaluates a string, which the pages' CSP (rightly) refuses
        deadline = time.monotonic() + timeout
        while not (value := self.page.evaluate(script)):
            if time.monotonic() > deadline:
                panel = self.page.evaluate("() => (document.getElementById('panel') || {}).innerText")
                raise AssertionError(f"{self.page.url}: {what} not within {timeout} s; {self.errors}; panel: {panel}")
            time.sleep(0.05)
        return value

    def drawn(self) -> None:
        self.until("() => !!(window.__explorer && __explorer.ready && __explorer.stabilized)", "drawn")

    def panel_total(self) -> int:
        return int(self.until("() => { const p = document.querySelector('#panel .panel-count');"
                              " return p && p.dataset.total; }", "the panel's quotes"))

    def click_node(self, node_id: str) -> None:
        box = self.page.locator("#network").bounding_box()
        for scale in (1.5, 3, 6):
            p = self.page.evaluate(
                """([id, scale]) => { network.focus(id, {scale: scale, animation: false}); network.redraw();
                   const p = network.canvasToDOM(network.getPosition(id)); return {x: p.x, y: p.y, hit: network.getNodeAt(p)}; }""",
                [node_id, scale])
            if p["hit"] == node_id:
                self.page.mouse.click(box["x"] + p["x"], box["y"] + p["y"])
                return
        raise AssertionError(f"node {node_id} cannot be clicked on its own")

    def double_click_node(self, node_id: str) -> None:
        box = self.page.locator("#network").bounding_box()
        p = self.page.evaluate("(id) => { network.focus(id, {scale: 3, animation: false}); network.redraw();"
                               " return network.canvasToDOM(network.getPosition(id)); }", node_id)
        self.page.mouse.dblclick(box["x"] + p["x"], box["y"] + p["y"])

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"explorer-{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path

    def clean(self) -> None:
        assert self.errors == [] and self.blocked == [], (self.errors, self.blocked)
        assert self.page.evaluate("window.__pwned") is None


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    store = MemoryStore(tmp_path / "store")
    load_demo(store)
    load_hostile(store, tmp_path)
    with serving(store) as base:
        yield base


@pytest.fixture
def tab(browser: object, served: str) -> Iterator[object]:
    made: list[Tab] = []

    def make(size: tuple[int, int] = (1400, 900)) -> Tab:
        made.append(Tab(browser, served, size))
        return made[-1]

    yield make
    for t in made:
        t.context.close()


def test_from_the_studies_to_what_was_said_by_clicking(tab) -> None:
    t = tab()
    page = t.page
    page.goto(t.base + "/explore")
    t.shot("home")
    page.locator(f"section.card:has(a[href='/explore/{DEMO_STUDY}'])").get_by_role("link", name="Themes and experts").click()
    assert page.url.endswith(f"/explore/{DEMO_STUDY}")
    assert "illustrative" in page.locator(".notice").first.inner_text().lower()
    t.shot("study")
    page.locator("nav.tabs").get_by_role("link", name="Matrix").click()
    page.wait_for_selector("table.matrix")
    t.shot("matrix")
    cell = page.locator("table.matrix td[data-value] a").first
    value = int(cell.locator("xpath=..").get_attribute("data-value"))
    assert value > 0
    cell.click()
    page.wait_for_selector("#found")
    assert int(page.locator("#found").get_attribute("data-experts")) == value  # the matrix counts experts
    total = int(page.locator("#found").get_attribute("data-total"))
    assert page.locator("article[data-quote-uid]").count() == min(total, 50) > 0
    t.shot("quotes")
    page.locator("article[data-quote-uid] a.who").first.click()
    page.wait_for_selector("h1:has-text('Expert')")
    assert page.locator("article[data-quote-uid]").count() > 0
    t.shot("expert")
    page.locator("nav.tabs").get_by_role("link", name="Graph").click()
    t.drawn()
    t.shot("graph")
    data = page.evaluate("TG.data")
    code = max((c for c in data["codes"] if c["kind"] == "subtheme"), key=lambda c: c["quotes"])
    t.click_node(code["id"])
    assert t.panel_total() == code["quotes"]
    assert page.locator("#panel h2").inner_text() == code["name"]
    assert page.locator("#panel article[data-quote-uid]").count() == min(code["quotes"], 5)
    assert page.url.endswith("/graph")  # the quotes came without leaving the page
    t.shot("graph-panel")
    t.clean()


def test_the_graph_opens_and_closes_themes_and_adds_neighbours_on_double_click(tab) -> None:
    t = tab()
    t.page.goto(f"{t.base}/explore/{DEMO_STUDY}/graph")
    t.drawn()
    count = t.page.evaluate("() => network.body.data.nodes.length")
    theme = next(c for c in t.page.evaluate("TG.data.codes") if c["kind"] == "theme" and c["children"])
    t.double_click_node(theme["id"])
    t.until(f"() => network.body.data.nodes.length === {count - len(theme['children'])}", "the theme closed")
    t.drawn()
    t.double_click_node(theme["id"])
    t.until(f"() => network.body.data.nodes.length === {count}", "the theme opened again")
    t.drawn()
    profession = t.page.evaluate("TG.data.professions[0].id")
    t.double_click_node(profession)
    added = t.until("() => __explorer.lastExpansion && __explorer.lastExpansion.added", "neighbours added")
    assert t.page.evaluate("() => network.body.data.nodes.length") == count + added
    t.clean()


def test_the_cooccurrence_slider_hides_weaker_links(tab) -> None:
    t = tab()
    t.page.goto(f"{t.base}/explore/{DEMO_STUDY}/cooccurrence")
    t.drawn()
    t.shot("cooccurrence")
    links = t.page.evaluate("TG.data.links.map(l => l.count)")
    slider = t.page.locator("#threshold")
    slider.focus()
    for _ in range(max(links)):
        t.page.keyboard.press("ArrowRight")
    top = int(slider.input_value())
    assert top == max(links)
    assert t.page.evaluate("__explorer.shownLinks") == sum(1 for c in links if c >= top) < len(links)
    t.page.keyboard.press("Home")
    assert t.page.evaluate("__explorer.shownLinks") == len(links)
    t.page.locator("table a").first.click()  # the strongest pair's first code
    t.page.wait_for_selector("h2#who")
    t.shot("code")
    t.clean()


def test_the_keyboard_reaches_the_content_and_the_graphs_nodes(tab) -> None:
    t = tab()
    t.page.goto(f"{t.base}/explore/{DEMO_STUDY}/graph")
    t.drawn()
    t.page.keyboard.press("Tab")
    assert t.page.evaluate("document.activeElement.className") == "skip"
    t.page.keyboard.press("Enter")
    assert t.page.evaluate("document.activeElement.id") == "content"
    summary = t.page.locator("details.node-list summary")
    summary.focus()
    t.page.keyboard.press("Enter")
    button = t.page.locator("button[data-node^='SubTheme|']").first
    button.focus()
    t.page.keyboard.press("Enter")
    node = button.get_attribute("data-node")
    code = next(c for c in t.page.evaluate("TG.data.codes") if c["id"] == node)
    assert t.panel_total() == code["quotes"]
    t.page.keyboard.press("Tab")
    assert t.page.evaluate("document.activeElement.tagName") == "A"  # on to the code's own page
    t.clean()


@pytest.mark.parametrize("size", [(390, 844), (1366, 768)], ids=["phone", "laptop"])
def test_pages_fit_the_width_of_a_phone_and_a_laptop(tab, size: tuple[int, int]) -> None:
    t = tab(size)
    for path in ["", f"/{DEMO_STUDY}", f"/{DEMO_STUDY}/matrix", f"/{DEMO_STUDY}/quotes", f"/{DEMO_STUDY}/graph",
                 f"/{DEMO_STUDY}/cooccurrence"]:
        t.page.goto(f"{t.base}/explore{path}")
        if path.endswith(("graph", "cooccurrence")):
            t.drawn()
        wide = t.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= size[0], (path, wide)  # wide tables scroll inside their box, not the page
        assert t.page.locator("h1").bounding_box()["width"] <= size[0]
    t.page.goto(f"{t.base}/explore/{DEMO_STUDY}/matrix")
    t.shot(f"matrix-{size[0]}x{size[1]}")
    t.clean()


def test_markup_in_the_data_never_runs_in_the_browser(tab) -> None:
    t = tab()
    t.page.goto(f"{t.base}/explore/{HOSTILE}")
    urls = [t.page.url] + [t.base + h for h in t.page.evaluate(
        "[...document.querySelectorAll('a[href*=\"/codes/\"], a[href*=\"/experts/\"]')].map(a => a.getAttribute('href'))")]
    for path in ["matrix", "matrix?rows=province", "quotes", "quotes?q=said", "cooccurrence"]:
        urls.append(f"{t.base}/explore/{HOSTILE}/{path}")
    for url in urls:
        t.page.goto(url)
        assert t.page.evaluate("window.__pwned") is None, url
        text = t.page.locator("main").inner_text()
        assert "<script>" in text or "<img src=x" in text, url  # shown as the text it is
    t.page.goto(f"{t.base}/explore/{HOSTILE}/graph?expand=all")
    t.drawn()
    for c in t.page.evaluate("TG.data.codes"):
        t.click_node(c["id"])
        assert t.panel_total() == c["quotes"]
        assert t.page.locator("#panel h2").inner_text() == c["name"]
    t.shot("hostile-graph")
    t.clean()
