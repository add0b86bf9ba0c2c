"""The two stores, loaded with the same files, give identical answers to every read."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cooccurrence import CooccurrenceQuery
from graph.errors import BadInput
from graph.quotes import AttributeFilter, QuoteQuery
from graph.results import MatrixQuery
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import open_neo4j
from tests.factories import SAMPLE, STUDY, small_rows, write_csv

pytestmark = pytest.mark.neo4j


def test_every_read_is_identical(neo4j_uri: str, tmp_path: Path) -> None:
    memory = MemoryStore(tmp_path / "m")
    neo = open_neo4j(neo4j_uri)
    neo.clear()
    try:
        extra = write_csv(tmp_path / "s.csv", small_rows())
        for s in (memory, neo):
            load_paths(s, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
            load_paths(s, [extra], LoadOptions(study="other"))
        assert neo.dump() == memory.dump()
        assert neo.stats() == memory.stats()
        assert neo.studies() == memory.studies()
        assert neo.themes() == memory.themes()
        assert neo.codebook(STUDY) == memory.codebook(STUDY)
        for rows in ("profession", "province", "gender"):
            for cols in ("subtheme", "theme"):
                for measure in ("experts", "quotes"):
                    for category in (None, "gap", "benefit"):
                        for study in (None, STUDY, "other"):
                            q = MatrixQuery(rows=rows, cols=cols, measure=measure, category=category, study=study)
                            if rows == "gender" and study == "other":
                                continue  # the small file has no gender column
                            assert neo.matrix(q) == memory.matrix(q), q
        assert neo.themes(STUDY, by="province") == memory.themes(STUDY, by="province")
        assert neo.experts() == memory.experts()
        for expert in memory.experts(STUDY)[:5]:
            assert neo.expert(expert.uid) == memory.expert(expert.uid)
        for query in (QuoteQuery(), QuoteQuery(category="gap", limit=7), QuoteQuery(q="patients"),
                      QuoteQuery(q="模型"), QuoteQuery(profession="mental health nurse", subtheme="User risk"),
                      QuoteQuery(attrs=(AttributeFilter.parse("years_experience:10..19"),), limit=500)):
            page = memory.quotes(query)
            assert neo.quotes(query) == page, query
            if page.next_cursor:
                following = query.model_copy(update={"cursor": page.next_cursor})
                assert neo.quotes(following) == memory.quotes(following)
        for level in ("subtheme", "theme"):
            for unit in ("expert", "quote"):
                q = CooccurrenceQuery(level=level, unit=unit)
                assert neo.cooccurrence(q) == memory.cooccurrence(q), q
        assert neo.saturation(STUDY) == memory.saturation(STUDY)
        assert neo.saturation() == memory.saturation()
        quote_uid = memory.quotes(QuoteQuery(limit=1)).items[0].uid
        for uid, depth, limit, study in ((f"{STUDY}:P07", 2, 60, None), (quote_uid, 3, 40, None), (STUDY, 1, 10, None),
                                         ("psychiatrist", 2, 500, STUDY), ("psychiatrist", 1, 500, "other")):
            assert neo.neighborhood(uid, depth, limit, study) == memory.neighborhood(uid, depth, limit, study), uid
        for s in (neo, memory):  # a profession is shared by the studies: which one must be said
            with pytest.raises(BadInput, match="2 studies are loaded"):
                s.neighborhood("psychiatrist", 1, 50)
    finally:
        neo.clear()
        neo.close()
