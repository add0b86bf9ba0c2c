"""Memos (#18) in the explorer (#17), on both stores: a quote's memo beside it on the quotes
page, an expert's memo on the expert's page, with their author, as text."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.contract.test_memos import noted_project


def test_memos_are_shown_with_their_quote_and_their_expert(store: GraphStore, tmp_path: Path) -> None:
    load_paths(store, [noted_project(tmp_path)], LoadOptions(study="m", concepts=False))
    (expert,) = store.experts("m")
    with TestClient(create_app(Settings(store="memory"), store=store)) as client:
        quotes = client.get("/explore/m/quotes")
        profile = client.get(f"/explore/m/experts/{expert.uid}")
    assert quotes.status_code == 200 and profile.status_code == 200
    article = quotes.text[quotes.text.index("<article"):quotes.text.index("</article>")]
    assert "on the quote" in article and "(Alice)" in article
    assert "on the case" not in article  # an expert's memo is not a quote's
    memos = profile.text[profile.text.index('id="memos"'):profile.text.index('id="source-memos"')]
    assert "on the case" in memos and "Alice, 2024-03-03" in memos and "on the source" not in memos
    on_sources = profile.text[profile.text.index('id="source-memos"'):profile.text.index('id="codes"')]
    assert "<b>P01.txt</b>: on the source" in on_sources and "Alice, 2024-03-04" in on_sources
