"""The brief as a reader gets it: HTML drawn by headless Chromium with the heatmap visible
(the screenshot is kept in tests/artifacts/), and DOCX that python-docx reopens and
LibreOffice converts to PDF. Without Chromium or LibreOffice these skip, unless CI is set."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from graph.briefs import build_brief, render_brief
from graph.briefs.phrases import heatmap_caption
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.briefs.support import ARTIFACTS, libreoffice_path
from tests.factories import SAMPLE, STUDY


@pytest.fixture(scope="module")
def sample_brief(tmp_path_factory: pytest.TempPathFactory):
    store = MemoryStore(tmp_path_factory.mktemp("store"))
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    return build_brief(store, STUDY)


def test_html_renders_in_chromium_with_the_heatmap_visible(sample_brief, browser, tmp_path: Path) -> None:
    page_file = tmp_path / "brief.html"
    page_file.write_bytes(render_brief(sample_brief, "html"))
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "brief-heatmap.png"
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    try:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        page.locator("#heatmap").scroll_into_view_if_needed()
        seen = page.evaluate("""() => {
            const img = document.getElementById('heatmap');
            const box = img.getBoundingClientRect();
            return {complete: img.complete, width: img.naturalWidth, height: img.naturalHeight,
                    inView: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth
                            && box.width > 0 && box.height > 0};
        }""")
        page.screenshot(path=str(shot))
        pdf = page.pdf(format="A4")  # the print stylesheet lays the brief out on paper
    finally:
        page.close()
    assert seen == {"complete": True, "width": 800, "height": seen["height"], "inView": True} and seen["height"] > 0
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert shot.stat().st_size > 10_000 and pdf.startswith(b"%PDF")


def test_docx_opens_and_converts_to_pdf_with_libreoffice(sample_brief, tmp_path: Path) -> None:
    data = render_brief(sample_brief, "docx")
    path = tmp_path / "brief.docx"
    path.write_bytes(data)
    assert zipfile.is_zipfile(path)
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert sample_brief.title in text and "Illustrative data." in text
    assert "10 of 12 psychiatrists, 3 of 7 mental health nurses and 1 of 2 researchers" in text
    assert len(document.inline_shapes) == 1  # the heatmap
    risks = document.tables[0]
    assert [c.text.split("[")[0] for c in risks.rows[1].cells] == ["psychiatrist (n=12)", "10", "7", "6", "12"]

    office = libreoffice_path()
    profile = tmp_path / "lo-profile"  # a private profile, so parallel runs do not share a lock
    subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "brief.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        words = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        assert "Policy brief" in words and "Misleading information" in words
    else:
        assert pdf.stat().st_size > 50_000  # text and the heatmap image; an empty page is a few KB


UID = re.compile(r"\bq-[0-9a-f]{20}\b")


def test_docx_carries_word_footnotes_tables_a_captioned_figure_and_an_evidence_appendix(sample_brief,
                                                                                          tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    path.write_bytes(render_brief(sample_brief, "docx"))
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
        notes = z.read("word/footnotes.xml").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    references = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)
    note_ids = re.findall(r'<w:footnote (?:w:type="\w+" )?w:id="(-?\d+)"', notes)
    assert len(references) > 50 and sorted(map(int, references)) == list(range(1, len(references) + 1))
    assert note_ids == ["-1", "0", *references] and notes.count("<w:footnote ") == len(references) + 2
    assert 'PartName="/word/footnotes.xml"' in types and "relationships/footnotes" in rels
    assert "quotes by P" in notes and "evidence E1." in notes  # a note says whose quotes, and where the uids are

    document = docx.Document(str(path))
    assert not any(UID.search(p.text) for p in document.paragraphs)  # no uid lists in the body
    appendix = document.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == ["evidence", "quotes", "quote uids"]
    listed = {u for row in appendix.rows[1:] for u in UID.findall(row.cells[2].text)}
    shown = {q.uid for s in sample_brief.sections for f in s.findings for q in f.quotes}
    assert shown <= listed
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]  # without the SEQ numbers
    assert captions == ["Table . Risks by profession.", "Figure . " + heatmap_caption(sample_brief.heatmap),
                        "Table . Evidence behind each finding.",
                        "Table . GRADE-CERQual judgements (filled in by reviewers)."]
    assert re.findall(r'SEQ (\w+) \\\* ARABIC "><w:r><w:t>(\d+)<', body) == [
        ("Table", "1"), ("Figure", "1"), ("Table", "2"), ("Table", "3")]
    profile = document.tables[1]
    assert [c.text for c in profile.rows[0].cells][:3] == ["finding", "experts", "professions"]
    assert len(profile.rows) == 1 + len(sample_brief.profile.rows)
    print(f"DOCX footnotes: {len(references)} references, {len(note_ids)} w:footnote elements")


def test_html_limitations_and_evidence_profile_in_chromium(sample_brief, browser, tmp_path: Path) -> None:
    page_file = tmp_path / "brief.html"
    page_file.write_bytes(render_brief(sample_brief, "html"))
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(page_file.as_uri())
        seen = {}
        for name in ("limitations", "profile", "gap-links"):
            section = page.locator(f"#{name}")
            section.scroll_into_view_if_needed()
            section.screenshot(path=str(ARTIFACTS / f"brief-{name}.png"))
            seen[name] = section.bounding_box()
        marked = page.evaluate("""() => [...document.querySelectorAll('td.small')].map(td =>
            [td.textContent, getComputedStyle(td).fontStyle, getComputedStyle(td).backgroundColor])""")
        profile_rows = [t.locator("tbody tr").count() for t in page.locator("#profile table").all()]
    finally:
        page.close()
    assert all(box and box["height"] > 60 and box["width"] > 300 for box in seen.values())
    assert marked and all(style == "italic" and bg != "rgba(0, 0, 0, 0)" for _, style, bg in marked)
    assert marked[0][0] == "researcher in medical AI (n=2)†"
    assert profile_rows == [len(sample_brief.profile.rows)] * 2  # evidence, then the CERQual judgements
    for name in seen:
        assert (ARTIFACTS / f"brief-{name}.png").stat().st_size > 5_000
