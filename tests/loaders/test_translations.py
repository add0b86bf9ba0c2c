"""A quote may carry the researchers' own translation (issue #19): a 'translation' column in any
table (or a mapping's `translation:`), kept by both stores, shown with the quote, carried by
JSONL, and printed in the brief under the original, marked. Reloading changes nothing, and a
later row of the same quote without one does not erase it."""

from __future__ import annotations

import json
from pathlib import Path

from graph.briefs import build_brief, render_brief
from graph.checksum import store_checksum
from graph.quotes import QuoteQuery
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.jsonl import jsonl_lines
from loaders.pipeline import LoadOptions, load_paths
from tests.loaders.test_tool_exports import MAXQDA_HEADERS, maxqda_rows, write_csv, write_xlsx

ORIGINAL = "模型会编造参考文献，病人分不清。"
ENGLISH = "The model makes up references; patients cannot tell."


def test_a_translation_column_reaches_the_quote_the_jsonl_and_the_brief(store: GraphStore, tmp_path: Path) -> None:
    rows = [["expert", "profession", "text", "theme", "subtheme", "translation"],
            ["P1", "psychiatrist", ORIGINAL, "Gaps", "Misleading information", ENGLISH],
            ["P1", "psychiatrist", ORIGINAL, "Gaps", "Trust", ""],
            ["P2", "nurse", "It saves time.", "Benefits", "Efficiency", ""]]
    path = write_csv(tmp_path / "segments.csv", rows)
    (report,) = load_paths(store, [path], LoadOptions(study="t", concepts=False))
    assert (report.quotes, report.codings) == (2, 3)
    by_text = {q.text: q for q in store.quotes(QuoteQuery(study="t", limit=10)).items}
    assert by_text[ORIGINAL].translation == ENGLISH and by_text["It saves time."].translation is None
    assert all("translation" not in dict(a) for _, a in store.dump().nodes if a.get("text") == "It saves time.")

    before = store_checksum(store)
    (again,) = load_paths(store, [path], LoadOptions(study="t", concepts=False))
    assert store_checksum(store) == before and again.created.get("quotes", 0) == 0

    lines = [json.loads(line) for line in jsonl_lines(store.dump())]
    (segment,) = [x for x in lines if x.get("type") == "segment" and x["text"] == ORIGINAL]
    assert segment["translation"] == ENGLISH
    (tmp_path / "g.jsonl").write_text("".join(line + "\n" for line in jsonl_lines(store.dump())), "utf-8")
    copy = MemoryStore(tmp_path / "copy")
    load_paths(copy, [tmp_path / "g.jsonl"], LoadOptions())
    assert store_checksum(copy) == before

    markdown = render_brief(build_brief(store, "t"), "md").decode("utf-8")
    assert ENGLISH in markdown and "Translation by the researchers" in markdown


def test_a_tools_export_with_an_added_translation_column(store: GraphStore, tmp_path: Path) -> None:
    rows = maxqda_rows(MAXQDA_HEADERS["en"])
    added = ["Translation", "Die Daten können abfließen.", "", ""]  # the researchers' rendering of row 1
    rows = [row + [value] for row, value in zip(rows, added)]
    load_paths(store, [write_xlsx(tmp_path / "coded_segments.xlsx", rows)], LoadOptions(study="m", concepts=False))
    items = {q.text: q.translation for q in store.quotes(QuoteQuery(study="m", limit=10)).items}
    assert items == {"Records may leak.": "Die Daten können abfließen.", "It saves time.": None}
    expert = store.experts("m")[0]
    assert "Translation" not in expert.attributes  # a role, not an attribute
