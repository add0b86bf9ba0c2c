"""The views and the index over HTTP, on both stores: HTML, self-contained, escaped, and every
link a page offers answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.demo import DEMO_STUDY
from api.settings import Settings
from graph.results import MatrixQuery
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import SAMPLE
from tests.views.conftest import HOSTILE_STUDY, IMG, SCRIPT, load_hostile
from tests.views.test_page import assert_self_contained, page_data

GAP = f"{DEMO_STUDY}:theme:technological-mental-health-gap"


@pytest.fixture
def client(store: GraphStore, tmp_path: Path) -> Iterator[TestClient]:
    load_paths(store, [SAMPLE], LoadOptions(study=DEMO_STUDY, codebook="reference"))
    load_hostile(store, tmp_path)
    with TestClient(create_app(Settings(store="memory"), store=store)) as c:
        yield c


def get_page(client: TestClient, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    nonce = re.search(r"'nonce-([\w-]+)'", r.headers["content-security-policy"])[1]
    assert f'<script nonce="{nonce}">' in r.text
    assert_self_contained(r.text)
    return r.text


def test_each_view_is_served_with_what_the_graph_says(client: TestClient, store: GraphStore) -> None:
    stats = {t.uid: t for t in store.themes(DEMO_STUDY)}
    professions = {e.profession for e in store.experts(DEMO_STUDY)}
    overview = page_data(get_page(client, f"/views/overview?study={DEMO_STUDY}"))
    assert len(overview["nodes"]) == 1 + len(stats) + sum(len(t.children) for t in stats.values()) + len(professions)
    risks = store.matrix(MatrixQuery(category="gap", study=DEMO_STUDY))
    data = page_data(get_page(client, f"/views/risks?study={DEMO_STUDY}"))
    assert len(data["nodes"]) == len(risks.rows) + len(risks.cols)
    assert len(data["edges"]) == sum(1 for row in risks.cells for c in row if c)
    profile = store.expert(f"{DEMO_STUDY}:P01")
    data = page_data(get_page(client, f"/views/experts/{quote(profile.expert.uid, safe='')}"))
    assert sum(d["kind"] == "quote" for d in data["nodes"]) == profile.expert.quotes
    data = page_data(get_page(client, f"/views/themes/{GAP}"))
    assert sum(d["kind"] == "quote" for d in data["nodes"]) == stats[GAP].quotes
    assert sum(d["kind"] == "expert" for d in data["nodes"]) == stats[GAP].experts


def test_every_link_of_a_page_answers(client: TestClient) -> None:
    data = page_data(get_page(client, f"/views/experts/{quote(DEMO_STUDY + ':P01', safe='')}"))
    hrefs = {d["href"] for d in data["nodes"] if "href" in d}
    assert {h.split("/")[2] for h in hrefs} == {"themes", "neighborhood"}
    for href in hrefs:
        get_page(client, href)
    quote_page = page_data(get_page(client, next(h for h in hrefs if "/neighborhood/q-" in h)))
    for href in {d["href"] for d in quote_page["nodes"] if "href" in d}:
        assert client.get(href).status_code == 200, href


def test_index_lists_studies_and_filters(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "script-src" not in r.headers["content-security-policy"]
    assert f'href="/views/overview?study={DEMO_STUDY}"' in r.text and "Illustrative data" in r.text
    assert "<script" not in r.text and "http://" not in r.text and "https://" not in r.text
    gap = client.get("/", params={"study": DEMO_STUDY, "category": "gap", "profession": "psychiatrist"}).text
    assert "Misleading information" in gap and "Training and competence" not in gap
    assert gap.count('href="/views/experts/') == 12  # the 12 psychiatrists
    assert client.get("/", params={"category": "danger"}).status_code == 422
    assert client.get("/?study=&category=&profession=").status_code == 200  # the form's "any"
    assert client.get("/", params={"study": "nope"}).headers["content-type"] == "application/problem+json"


def test_markup_in_names_is_escaped_on_the_index(client: TestClient) -> None:
    page = client.get("/", params={"study": HOSTILE_STUDY}).text
    assert SCRIPT not in page and IMG not in page
    assert "P1&lt;img src=x onerror=window.__pwned=1&gt;" in page


def test_refusals_are_problems(client: TestClient) -> None:
    for url, status in [("/views/experts/nobody", 404), ("/views/themes/nothing", 404),
                        ("/views/overview", 400), ("/views/overview?study=x", 404),
                        ("/views/risks?study=x&budget=1", 422), ("/views/neighborhood/nothing", 404)]:
        r = client.get(url)
        assert (r.status_code, r.headers["content-type"]) == (status, "application/problem+json"), url
