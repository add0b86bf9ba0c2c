"""Several studies in one brief, on both stores: each finding per study and pooled, codes
matched by name (case, spacing, dashes ignored) or by an alignment file, codes without a
counterpart listed; the HTML drawn in Chromium. Figures worked out by hand from
tests/factories.known_rows and OTHER_ROWS below."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.briefs import build_comparison, render_brief
from graph.briefs.compare import parse_alignment
from graph.errors import BadInput
from graph.store import GraphStore
from loaders.pipeline import LoadOptions, load_paths
from tests.briefs.support import ARTIFACTS
from tests.factories import KNOWN_STUDY, write_csv

OTHER = "other-study"
OTHER_ROWS = [  # a study with its own codebook, spelled differently from the reference one
    ["B1", "nurse", "Technological–mental health gap", "misleading  information", "It gives wrong doses."],
    ["B2", "nurse", "Technological–mental health gap", "User Risk", "Patients may trust it too much."],
    ["B2", "nurse", "Technological–mental health gap", "Misleading Information", "Answers sound sure."],
    ["B3", "doctor", "Technological–mental health gap", "Data leaks", "Records could leak."],
    ["B3", "doctor", "Preconditions", "Training & competence", "We need training first."],
]
ALIGN = "study,code,shared\nother-study,Training & competence,Training and competence\n"


@pytest.fixture
def two(known: GraphStore, tmp_path: Path) -> GraphStore:
    path = write_csv(tmp_path / "other.csv", OTHER_ROWS, ["expert", "profession", "theme", "subtheme", "text"])
    load_paths(known, [path], LoadOptions(study=OTHER))
    return known


def test_findings_per_study_and_pooled_matched_by_name(two: GraphStore) -> None:
    c = build_comparison(two, [KNOWN_STUDY, OTHER])
    table = {f.name: [(x.experts.n, x.experts.of, x.n_quotes) if x else None for x in f.figures]
             + [(f.pooled.n, f.pooled.of, f.pooled_quotes)] for f in c.findings}
    assert table == {
        "Misleading information": [(2, 5, 2), (2, 3, 2), (4, 8, 4)],
        "User risk": [(2, 5, 2), (1, 3, 1), (3, 8, 3)],
    }
    assert [f.name for f in c.findings] == ["Misleading information", "User risk"]  # most pooled experts first
    unmatched = {s.study: [u.code for u in s.unmatched] for s in c.studies}
    assert unmatched[OTHER] == ["Data leaks", "Training & competence"]
    assert "Training and competence" in unmatched[KNOWN_STUDY]
    assert c.findings[0].sentence == ("Misleading information: raised by 2 of 5 experts in known, 2 of 3 experts in "
                                      "other-study; 4 of 8 pooled (4 quotes).")


def test_alignment_file_matches_codes_and_is_checked(two: GraphStore) -> None:
    c = build_comparison(two, [KNOWN_STUDY, OTHER], parse_alignment(ALIGN, "align.csv"))
    training = next(f for f in c.findings if f.name == "Training and competence")
    assert [(x.code, x.experts.n) for x in training.figures if x] == [
        ("Training and competence", 1), ("Training & competence", 1)]
    assert (training.pooled.n, training.pooled.of) == (2, 8)
    assert "alignment file align.csv" in c.matching

    bad = [("study,code,shared\nnope,User risk,X\n", "align.csv:2: study 'nope' is not one of those compared"),
           ("study,code,shared\nother-study,Data leak,X\n",
            "align.csv:2: study 'other-study' has no code of that name at the level compared; did you mean "
            "'data leaks'?"),
           ("study,name\n", "align.csv:1: missing column 'code'")]
    for text, message in bad:
        with pytest.raises(BadInput) as caught:
            build_comparison(two, [KNOWN_STUDY, OTHER], parse_alignment(text, "align.csv"))
        assert str(caught.value).startswith(message)
    with pytest.raises(BadInput, match="at least two different studies"):
        build_comparison(two, [OTHER, OTHER])


def test_comparison_forms_and_the_html_in_chromium(two: GraphStore, browser, tmp_path: Path) -> None:
    c = build_comparison(two, [KNOWN_STUDY, OTHER], parse_alignment(ALIGN, "align.csv"))
    markdown = render_brief(c, "md").decode()
    assert "| finding | known | other-study | pooled |" in markdown
    assert "| Misleading information | 2/5 (2 q.) | 2/3 (2 q.) | 4/8 (4 q.) |" in markdown
    assert "- other-study: Data leaks (1 of 3 experts)." in markdown
    assert render_brief(c, "docx").startswith(b"PK")
    page_file = tmp_path / "compare.html"
    page_file.write_bytes(render_brief(c, "html"))
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        page.goto(page_file.as_uri())
        cells = page.evaluate("() => [...document.querySelectorAll('#compared tbody tr')].map(r => "
                              "[...r.cells].map(c => c.textContent))")
        page.screenshot(path=str(ARTIFACTS / "brief-compare.png"), full_page=True)
    finally:
        page.close()
    assert cells[0] == ["Misleading information", "2/5 (2 q.)", "2/3 (2 q.)", "4/8 (4 q.)"]
    assert (ARTIFACTS / "brief-compare.png").stat().st_size > 10_000


def test_brief_command_compares_studies(cli, tmp_path: Path) -> None:
    from tests.factories import KNOWN_HEADER, known_rows

    assert cli("load", str(write_csv(tmp_path / "k.csv", known_rows(), KNOWN_HEADER)), "--study", KNOWN_STUDY,
               "--codebook", "reference")[0] == 0
    other = write_csv(tmp_path / "o.csv", OTHER_ROWS, ["expert", "profession", "theme", "subtheme", "text"])
    assert cli("load", str(other), "--study", OTHER)[0] == 0
    (tmp_path / "align.csv").write_text(ALIGN, "utf-8")
    status, out, err = cli("brief", "--study", KNOWN_STUDY, "--study", OTHER, "--align", str(tmp_path / "align.csv"),
                           "--format", "json", "--out", str(tmp_path / "c.json"))
    assert status == 0, err
    assert '"kind": "comparison"' in (tmp_path / "c.json").read_text("utf-8")
    status, _, err = cli("brief", "--study", KNOWN_STUDY, "--study", OTHER, "--category", "gap",
                         "--out", str(tmp_path / "x.md"))
    assert status == 2 and "a comparison of several studies takes no --category" in err
