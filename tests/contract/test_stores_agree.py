"""The two stores, loaded with the same files, give identical answers to every read."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.memory_store import MemoryStore
from graph.results import MatrixQuery
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
    finally:
        neo.clear()
        neo.close()
