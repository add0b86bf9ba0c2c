"""Quote pages on Neo4j walked expert by expert (how a common filter's page is found in a large
study), with totals from the study's summary where it can tell them, list the same quotes in the
same order, with the same totals, as the embedded store, page after page."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph.naming import expert_uid, natural_key
from graph.quotes import AttributeFilter, QuoteQuery
from graph.stores.memory import MemoryStore
from graph.stores.neo4j import reads
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import neo4j_auth, open_neo4j
from tests.factories import BENEFIT, GAP, PREREQ, write_csv

pytestmark = pytest.mark.neo4j

CODES = [(GAP, "Misleading information"), (GAP, "User risk"), (GAP, "Lack of professional nuance and depth"),
         (BENEFIT, "Fair access to mental health services"), (PREREQ, "Training and competence")]
# 'P1', 'P01' and 'P001' share a natural key, so their quotes sort together by source and place
NAMES = ["P1", "P01", "P001", "P2", "P10", "P9", "p3", "Q", "Expert 12", "Expert 2", *(f"E{n}" for n in range(40))]


def _rows(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for name in NAMES:
        profession = rng.choice(["psychiatrist", "mental health nurse", "researcher in medical AI"])
        province = rng.choice(["Hunan", "Sichuan"])
        for n in range(rng.randint(1, 6)):
            for theme, sub in rng.sample(CODES, rng.randint(1, 2)):
                rows.append([name, profession, province, theme, sub, f"{name} says thing {n}."])
    return rows


QUERIES = [
    QuoteQuery(limit=7),
    QuoteQuery(study="walk-a", limit=5),
    QuoteQuery(category="gap", limit=6),
    QuoteQuery(study="walk-a", category="gap", profession="psychiatrist", limit=4),
    QuoteQuery(study="walk-b", category="benefit", limit=5),
    QuoteQuery(subtheme="User risk", limit=3),
    QuoteQuery(theme=BENEFIT, study="walk-b", limit=2),
    QuoteQuery(expert="walk-a:P1", limit=2),
    QuoteQuery(attrs=(AttributeFilter.parse("province:Hunan"),), category="prerequisite", limit=4),
]


def _pages(store, query: QuoteQuery) -> list:
    pages = [store.quotes(query)]
    while pages[-1].next_cursor:
        pages.append(store.quotes(query.model_copy(update={"cursor": pages[-1].next_cursor})))
    return pages


def test_pages_walked_expert_by_expert_match_the_embedded_store(neo4j_uri: str, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    memory = MemoryStore(tmp_path / "m")
    neo = open_neo4j(neo4j_uri)
    neo.clear()
    try:
        for study, seed in (("walk-a", 1), ("walk-b", 2)):
            path = write_csv(tmp_path / f"{study}.csv", _rows(seed))
            for s in (memory, neo):
                load_paths(s, [path], LoadOptions(study=study))
        expected = {query: _pages(memory, query) for query in QUERIES}
        for query, pages in expected.items():
            assert sum(len(p.items) for p in pages) == pages[0].total > query.limit, query
            assert _pages(neo, query) == pages, query  # few enough to be sorted whole
        # every filter walks, from one expert on, so rounds end between experts of one key
        monkeypatch.setattr(reads, "SORTED_WHOLE", 0)
        monkeypatch.setattr(reads, "FIRST_EXPERTS", 1)
        walking = open_neo4j(neo4j_uri)  # a store object keeps its answers: ask a new one
        try:
            for query, pages in expected.items():
                assert _pages(walking, query) == pages, query
        finally:
            walking.close()
    finally:
        neo.clear()
        neo.close()


def test_a_graph_stored_without_sort_keys_gets_them_when_a_store_opens_it(neo4j_uri: str, tmp_path: Path) -> None:
    """As an older version left it: no `_sort` on experts and sources, no mark that they have it."""
    memory = MemoryStore(tmp_path / "m")
    neo = open_neo4j(neo4j_uri)
    neo.clear()
    try:
        path = write_csv(tmp_path / "walk-a.csv", _rows(3))
        for s in (memory, neo):
            load_paths(s, [path], LoadOptions(study="walk-a"))
        with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth()) as driver:
            driver.execute_query("MATCH (n) WHERE n:Expert OR n:Source OR n:Generation REMOVE n._sort, n.sort_keys")
            opened = open_neo4j(neo4j_uri)
            try:
                for query in QUERIES[:3]:
                    assert _pages(opened, query) == _pages(memory, query), query
                assert "_sort" not in repr(opened.dump())
                around = opened.neighborhood(expert_uid("walk-a", "P10"), depth=1, limit=50)
                assert around.nodes and not any(k.startswith("_") for n in around.nodes for k in n.props)
            finally:
                opened.close()
            keys, _, _ = driver.execute_query("MATCH (e:Expert) RETURN e.pseudonym AS name, e._sort AS key "
                                              "UNION ALL MATCH (x:Source) RETURN x.name AS name, x._sort AS key")
        assert len(keys) == len(NAMES) * 2 and all(r["key"] == natural_key(r["name"]) for r in keys)
    finally:
        neo.clear()
        neo.close()
