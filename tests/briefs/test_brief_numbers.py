"""Every number in a brief equals the matrix answer for the same filters, on both stores, on
data whose answers were worked out by hand (tests/factories.known_rows) and on the sample."""

from __future__ import annotations

from graph.briefs import build_brief, render_brief
from graph.briefs.model import Brief, Count, EvidenceTable
from graph.briefs.render_md import md_text
from graph.naming import is_theme_uid
from graph.quotes import QuoteQuery
from graph.results import Matrix, MatrixQuery
from graph.store import GraphStore
from tests.factories import GAP, KNOWN_STUDY, STUDY


def _check_counts(rows: list[Count], m: Matrix, j: int) -> None:
    assert [c.label for c in rows] == m.rows
    assert [c.n for c in rows] == [m.cells[i][j] for i in range(len(m.rows))]
    assert [c.of for c in rows] == m.row_sizes


def _check_table(store: GraphStore, t: EvidenceTable) -> None:
    m = store.matrix(t.query)
    assert (t.rows, t.cols, t.row_sizes, t.n_experts) == (m.rows, m.cols, m.row_sizes, m.n_experts)
    assert [[c.n for c in row] for row in t.cells] == m.cells
    assert [c.n for c in t.row_totals] == m.row_totals and [c.n for c in t.col_totals] == m.col_totals
    for row in t.cells:
        for c in row:
            assert len(c.experts) == c.n  # the evidence names exactly the people counted


def assert_brief_equals_matrices(store: GraphStore, brief: Brief) -> None:
    """Re-ask the store the matrix behind every figure of the brief and compare."""
    everyone = store.matrix(MatrixQuery(study=brief.study, cols="theme"))  # every coded quote
    method = brief.method
    assert method.experts.n == everyone.n_experts and method.n_quotes == everyone.n_quotes
    assert [(p.label, p.n) for p in method.professions] == list(zip(everyone.rows, everyone.row_sizes))
    if method.provinces:
        by_province = store.matrix(MatrixQuery(rows="province", study=brief.study))
        assert [(p.label, p.n) for p in method.provinces] == list(zip(by_province.rows, by_province.row_sizes))
    for section in brief.sections:
        if section.note and not section.findings:
            continue
        m = store.matrix(section.query)
        mq = store.matrix(section.query.model_copy(update={"measure": "quotes"}))
        for f in section.findings:
            j = next(j for j, info in enumerate(m.col_info) if info.uids == f.codes)
            assert (f.total.n, f.total.of, f.n_quotes) == (m.col_totals[j], m.n_experts, mq.col_totals[j])
            _check_counts(f.by_row, m, j)
            assert len(f.total.experts) == f.total.n and len(f.total.quotes) == f.n_quotes
            by_code = {"theme" if is_theme_uid(f.codes[0]) else "subtheme": f.codes[0]}
            coded = {q.uid for q in store.quotes(QuoteQuery(study=brief.study, limit=500, **by_code)).items}
            assert set(f.total.quotes) == coded
            assert {q.uid for q in f.quotes} <= coded
        t = store.matrix(section.query.model_copy(update={"cols": "theme"}))
        for theme in section.themes:
            j = t.cols.index(theme.name)
            assert (theme.total.n, theme.total.of) == (t.col_totals[j], t.n_experts)
            _check_counts(theme.by_row, t, j)
    if brief.risks:
        assert brief.risks.query.category == "gap"
        _check_table(store, brief.risks)
    _check_table(store, brief.heatmap)


def test_known_data_brief_has_the_hand_worked_numbers(known: GraphStore) -> None:
    brief = build_brief(known, KNOWN_STUDY)
    assert_brief_equals_matrices(known, brief)
    m = brief.method
    assert [(p.label, p.n) for p in m.professions] == [
        ("mental health nurse", 2), ("psychiatrist", 2), ("researcher in medical AI", 1)]
    assert [(p.label, p.n) for p in m.provinces] == [("Hunan", 2), ("Guangdong", 1), ("Sichuan", 1), ("Zhejiang", 1)]
    assert (m.experts.n, m.n_quotes, m.interview_dates) == (5, 9, ("2024-03-01", "2024-03-09"))

    gap = next(s for s in brief.sections if s.category == "gap")
    assert [f.sentence for f in gap.findings] == [
        "Both psychiatrists raised misleading information; none of the 2 mental health nurses did "
        "(2 of 5 experts, 2 quotes).",
        "1 of 2 psychiatrists and the one researcher in medical AI raised lack of professional nuance and depth; "
        "none of the 2 mental health nurses did (2 of 5 experts, 2 quotes).",
        "1 of 2 mental health nurses and 1 of 2 psychiatrists raised user risk (2 of 5 experts, 2 quotes).",
    ]
    assert gap.themes[0].sentence == (
        f"4 of 5 experts raised at least one sub-theme of {GAP} (5 quotes): 1 of 2 mental health nurses, "
        "both psychiatrists and the one researcher in medical AI.")
    assert [q.attribution for q in gap.findings[0].quotes] == ["K1, psychiatrist", "K2, psychiatrist"]
    # nurses and psychiatrists tie on user risk: matrix row order, nurses first
    assert [q.attribution for q in gap.findings[2].quotes] == ["K3, mental health nurse", "K1, psychiatrist"]
    assert [[c.n for c in row] for row in brief.risks.cells] == [[0, 0, 1], [2, 1, 1], [0, 1, 0]]

    prereq = next(s for s in brief.sections if s.category == "prerequisite")
    assert prereq.findings[0].recommendation == (
        "1 of 5 experts named training and competence as a prerequisite for adoption "
        "(the one researcher in medical AI).")
    # codes nobody raised are said once per section, not as bullets of their own
    assert len(prereq.findings) == 1
    assert prereq.not_raised == ["Guidelines for use and management", "Patient engagement and transparency"]
    markdown = render_brief(brief, "md").decode()
    assert "None of the" not in markdown
    assert "Not raised by any expert: Guidelines for use and management; Patient engagement and transparency." \
        in markdown


def test_sample_brief_equals_matrices_and_says_it_in_words(sample: GraphStore) -> None:
    brief = build_brief(sample, STUDY)
    assert_brief_equals_matrices(sample, brief)
    gap = next(s for s in brief.sections if s.category == "gap")
    sentences = {f.name: f.sentence for f in gap.findings}
    assert sentences["Misleading information"] == (
        "10 of 12 psychiatrists, 3 of 7 mental health nurses and 1 of 2 researchers in medical AI raised "
        "misleading information (14 of 21 experts, 19 quotes).")
    assert sentences["User risk"].startswith("6 of 12 psychiatrists, all 7 mental health nurses and 1 of 2")
    assert [[c.n for c in row] for row in brief.risks.cells] == [[10, 7, 6], [3, 3, 7], [1, 2, 1]]
    assert all(1 <= len(f.quotes) <= 3 for s in brief.sections for f in s.findings)

    markdown = render_brief(brief, "md").decode()
    for section in brief.sections:
        for f in section.findings:
            assert md_text(f.recommendation or f.sentence) in markdown
    assert "| psychiatrist (n=12) | 10[^" in markdown


def test_category_filter_keeps_one_section_and_its_matrix(known: GraphStore) -> None:
    brief = build_brief(known, KNOWN_STUDY, category="prerequisite")
    assert [s.category for s in brief.sections] == ["prerequisite"]
    assert brief.risks is None and brief.heatmap.query.category == "prerequisite"
    assert brief.heatmap.cols == ["Training and competence", "Guidelines for use and management",
                                  "Patient engagement and transparency"]
    assert_brief_equals_matrices(known, brief)
