"""The explorer's pages over both stores: each answers with the shared header and its CSP, the
matrix's cells count what their quotes pages list, markup in the data stays text, a study too
large to draw starts aggregated, refusals are pages."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.demo import DEMO_STUDY
from api.explorer.render import EXPLORER_CSP
from api.links import ExplorerLinks
from api.settings import Settings
from bench.explorer_draw import WIDE_STUDY, wide_batch
from graph.store import GraphStore
from tests.explorer.conftest import (
    ESCAPED,
    ESCAPED_IMG,
    ESCAPED_JSON,
    HOSTILE,
    IMG,
    SCRIPT,
    hrefs,
    load_demo,
    load_hostile,
)

DEMO = ExplorerLinks(DEMO_STUDY)
CELL = re.compile(r'<td class="h\d" data-row="([^"]*)" data-col="([^"]*)" data-value="(\d+)"[^>]*>(?:<a href="([^"]+)")?')


@pytest.fixture
def client(store: GraphStore, tmp_path: Path) -> TestClient:
    load_demo(store)
    load_hostile(store, tmp_path)
    with TestClient(create_app(Settings(store="memory"), store=store)) as c:
        yield c


def page(client: TestClient, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == EXPLORER_CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    return r.text


def test_every_page_of_the_demo_has_the_header_the_notice_and_links_onward(client: TestClient) -> None:
    home = page(client, "/explore")
    assert DEMO.base in hrefs(home, DEMO.base) and f"/explore/{HOSTILE}" in home
    study = page(client, DEMO.base)
    code = hrefs(study, DEMO.base + "/codes/")[0]
    expert = hrefs(study, DEMO.base + "/experts/")[0]
    for url in [DEMO.base, DEMO.page("matrix"), DEMO.page("quotes"), DEMO.page("graph"), DEMO.page("cooccurrence"),
                code, expert]:
        html = page(client, url)
        assert 'aria-label="You are here"' in html and f">{DEMO_STUDY}</a>" in html, url
        assert 'class="notice" role="note"' in html and "illustrative" in html.lower(), url
        assert 'class="skip" href="#content"' in html and 'aria-current="page"' in html, url
        assert 'target="_blank"' not in html  # links open in a new tab by the reader's choice, not forced
    assert 'class="notice"' not in page(client, f"/explore/{HOSTILE}")  # only where it applies


def test_the_pages_own_scripts_and_styles_are_served_with_their_types(client: TestClient) -> None:
    for name, kind in [("explorer.css", "text/css"), ("network.js", "javascript"), ("graph.js", "javascript"),
                       ("cooccurrence.js", "javascript"), ("vis-network.min.js", "javascript")]:
        r = client.get(f"/explore-assets/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"] and len(r.content) > 1000, name
        assert r.headers["x-content-type-options"] == "nosniff"
    for html in (page(client, DEMO.page("graph")), page(client, DEMO.page("cooccurrence"))):
        scripts = re.findall(r"<script[^>]*>", html)
        assert all('src="/explore-assets/' in s or 'type="application/json"' in s for s in scripts), scripts


@pytest.mark.parametrize(("rows", "measure"), [("profession", "experts"), ("profession", "quotes"),
                                               ("expert", "experts"), ("expert", "quotes")])
def test_each_matrix_cell_counts_what_its_quotes_page_lists(client: TestClient, rows: str, measure: str) -> None:
    html = page(client, DEMO.page("matrix", rows=rows, category="gap", measure=measure))
    cells = CELL.findall(html)
    assert len(cells) >= 9 and any(int(v) for _, _, v, _ in cells)
    if rows == "expert":
        assert len({r for r, _, _, _ in cells}) == len(page(client, DEMO.base).split('href="/explore/' + DEMO_STUDY
                                                                                       + '/experts/')) - 1
    for row, col, value, href in cells:
        if int(value) == 0:
            assert not href
            continue
        quotes = page(client, unescape(href))
        found = re.search(r'id="found" data-total="(\d+)"(?: data-experts="(\d+)")?', quotes)
        assert found, href
        shown = found.group(2) if measure == "experts" else found.group(1)
        assert int(shown) == int(value), (row, col, value, found.groups())
        assert quotes.count("<article class=\"quote\"") == min(int(found.group(1)), 50)


def test_markup_in_names_attributes_and_quotes_is_shown_as_text_on_every_page(client: TestClient) -> None:
    to = ExplorerLinks(HOSTILE)
    study = page(client, to.base)
    urls = [to.base, to.page("matrix"), to.page("matrix", rows="province"), to.page("matrix", rows="expert"),
            to.page("matrix", cols="theme", measure="quotes"), to.page("quotes"), to.page("quotes", q="said"),
            to.page("graph"), to.page("graph", expand="all"), to.page("cooccurrence"),
            to.page("cooccurrence", unit="quote"), *hrefs(study, to.base + "/codes/"), *hrefs(study, to.base + "/experts/")]
    assert len(urls) >= 16
    for url in urls:
        html = page(client, url)
        assert SCRIPT not in html and IMG not in html and "<img" not in html, url
        assert any(shown in html for shown in (ESCAPED, ESCAPED_JSON, *ESCAPED_IMG)), url
    quotes = page(client, to.page("quotes", q="said"))
    assert f"<mark>said</mark> {ESCAPED}" in quotes  # highlighted and escaped piece by piece


def test_a_study_of_208_codes_starts_aggregated_and_pages_its_quotes(store: GraphStore) -> None:
    store.write(wide_batch())
    to = ExplorerLinks(WIDE_STUDY)
    with TestClient(create_app(Settings(store="memory"), store=store)) as client:
        graph = page(client, to.page("graph"))
        assert "themes stand for their sub-themes until opened" in graph
        assert '"opened": []' in graph and graph.count('"kind": "subtheme"') == 200
        assert '"opened": []' not in page(client, to.page("graph", expand="all"))
        first = page(client, to.page("quotes"))
        assert 'data-total="2000"' in first and "showing 1–50" in first and 'rel="prev"' not in first
        second = page(client, hrefs(first, to.page("quotes") + r"\?")[-1])
        assert "showing 51–100" in second and 'rel="prev"' in second
        uids = [set(re.findall(r'data-quote-uid="([^"]+)"', h)) for h in (first, second)]
        assert len(uids[0]) == len(uids[1]) == 50 and not uids[0] & uids[1]
        back = page(client, unescape(re.search(r'rel="prev" href="([^"]+)"', second).group(1)))
        assert set(re.findall(r'data-quote-uid="([^"]+)"', back)) == uids[0]


def test_refusals_are_pages_that_say_what_to_do(client: TestClient) -> None:
    assert "no study" in page(client, "/explore/nosuch", 404).lower()
    assert "cannot show" in page(client, DEMO.page("matrix", measure="words"), 422)
    assert "unknown attribute" in page(client, DEMO.page("matrix", rows="hat"), 400)
    page(client, DEMO.expert(f"{DEMO_STUDY}:nobody"), 404)
    page(client, DEMO.code(f"{HOSTILE}:theme:x"), 404)
