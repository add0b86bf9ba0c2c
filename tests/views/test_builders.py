"""The views' nodes and edges on both stores, against counts worked out by hand from the known
dataset (tests/factories.known_rows), and the node budget with its '+N more' arithmetic."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from graph.errors import BadInput, NotFound
from graph.quotes import QuoteQuery
from graph.store import GraphStore
from graph.views import ViewSpec, build_view
from graph.views.budget import allot
from graph.views.model import View
from tests.factories import KNOWN_STUDY, load_known
from tests.views.bigstudy import load_big

GAP_THEME = f"{KNOWN_STUDY}:theme:technological-mental-health-gap"
USER_RISK = f"{KNOWN_STUDY}:subtheme:technological-mental-health-gap.user-risk"


def kinds(v: View) -> Counter:
    return Counter(n.kind for n in v.nodes)


def edge_kinds(v: View) -> Counter:
    return Counter(e.kind for e in v.edges)


def labels(v: View, kind: str) -> set[str]:
    return {n.label for n in v.nodes if n.kind == kind}


@pytest.fixture
def known(store: GraphStore, tmp_path: Path) -> GraphStore:
    load_known(store, tmp_path)
    return store


def test_expert_view_holds_the_expert_quotes_and_codes(known: GraphStore) -> None:
    # K1: one quote coded to Misleading information and User risk, one to Improvement in work efficiency
    v = build_view(known, ViewSpec("expert", uid=f"{KNOWN_STUDY}:K1"))
    assert kinds(v) == {"expert": 1, "profession": 1, "quote": 2, "subtheme": 3, "theme": 2}
    assert edge_kinds(v) == {"HAS_PROFESSION": 1, "SAID": 2, "CODED_AS": 3, "PART_OF": 3}
    assert labels(v, "subtheme") == {"Misleading information", "User risk", "Improvement in work efficiency and quality"}
    assert [n.id for n in v.nodes if n.centre] == [f"expert|{KNOWN_STUDY}:K1"]
    quote = next(n for n in v.nodes if n.kind == "quote" and "lithium" in n.tooltip)
    assert quote.category == "gap" and quote.target.path.startswith("/views/neighborhood/q-")


def test_risks_view_edges_are_the_matrix_cells_with_names(known: GraphStore) -> None:
    v = build_view(known, ViewSpec("risks", study=KNOWN_STUDY))
    assert kinds(v) == {"profession": 3, "subtheme": 3}
    width = {(e.source.split("|")[1], next(n.label for n in v.nodes if n.id == e.target)): e.weight for e in v.edges}
    assert width == {("psychiatrist", "Misleading information"): 2, ("psychiatrist", "Lack of professional nuance and depth"): 1,
                     ("psychiatrist", "User risk"): 1, ("mental health nurse", "User risk"): 1,
                     ("researcher in medical ai", "Lack of professional nuance and depth"): 1}
    mis = next(e for e in v.edges if e.weight == 2)
    assert "2 of 2 psychiatrist experts" in mis.tooltip and "Experts: K1, K2" in mis.tooltip
    assert "lithium" in mis.tooltip and mis.link.path.startswith("/v1/quotes?")


def test_overview_links_professions_to_what_they_raised(known: GraphStore) -> None:
    v = build_view(known, ViewSpec("overview"))  # the only study: no need to name it
    assert kinds(v) == {"study": 1, "theme": 4, "subtheme": 11, "profession": 3}
    assert edge_kinds(v) == {"IN_STUDY": 4, "PART_OF": 11, "RAISED": 8}
    raised = {(e.source.split("|")[1], e.weight) for e in v.edges if e.kind == "RAISED"}
    assert ("mental health nurse", 2) in raised  # K3 and K4 both raised fair access
    sizes = {n.label: n.weight for n in v.nodes if n.kind in ("theme", "subtheme")}
    assert sizes["Technological-mental health gap"] == 4 and sizes["Expectations for future developments"] == 0


def test_theme_view_groups_experts_by_profession(known: GraphStore) -> None:
    v = build_view(known, ViewSpec("theme", uid=GAP_THEME))
    assert kinds(v) == {"theme": 1, "subtheme": 3, "quote": 5, "expert": 4, "profession": 3}
    assert edge_kinds(v) == {"PART_OF": 3, "CODED_AS": 6, "SAID": 5, "HAS_PROFESSION": 4}
    assert labels(v, "expert") == {"K1", "K2", "K3", "K5"}
    assert "它不懂精神科的细微差别。" in {n.tooltip.split("\n")[0].strip("“”") for n in v.nodes if n.kind == "quote"}


def test_subtheme_view_leads_to_the_other_experts(known: GraphStore) -> None:
    v = build_view(known, ViewSpec("theme", uid=USER_RISK))
    assert kinds(v) == {"theme": 1, "subtheme": 1, "quote": 2, "expert": 2, "profession": 2}
    assert len(v.edges) == 7
    assert {n.target.path for n in v.nodes if n.kind == "expert"} == {
        f"/views/experts/{KNOWN_STUDY}%3AK1", f"/views/experts/{KNOWN_STUDY}%3AK3"}


def test_neighborhood_view_is_the_neighborhood_read(known: GraphStore) -> None:
    sub = known.neighborhood("psychiatrist", 1, 500)
    v = build_view(known, ViewSpec.parse("neighborhood:psychiatrist"))
    assert (len(v.nodes), len(v.edges)) == (len(sub.nodes), len(sub.edges))
    assert labels(v, "expert") == {"K1", "K2"}
    assert all(n.target for n in v.nodes if not n.centre)


def test_unknown_things_are_refused(known: GraphStore) -> None:
    with pytest.raises(NotFound):
        build_view(known, ViewSpec("expert", uid="known:nobody"))
    with pytest.raises(NotFound):
        build_view(known, ViewSpec("theme", uid="known:theme:nothing"))
    with pytest.raises(NotFound):
        build_view(known, ViewSpec("overview", study="no-such-study"))
    with pytest.raises(BadInput):
        ViewSpec.parse("galaxy")
    with pytest.raises(BadInput):
        ViewSpec.parse("expert:")


def test_allot_fills_evenly_and_never_overflows() -> None:
    assert allot([5, 5, 5], 9) == [3, 3, 3]
    assert allot([1, 10, 10], 9) == [1, 4, 4]
    assert allot([2, 3], 10) == [2, 3]
    assert allot([7, 7], 0) == [0, 0]
    for sizes in ([100, 1, 50, 3], [9] * 11, [0, 0, 5]):
        for room in range(0, sum(sizes) + 2):
            takes = allot(sizes, room)
            assert sum(takes) == min(room, sum(sizes)) and all(0 <= t <= s for t, s in zip(takes, sizes))


def _hidden(v: View) -> int:
    return sum(int(re.match(r"\+([\d,]+) more", n.label)[1].replace(",", "")) for n in v.nodes if n.kind == "more")


@pytest.mark.parametrize("budget", [60, 150])
def test_over_budget_views_say_what_they_left_out(store: GraphStore, budget: int) -> None:
    batch = load_big(store, "mid", quotes=600, experts=40, heavy_share=0.5)
    heavy = build_view(store, ViewSpec("expert", uid="mid:E0000"), budget)
    assert len(heavy.nodes) <= budget
    assert kinds(heavy)["quote"] + _hidden(heavy) == 300  # every quote shown or counted in a '+N more'
    gap = next(t.uid for t in batch.themes if t.category == "gap")
    theme = build_view(store, ViewSpec("theme", uid=gap), budget)
    assert len(theme.nodes) <= budget
    total = store.quotes(QuoteQuery(theme=gap, limit=1)).total
    hidden_quotes = sum(int(n.label.split()[0][1:]) for n in theme.nodes if n.kind == "more" and "quotes" in n.label)
    assert kinds(theme)["quote"] + hidden_quotes == total
    assert any("Showing" in note for note in theme.notes)
