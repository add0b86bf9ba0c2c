"""Quote pages on Neo4j walked expert by expert (how a common filter's page is found in a large
study), with totals from the study's summary where it can tell them, list the same quotes in the
same order, with the same totals, as the embedded store, page after page."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph.naming import natural_key
from graph.quotes import AttributeFilter, QuoteQuery
from graph.stores.memory import MemoryStore
from graph.stores.neo4j import reads, reads_cypher
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


def test_the_natural_key_built_in_cypher_is_graph_naming_s(neo4j_uri: str) -> None:
    names = ["", "P1", "P01", "P001", "9", "12", "x9", "1a2b3", "Interview 20", "E000001", "中文12",
             "abc123def4567890123456789", "0000000000000000123", "p3 (Grupo 2)", "第2组 P10"]
    with GraphDatabase.driver(neo4j_uri, auth=neo4j_auth()) as driver:
        records, _, _ = driver.execute_query(f"UNWIND $names AS n RETURN n, {reads_cypher.natural('n')} AS key",
                                             names=names)
    assert {r["n"]: r["key"] for r in records} == {n: natural_key(n) for n in names}
