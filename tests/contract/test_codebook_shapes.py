"""Codebooks of any shape, on both stores: a flat one (ATLAS.ti-like: themes only), a three-level
one (NVivo-like), and the two in one store. Every read whose default is sub-themes answers at the
deepest level the study has and says which; numbers worked out by hand from tests/factories.py.

Flat study (codes Trust, Cost, Access, Privacy, Workload; nobody coded Workload):
    P1 nurse: Trust | Cost+Access     P2 nurse: Access     P3 doctor: Trust | Privacy
    P10 nurse: Privacy | Cost         P11 doctor: Access
Deep study (Barriers > Emotional > Fear, Anger; Barriers > Political > Distrust; ...):
    P1 nurse: Fear | Distrust+Anger | Personal
    P2 doctor: Scientific | Vaccine type | Barriers (the theme itself)
    P10 nurse: Fear | Community | Vaccine type
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cooccurrence import CooccurrenceQuery
from graph.errors import BadInput, NotFound
from graph.quotes import QuoteQuery
from graph.results import MatrixQuery
from graph.store import GraphStore
from graph.studies import resolve_study, scoped_matrix
from graph.views.specs import ViewSpec, build_view
from tests.factories import DEEP_STUDY, FLAT_CODES, FLAT_STUDY, load_shape


def _matrix(store: GraphStore, **query) -> object:
    return store.matrix(scoped_matrix(store, MatrixQuery(**query)))


def test_a_flat_codebook_answers_at_its_themes_and_says_so(store: GraphStore, tmp_path: Path) -> None:
    load_shape(store, tmp_path, FLAT_STUDY)
    m = _matrix(store)  # the default: --cols subtheme
    assert m.level == "theme" and "flat codebook" in m.level_note
    assert m.cols == FLAT_CODES and {c.kind for c in m.col_info} == {"theme"}
    assert m.rows == ["nurse", "doctor"] and m.row_sizes == [3, 2]
    assert m.cells == [[1, 2, 2, 1, 0], [1, 0, 1, 1, 0]]
    assert (m.n_experts, m.n_quotes) == (5, 8)
    by_quotes = _matrix(store, measure="quotes")
    assert by_quotes.col_totals == [2, 2, 3, 2, 0]
    assert _matrix(store, cols="theme").cells == m.cells  # the same level, asked for by name
    assert _matrix(store, cols="theme").level_note is None

    sat = store.saturation(FLAT_STUDY)
    assert sat.level == "theme" and "flat codebook" in sat.level_note
    assert [s.name for s in sat.steps] == ["Interview P1", "Interview P2", "Interview P3", "Interview P10",
                                           "Interview P11"]
    assert [s.new for s in sat.steps] == [["Access", "Cost", "Trust"], [], ["Privacy"], [], []]
    assert sat.total_codes == 4 and sat.saturated_after == "Interview P3"

    co = store.cooccurrence(CooccurrenceQuery(study=FLAT_STUDY, unit="quote"))
    assert co.level == "theme" and co.codes == FLAT_CODES
    assert [(p.a, p.b, p.count) for p in co.pairs] == [("Cost", "Access", 1)]

    tree = store.themes(FLAT_STUDY)
    assert [(t.name, t.kind, t.experts, t.children) for t in tree] == [
        ("Trust", "theme", 2, []), ("Cost", "theme", 2, []), ("Access", "theme", 3, []),
        ("Privacy", "theme", 2, []), ("Workload", "theme", 0, [])]
    page = store.quotes(QuoteQuery(study=FLAT_STUDY, theme="Access"))
    assert [q.pseudonym for q in page.items] == ["P1", "P2", "P11"]  # P2 before P11, not after


def test_a_three_level_codebook_counts_its_second_level_and_says_how(store: GraphStore, tmp_path: Path) -> None:
    load_shape(store, tmp_path, DEEP_STUDY)
    m = _matrix(store)
    assert m.level == "subtheme"
    assert m.cols == ["Emotional", "Political", "Scientific", "Personal", "Community", "Vaccine type", "Far right"]
    assert [c.kind for c in m.col_info] == ["subtheme"] * 5 + ["theme", "subtheme"]
    assert "'Vaccine type'" in m.level_note and "3 codes below the sub-themes" in m.level_note
    assert m.rows == ["nurse", "doctor"]
    assert m.cells == [[2, 1, 0, 1, 1, 1, 0], [0, 0, 1, 0, 0, 1, 0]]
    assert m.n_quotes == 8  # the quote coded to the theme 'Barriers' itself is in no sub-theme
    theme_only = "1 quote coded to a theme that has sub-themes, and to none of them, is counted only at the theme level"
    assert theme_only in m.level_note  # ... and the answer says so
    assert "theme that has sub-themes" not in (_matrix(store, theme="Benefits").level_note or "")
    themes = _matrix(store, cols="theme")
    assert themes.cols == ["Barriers", "Benefits", "Vaccine type", "Identities"]
    assert themes.cells == [[2, 2, 1, 0], [1, 0, 1, 0]] and themes.n_quotes == 9
    assert themes.level_note is None

    sat = store.saturation(DEEP_STUDY)
    assert sat.level == "subtheme" and "3 codes below" in sat.level_note and theme_only in sat.level_note
    co = store.cooccurrence(CooccurrenceQuery(study=DEEP_STUDY, unit="quote"))
    assert theme_only in co.level_note
    assert "theme that has sub-themes" not in (store.cooccurrence(
        CooccurrenceQuery(study=DEEP_STUDY, unit="quote", level="theme")).level_note or "")
    assert [s.name for s in sat.steps] == ["Interview P1", "Interview P2", "Interview P10"]
    assert [s.new for s in sat.steps] == [["Emotional", "Personal", "Political"], ["Scientific", "Vaccine type"],
                                          ["Community"]]
    assert sat.total_codes == 6 and sat.saturated_after is None

    tree = store.themes(DEEP_STUDY)
    barriers = tree[0]
    assert [(c.name, [g.name for g in c.children]) for c in barriers.children] == [
        ("Emotional", ["Fear", "Anger"]), ("Political", ["Distrust"]), ("Scientific", [])]
    assert (barriers.experts, barriers.quotes) == (3, 5)
    assert (barriers.children[0].experts, barriers.children[0].quotes) == (2, 3)
    fear = store.themes(DEEP_STUDY, by="profession")[0].children[0].children[0]  # below the matrix's columns
    assert fear.name == "Fear" and fear.breakdown
    assert sum(b.quotes for b in fear.breakdown) == fear.quotes and sum(b.experts for b in fear.breakdown) == fear.experts
    emotional = store.quotes(QuoteQuery(study=DEEP_STUDY, subtheme="Emotional"))
    assert [q.pseudonym for q in emotional.items] == ["P1", "P1", "P10"]  # coded to Fear or Anger, below it


def test_rows_expert_are_cases_by_codes_in_natural_order(store: GraphStore, tmp_path: Path) -> None:
    load_shape(store, tmp_path, FLAT_STUDY)
    m = _matrix(store, rows="expert", measure="quotes")
    assert m.rows == ["P1", "P2", "P3", "P10", "P11"] and m.row_sizes == [1] * 5
    assert m.cells == [[1, 1, 1, 0, 0], [0, 0, 1, 0, 0], [1, 0, 0, 1, 0], [0, 1, 0, 1, 0], [0, 0, 1, 0, 0]]
    assert m.row_filters[3] == {"expert": f"{FLAT_STUDY}:P10"}
    assert [store.experts(FLAT_STUDY)[i].pseudonym for i in range(5)] == m.rows


def test_two_studies_in_one_store_each_read_names_one(store: GraphStore, tmp_path: Path) -> None:
    load_shape(store, tmp_path, FLAT_STUDY)
    load_shape(store, tmp_path, DEEP_STUDY)
    assert [(s.uid, s.experts, s.quotes, s.themes, s.subthemes) for s in store.studies()] == [
        (DEEP_STUDY, 3, 9, 4, 9), (FLAT_STUDY, 5, 8, 5, 0)]
    for read in (lambda: _matrix(store), lambda: resolve_study(store, None),
                 lambda: build_view(store, ViewSpec.parse("overview")),
                 lambda: store.neighborhood("nurse", 1, 50)):
        with pytest.raises(BadInput, match=rf"2 studies are loaded \({DEEP_STUDY}, {FLAT_STUDY}\)"):
            read()
    with pytest.raises(BadInput, match="compare studies with --rows study"):
        _matrix(store, studies=(FLAT_STUDY, DEEP_STUDY))
    with pytest.raises(NotFound, match="no study 'nope'"):
        _matrix(store, studies=("nope",))

    # each study answers as it does alone
    assert _matrix(store, studies=(FLAT_STUDY,)).cells == [[1, 2, 2, 1, 0], [1, 0, 1, 1, 0]]
    assert _matrix(store, studies=(DEEP_STUDY,)).level == "subtheme"
    flat, deep = store.stats(FLAT_STUDY), store.stats(DEEP_STUDY)
    assert (flat.studies, flat.experts, flat.sources, flat.quotes, flat.themes, flat.subthemes, flat.codings) == (
        1, 5, 5, 8, 5, 0, 9)
    assert (deep.experts, deep.quotes, deep.themes, deep.subthemes, deep.codings) == (3, 9, 4, 9, 10)
    whole = store.stats()
    assert (whole.studies, whole.experts, whole.quotes, whole.codings) == (2, 8, 17, 19)
    with pytest.raises(NotFound):
        store.stats("nope")

    # rows=study compares them, codes matched by name: no study has another's codes
    compared = _matrix(store, rows="study", cols="theme")
    assert compared.rows == [DEEP_STUDY, FLAT_STUDY] and compared.studies == [DEEP_STUDY, FLAT_STUDY]
    assert compared.row_sizes == [3, 5] and compared.n_experts == 8
    access = compared.cols.index("Access")
    assert [row[access] for row in compared.cells] == [0, 3]
    assert compared.row_filters == [{"study": DEEP_STUDY}, {"study": FLAT_STUDY}]

    # a profession both studies have opens within one of them only
    for study, experts in ((FLAT_STUDY, {"P1", "P2", "P10"}), (DEEP_STUDY, {"P1", "P10"})):
        sub = store.neighborhood("nurse", 1, 50, study)
        assert sub.study == study
        assert {n.props["pseudonym"] for n in sub.nodes if n.label == "Expert"} == experts
        assert {n.props["study"] for n in sub.nodes if n.label == "Expert"} == {study}
    with pytest.raises(BadInput, match=f"belongs to study '{FLAT_STUDY}'"):
        store.neighborhood(f"{FLAT_STUDY}:P1", 1, 50, DEEP_STUDY)


def test_views_on_each_shape_are_drawn_and_say_the_level(store: GraphStore, tmp_path: Path) -> None:
    load_shape(store, tmp_path, FLAT_STUDY)
    load_shape(store, tmp_path, DEEP_STUDY)
    flat = build_view(store, ViewSpec.parse("overview", study=FLAT_STUDY))
    assert {n.label for n in flat.nodes if n.kind == "theme"} == set(FLAT_CODES)
    assert not [n for n in flat.nodes if n.kind == "subtheme"]
    assert any(e.kind == "RAISED" for e in flat.edges)
    assert any("A flat codebook: 5 themes" in note for note in flat.notes)
    deep = build_view(store, ViewSpec.parse("overview", study=DEEP_STUDY))
    assert {"Fear", "Emotional", "Vaccine type"} <= {n.label for n in deep.nodes}
    assert any("3 levels deep" in note for note in deep.notes)
    # the profession nodes open their neighbourhood within the view's study
    nurse = next(n for n in flat.nodes if n.kind == "profession" and n.label == "nurse")
    assert nurse.target is not None and nurse.target.path.endswith(f"?study={FLAT_STUDY}")

    expert = build_view(store, ViewSpec.parse(f"expert:{DEEP_STUDY}:P1"))
    assert expert.study == DEEP_STUDY and {"Fear", "Distrust", "Anger", "Personal"} <= {n.label for n in expert.nodes}
    access = next(t.uid for t in store.themes(FLAT_STUDY) if t.name == "Access")  # REFI codes keep their GUID
    theme = build_view(store, ViewSpec.parse(f"theme:{access}"))
    assert theme.study == FLAT_STUDY and len([n for n in theme.nodes if n.kind == "quote"]) == 3
    near = build_view(store, ViewSpec.parse("neighborhood:nurse", study=DEEP_STUDY))
    assert near.study == DEEP_STUDY and any(f"study {DEEP_STUDY} are shown" in note for note in near.notes)
    assert {n.label for n in near.nodes if n.kind == "expert"} == {"P1", "P10"}
