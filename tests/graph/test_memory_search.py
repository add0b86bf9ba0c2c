"""The embedded store's word index finds exactly what `graph.quotes.matches_terms` says a search
matches: one word, several words, CJK runs in order, texts in any case and script; after a
reopen from disk, a second load and a deleted study; and it is built before the first search."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from graph.quotes import QuoteQuery, all_quotes, matches_terms, search_terms, text_terms
from graph.stores.memory import MemoryStore
from graph.stores.memory.text_index import TokenIndex
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import GAP, write_csv

TEXTS = [
    "The model invents doses for lithium.",
    "Doses, DOSES and dose: don't guess the dose.",
    "Don’t trust it at night; it’s vague.",
    "Café staff and naïve users work 2 shifts.",
    "Straße ΟΔΟΣ İstanbul snake_case x2",
    "它不懂精神科的细微差别。",
    "农村患者夜里也能得到回答。",
    "模型abc中文 mixed 模型",
    "细 and 微 apart: 微 then 细",
]
MORE = ["Night shifts: the model is vague about lithium.", "农村的模型细微", "The model invents doses for lithium."]
CJK_SEARCHES = ["细微", "微细", "农村 回答", "中文", "abc中文", "模型abc中文", "精神科", "回答 农村", "模型 细微"]
OTHER_SEARCHES = ["", "?!", "zzz", "dose doses", "DON'T", "don’t", "it’s", "ΟΔΟΣ", "οδος", "straße", "2", "x2",
                  "snake", "snake_case", "Café naïve", "the lithium model", "the zzz"]


def load(store: MemoryStore, tmp_path: Path, name: str, texts: list[str], study: str = "s1") -> None:
    rows = [[f"{name}{i}", "psychiatrist", "Hunan", GAP, "User risk", t] for i, t in enumerate(texts)]
    load_paths(store, [write_csv(tmp_path / f"{name}.csv", rows)], LoadOptions(study=study, codebook="reference"))


def searches(texts: list[str]) -> list[str]:
    words = sorted({t for text in texts for t in text_terms(text)})
    return [*words, *(" ".join(p) for p in combinations(words[::3], 2)), *CJK_SEARCHES, *OTHER_SEARCHES]


def found(store: MemoryStore, q: str, study: str | None = None) -> list[str]:
    return sorted(i.text for i in all_quotes(store, QuoteQuery(q=q, study=study)))


def expected(texts: list[str], q: str) -> list[str]:
    terms = search_terms(q)
    if q and not terms:  # a search with no word in it finds nothing (the contract's "?!")
        return []
    return sorted(t for t in texts if matches_terms(t, terms))


def assert_searches_match(store: MemoryStore, texts: list[str]) -> None:
    hits = 0
    for q in searches(texts):
        want = expected(texts, q)
        assert found(store, q) == want, q
        hits += bool(want) and len(want) < len(texts)
    assert hits > 40  # most searches find some quotes and not all


def test_every_search_finds_what_matches_terms_finds(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    load(store, tmp_path, "A", TEXTS)
    assert found(store, "dose") == [TEXTS[1]]  # whole words: doses is another word
    assert found(store, "细微") == [TEXTS[5]] and found(store, "微细") == []  # the 细 ... 微 quote is out of order
    assert_searches_match(store, TEXTS)


def test_searches_match_after_a_reopen_a_second_load_and_a_deleted_study(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    load(store, tmp_path, "A", TEXTS)
    assert_searches_match(MemoryStore(tmp_path / "store"), TEXTS)  # read from the file
    load(store, tmp_path, "B", MORE)  # one text again, from another expert
    both = TEXTS + MORE
    assert_searches_match(store, both)
    assert {i.pseudonym for i in all_quotes(store, QuoteQuery(q="invents"))} == {"A0", "B2"}
    load(store, tmp_path, "C", ["Only the other study says lithium."], study="s2")
    assert found(store, "lithium", study="s2") == ["Only the other study says lithium."]
    assert len(found(store, "lithium")) == 4
    store.delete_study("s2")
    assert_searches_match(store, both)
    assert_searches_match(MemoryStore(tmp_path / "store"), both)


def test_the_word_index_is_built_before_the_first_search(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    load(store, tmp_path, "A", TEXTS)
    for opened in (store, MemoryStore(tmp_path / "store")):  # after a write, and when read from the file
        index, answers = opened._memo
        assert index is not None and index.g is opened._graph and not answers
        assert "tokens" in index.__dict__  # the cached property is already filled


def test_candidates_are_exact_for_words_and_over_approximate_cjk_runs() -> None:
    index = TokenIndex((f"q{i}", t) for i, t in enumerate(TEXTS))
    assert index.candidates(["doses"]) == {"q0", "q1"} and TokenIndex.exact(["doses"])
    assert index.candidates(["doses", "lithium"]) == {"q0"}
    assert index.candidates(["doses", "zzz"]) == set() and index.candidates([]) == set()
    assert index.candidates(["微细"]) == {"q5", "q8"} and not TokenIndex.exact(["the", "微细"])
    assert index.candidates(["straße", "οδος", "i̇stanbul"]) == {"q4"}
