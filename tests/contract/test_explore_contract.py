"""Quotes, experts, themes by profession, co-occurrence, neighbourhoods and saturation on
a dataset whose answers were worked out by hand (tests/factories.known_rows), on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cooccurrence import CooccurrenceQuery
from graph.errors import BadInput, NotFound
from graph.quotes import AttributeFilter, QuoteQuery
from graph.results import MatrixQuery
from graph.store import GraphStore
from tests.factories import GAP, KNOWN_STUDY, load_known

MI, LPND, UR = "Misleading information", "Lack of professional nuance and depth", "User risk"


@pytest.fixture
def known(store: GraphStore, tmp_path: Path) -> GraphStore:
    load_known(store, tmp_path)
    return store


def texts(page) -> list[str]:
    return [q.text for q in page.items]


def test_quote_filters(known: GraphStore) -> None:
    psych_gap = known.quotes(QuoteQuery(study=KNOWN_STUDY, profession="Psychiatrist", category="gap"))
    assert psych_gap.total == 3
    assert [q.pseudonym for q in psych_gap.items] == ["K1", "K2", "K2"]  # then source, start, uid
    assert set(texts(psych_gap)) == {"The model invents doses for lithium.", "Confident answers can be wrong.",
                                     "它不懂精神科的细微差别。"}
    assert psych_gap.next_cursor is None
    doses = psych_gap.items[0]
    assert (doses.pseudonym, doses.profession, doses.source) == ("K1", "psychiatrist", "Interview K1")
    assert sorted(c.name for c in doses.codes) == [MI, UR]
    assert known.quotes(QuoteQuery(subtheme="user  RISK")).total == 2
    assert known.quotes(QuoteQuery(theme=GAP.upper(), expert="K2")).total == 2
    assert known.quotes(QuoteQuery(expert=f"{KNOWN_STUDY}:K5")).total == 2
    assert texts(known.quotes(QuoteQuery(attrs=(AttributeFilter.parse("province:hunan"),), category="benefit"))) == [
        "Notes are faster now.", "Rural patients get answers at night."]  # K1 before K3
    young = known.quotes(QuoteQuery(attrs=(AttributeFilter.parse("years_experience:0..9"),)))
    assert {q.pseudonym for q in young.items} == {"K3", "K4", "K5"} and young.total == 5


def test_quote_text_search_in_english_and_chinese(known: GraphStore) -> None:
    assert texts(known.quotes(QuoteQuery(q="DOSES"))) == ["The model invents doses for lithium."]
    assert known.quotes(QuoteQuery(q="patients")).total == 2
    assert known.quotes(QuoteQuery(q="patients crisis")).total == 1
    assert known.quotes(QuoteQuery(q="dose")).total == 0  # whole words, no stemming
    assert texts(known.quotes(QuoteQuery(q="细微"))) == ["它不懂精神科的细微差别。"]
    assert texts(known.quotes(QuoteQuery(q="农村 回答"))) == ["农村患者夜里也能得到回答。"]
    assert known.quotes(QuoteQuery(q="微细")).total == 0  # characters out of order
    assert known.quotes(QuoteQuery(q="?!")).total == 0


def test_cursor_paging_is_stable_and_complete(known: GraphStore) -> None:
    seen, cursor, pages = [], None, 0
    while True:
        page = known.quotes(QuoteQuery(limit=4, cursor=cursor))
        assert page.total == 9
        seen += [q.uid for q in page.items]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 9
    assert seen == [q.uid for q in known.quotes(QuoteQuery(limit=100)).items]
    with pytest.raises(BadInput, match="cursor is not one the API handed out"):
        known.quotes(QuoteQuery(cursor="bm9wZQ"))


def test_experts_and_profile(known: GraphStore) -> None:
    listed = known.experts(KNOWN_STUDY)
    assert [e.pseudonym for e in listed] == ["K1", "K2", "K3", "K4", "K5"]
    assert [e.quotes for e in listed] == [2, 2, 2, 1, 2]
    assert listed[0].attributes == {"interview_date": "2024-03-01", "province": "Hunan", "years_experience": "12"}
    assert [e.pseudonym for e in known.experts(profession="MENTAL health nurse")] == ["K3", "K4"]
    profile = known.expert(f"{KNOWN_STUDY}:K1")
    assert [(t.name, t.quotes) for t in profile.themes] == [
        ("Practice and application reform brought by LLMs", 1), (GAP, 1)]
    assert [(s.name, s.quotes) for s in profile.subthemes] == [
        ("Improvement in work efficiency and quality", 1), (MI, 1), (UR, 1)]
    assert len(profile.quotes) == 2 and profile.expert.codes == 3
    with pytest.raises(NotFound, match="no expert 'known:K9'"):
        known.expert("known:K9")


def test_themes_by_profession(known: GraphStore) -> None:
    gap = next(t for t in known.themes(KNOWN_STUDY, by="profession") if t.name == GAP)
    assert [(b.value, b.experts, b.quotes) for b in gap.breakdown] == [
        ("psychiatrist", 2, 3), ("mental health nurse", 1, 1), ("researcher in medical AI", 1, 1)]
    user_risk = next(c for c in gap.children if c.name == UR)
    assert [(b.value, b.experts) for b in user_risk.breakdown] == [("mental health nurse", 1), ("psychiatrist", 1)]
    by_province = known.themes(KNOWN_STUDY, by="province")
    assert {b.value for t in by_province for b in t.breakdown} == {"Hunan", "Sichuan", "Zhejiang", "Guangdong"}
    assert known.themes(KNOWN_STUDY)[0].breakdown is None
    with pytest.raises(BadInput, match="unknown attribute 'hair'"):
        known.themes(KNOWN_STUDY, by="hair")


def test_matrix_bands_theme_filter_and_cell_links(known: GraphStore) -> None:
    m = known.matrix(MatrixQuery(rows="years_experience", bin=10, category="gap", study=KNOWN_STUDY))
    assert m.rows == ["0-9", "10-19", "20-29"] and m.row_sizes == [3, 1, 1]
    assert m.cells == [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    params = m.cell_filter(0, 1)
    assert params == {"study": KNOWN_STUDY, "attr": "years_experience:0..9", "theme": GAP, "subtheme": LPND}
    behind = known.quotes(QuoteQuery(study=params["study"], attrs=(AttributeFilter.parse(params["attr"]),),
                                     theme=params["theme"], subtheme=params["subtheme"]))
    assert texts(behind) == ["It lacks clinical depth."]
    only_gap = known.matrix(MatrixQuery(theme="technological-mental health GAP", study=KNOWN_STUDY))
    assert only_gap.cols == [MI, LPND, UR]
    prof = known.matrix(MatrixQuery(category="gap", study=KNOWN_STUDY))
    assert prof.rows == ["mental health nurse", "psychiatrist", "researcher in medical AI"]
    assert prof.cells == [[0, 0, 1], [2, 1, 1], [0, 1, 0]]
    assert prof.cell_filter(1, 0) == {"study": KNOWN_STUDY, "profession": "psychiatrist", "theme": GAP, "subtheme": MI}


def test_cooccurrence_by_expert_and_by_quote(known: GraphStore) -> None:
    by_expert = known.cooccurrence(CooccurrenceQuery(category="gap", study=KNOWN_STUDY))
    assert by_expert.codes == [MI, LPND, UR]
    assert by_expert.counts == [[2, 1, 1], [1, 2, 0], [1, 0, 2]]
    assert by_expert.jaccard[0][2] == 0.3333 and by_expert.jaccard[1][1] == 1.0
    assert [(p.a, p.b, p.count) for p in by_expert.pairs] == [(MI, LPND, 1), (MI, UR, 1)]
    by_quote = known.cooccurrence(CooccurrenceQuery(unit="quote", category="gap", study=KNOWN_STUDY))
    assert by_quote.counts == [[2, 0, 1], [0, 2, 0], [1, 0, 2]]
    themes = known.cooccurrence(CooccurrenceQuery(level="theme", study=KNOWN_STUDY))
    assert themes.counts[0][1] == 2  # K1 and K3 raised benefits and gaps


def test_neighborhood(known: GraphStore) -> None:
    sub = known.neighborhood(f"{KNOWN_STUDY}:K1", depth=1, limit=50)
    assert sub.center == f"Expert|{KNOWN_STUDY}:K1"
    assert sorted(n.label for n in sub.nodes) == ["Expert", "Profession", "Quote", "Quote", "Study"]
    assert not sub.truncated
    assert {(e.type, e.target.split("|")[0]) for e in sub.edges} == {
        ("IN_STUDY", "Study"), ("HAS_PROFESSION", "Profession"), ("SAID", "Quote")}
    cut = known.neighborhood(f"{KNOWN_STUDY}:K1", depth=2, limit=3)
    assert len(cut.nodes) == 3 and cut.truncated
    assert [n.depth for n in cut.nodes] == [0, 1, 1]
    wide = known.neighborhood("psychiatrist", depth=2, limit=100)
    assert {n.caption for n in wide.nodes if n.label == "Expert"} == {"K1", "K2"}
    with pytest.raises(NotFound):
        known.neighborhood("nothing-here")


def test_saturation(known: GraphStore) -> None:
    s = known.saturation(KNOWN_STUDY)
    assert s.order == "date"
    assert [step.name for step in s.steps] == [f"Interview K{i}" for i in (1, 3, 2, 5, 4)]
    assert s.curve == [3, 4, 5, 6, 6] and s.total_codes == 6
    assert s.steps[1].new == ["Fair access to mental health services"]
    assert s.saturated_after == "Interview K5"
