"""The brief's forms: byte-identical twice, self-contained HTML, escaped quote text, redacted
text kept, and a study without a gap theme still briefed, on both stores."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

from graph.briefs import build_brief, render_brief
from graph.briefs.heatmap import render_heatmap
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from loaders.sample import ILLUSTRATIVE as SAMPLE_NOTICE
from tests.briefs.support import one_code_batch
from tests.factories import BENEFIT, KNOWN_STUDY, PREREQ, STUDY, load_known, write_csv


def test_same_data_gives_byte_identical_markdown_json_and_html(store: GraphStore, tmp_path: Path) -> None:
    load_known(store, tmp_path)
    first = build_brief(store, KNOWN_STUDY)
    load_known(store, tmp_path)  # loading again changes nothing, so neither may the brief
    second = build_brief(store, KNOWN_STUDY)
    for fmt in ("md", "json", "html"):
        assert render_brief(first, fmt) == render_brief(second, fmt), fmt


def test_heatmap_png_is_deterministic_and_carries_no_software_stamp(known: GraphStore) -> None:
    table = build_brief(known, KNOWN_STUDY).heatmap
    png = render_heatmap(table)
    assert png == render_heatmap(table) and png.startswith(b"\x89PNG")
    assert b"matplotlib" not in png.lower() and b"tIME" not in png


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_html_is_self_contained_and_print_friendly(sample: GraphStore) -> None:
    html = render_brief(build_brief(sample, STUDY), "html").decode()
    assert not re.search(r"https?:", html), "the brief must not reach the network"
    tags = _tags(html)
    assert {t for t, _ in tags}.isdisjoint({"script", "link", "iframe", "object", "embed"})
    (img,) = [a for t, a in tags if t == "img"]
    assert img["src"].startswith("data:image/png;base64,") and img["alt"]
    assert "@media print" in html and "<style>" in html
    assert escape(SAMPLE_NOTICE) in html  # the bundled sample is illustrative and the brief says so


HOSTILE = [
    ("H1", "psychiatrist", "<script>alert('x')</script> It <b>invents</b> doses & lies.", False),
    ("H2", "nurse", "[click here](http://evil.example) ![img](http://evil.example/x.png) and www.evil.example.", False),
    ("H3", "researcher", "# Not a heading | not a cell | <img src=x onerror=alert(1)> `code` *bold*", False),
]


def test_quote_text_cannot_inject_markup(store: GraphStore) -> None:
    store.write(one_code_batch("hostile", HOSTILE))
    brief = build_brief(store, "hostile", category="gap")
    shown = {q.text for f in brief.sections[0].findings for q in f.quotes}
    assert shown == {text for _, _, text, _ in HOSTILE}  # all three are shown, as stored

    html = render_brief(brief, "html").decode()
    tags = _tags(html)
    assert [t for t, _ in tags if t in ("script", "b")] == []
    assert all(a["href"].startswith("#fn-") for t, a in tags if t == "a")  # footnote links only
    assert len([t for t, _ in tags if t == "img"]) == 1  # the heatmap only
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html

    markdown = render_brief(brief, "md").decode()
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    assert "<script" not in rendered and "<b>" not in rendered and "onerror" not in _attrs(rendered)
    assert "evil.example" not in _attrs(rendered)
    assert not re.search(r"<h1>Not a heading", rendered)
    assert "&lt;script&gt;" in rendered  # shown as text, not dropped


def _attrs(html: str) -> str:
    """Every attribute value in the HTML, joined: where a link or handler would hide."""
    return " ".join(str(v) for _, attrs in _tags(html) for v in attrs.values())


def test_redacted_quotes_stay_redacted(store: GraphStore) -> None:
    text = "[REDACTED] at [REDACTED] hospital told me the chatbot gave the wrong dose."
    store.write(one_code_batch("redacted", [("R1", "psychiatrist", text, True)]))
    brief = build_brief(store, "redacted", category="gap")
    (quote,) = brief.sections[0].findings[0].quotes
    assert (quote.text, quote.redacted) == (text, True)
    assert f"“{text}”" in render_brief(brief, "html").decode()
    assert "R1, psychiatrist (redacted)" in render_brief(brief, "md").decode()


def test_study_without_a_gap_theme_says_so(store: GraphStore, tmp_path: Path) -> None:
    rows = [["N1", "psychiatrist", "Hunan", BENEFIT, "Fair access to mental health services", "Rural patients benefit."],
            ["N2", "nurse", "Hunan", PREREQ, "Training and competence", "Staff need training first."]]
    load_paths(store, [write_csv(tmp_path / "nogap.csv", rows)], LoadOptions(study="nogap"))
    assert "gap" not in {t.category for t in store.codebook("nogap").themes}
    for category in (None, "gap"):
        brief = build_brief(store, "nogap", category=category)
        gap = next(s for s in brief.sections if s.category == "gap")
        assert gap.findings == [] and brief.risks is None
        assert brief.risks_note == gap.note == (
            "The codebook of study 'nogap' has no theme of category 'gap', so this brief reports no risks.")
        for fmt in ("md", "html"):
            assert "has no theme of category" in render_brief(brief, fmt).decode()
    benefit = next(s for s in build_brief(store, "nogap").sections if s.category == "benefit")
    assert benefit.findings[0].total.n == 1
