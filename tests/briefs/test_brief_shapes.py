"""Briefs of studies shaped unlike the reference study, on both stores: a flat list of codes
(findings per theme, every quote counted, no empty category sections) and a three-level tree
(the codebook summarised, findings at level 2). Answers worked out by hand from
tests/briefs/shapes.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.briefs import build_brief, render_brief
from graph.store import GraphStore
from tests.briefs.shapes import DEEP, FLAT, load_brief_shape
from tests.briefs.test_brief_numbers import assert_brief_equals_matrices


@pytest.fixture
def shaped(store: GraphStore, tmp_path: Path) -> GraphStore:
    load_brief_shape(store, tmp_path, FLAT)
    load_brief_shape(store, tmp_path, DEEP)
    return store


def test_flat_codebook_brief_reports_per_theme(shaped: GraphStore) -> None:
    brief = build_brief(shaped, FLAT)
    assert_brief_equals_matrices(shaped, brief)
    assert brief.level == "theme" and brief.method.n_quotes == 9 and brief.method.experts.n == 7
    assert [s.title for s in brief.sections] == ["Findings"]  # no empty benefit/gap/... sections
    findings = brief.sections[0].findings
    assert [(f.name, f.total.n, f.n_quotes) for f in findings] == [
        ("Trust", 3, 3), ("Access", 3, 3), ("Cost", 2, 2), ("Privacy", 2, 2)]
    assert findings[0].sentence == "1 of 4 nurses and 2 of 3 doctors raised trust (3 of 7 experts, 3 quotes)."
    assert brief.sections[0].not_raised == ["Workload"]
    assert brief.heatmap.cols == ["Trust", "Cost", "Access", "Privacy", "Workload"]
    assert [[c.n for c in row] for row in brief.heatmap.cells] == [[1, 2, 2, 1, 0], [2, 0, 1, 1, 0]]
    assert brief.risks is None and brief.risks_note is None and brief.gap_links == []
    assert brief.quote_rule.startswith("For each theme, at most three quotes")

    markdown = render_brief(brief, "md").decode()
    assert "- **Coded quotes:** 9." in markdown
    assert "5 themes, no sub-themes (a flat codebook): the findings are the themes" in markdown
    assert "No expert raised Workload." in markdown and "None of the" not in markdown
    for absent in ("## Benefits", "## Gaps and risks", "Risks by profession", "(other)"):
        assert absent not in markdown
    assert "| theme | nurse (n=4)† | doctor (n=3)† | all (n=7) |" in markdown
    html = render_brief(brief, "html").decode()
    assert "5 themes by" not in html and "Heatmap of 2 professions by 5 themes" in html


def test_three_level_codebook_brief_summarises_the_codebook(shaped: GraphStore) -> None:
    brief = build_brief(shaped, DEEP)
    assert_brief_equals_matrices(shaped, brief)
    m = brief.method
    assert (brief.level, m.n_quotes, m.codes_per_depth, m.categorised) == ("subtheme", 7, {1: 5, 2: 5}, False)
    assert [s.title for s in brief.sections] == ["Barriers", "Benefits"]
    barriers, benefits = brief.sections
    assert [(f.name, f.total.n, f.n_quotes) for f in barriers.findings] == [
        ("Emotional", 2, 3), ("Political", 1, 1), ("Scientific", 1, 1)]
    # the quote coded to 'Barriers' itself counts for the theme, not for a sub-theme
    assert barriers.themes[0].sentence == (
        "All 3 experts raised at least one sub-theme of Barriers (5 quotes): both nurses and the one doctor.")
    assert [f.name for f in benefits.findings] == ["Community"] and benefits.not_raised == ["Personal"]
    assert brief.heatmap.cols == ["Emotional", "Political", "Scientific", "Personal", "Community"]

    markdown = render_brief(brief, "md").decode()
    assert ("2 themes and 10 codes below them, 3 levels in all (5 at level 2, 5 at level 3); the findings are the "
            "5 sub-themes at level 2, each counting the codes below it") in markdown
    assert "  - Barriers: 3 sub-themes, 6 codes in all." in markdown
    for leaf in ("Fear", "Anger", "Distrust", "Village"):  # deeper codes are counted, not listed
        assert f"{leaf};" not in markdown and f": {leaf}" not in markdown
    assert "No expert raised Personal." in markdown and "None of the" not in markdown
    docx = render_brief(brief, "docx")
    assert docx.startswith(b"PK")


def test_a_theme_without_sub_themes_stands_in_for_itself(store: GraphStore, tmp_path: Path) -> None:
    from tests.factories import DEEP_STUDY, load_shape

    load_shape(store, tmp_path, DEEP_STUDY)  # NVivo-like, with 'Vaccine type' a theme without sub-themes
    brief = build_brief(store, DEEP_STUDY)
    assert_brief_equals_matrices(store, brief)
    vaccine = next(s for s in brief.sections if s.title == "Vaccine type")
    assert vaccine.themes == [] and [(f.name, f.total.n, f.n_quotes) for f in vaccine.findings] == [
        ("Vaccine type", 2, 2)]
    assert {q.attribution for q in vaccine.findings[0].quotes} == {"P10, nurse", "P2, doctor"}
    assert brief.method.level_note.startswith("1 theme without sub-themes stands in for itself at the sub-theme "
                                              "level: 'Vaccine type'.")
    assert "- **Codes counted:** 1 theme without sub-themes stands in" in render_brief(brief, "md").decode()
