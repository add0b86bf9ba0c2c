"""Deleting a study, on both stores: what is left is the graph without it, exactly (its own
professions and concepts gone, shared ones kept). Neo4j deletes in batches of `delete_batch`
rows a transaction, so a study of any size fits the server's transaction memory; here batches
of 7 rows delete a study of 2,000 segments in hundreds of transactions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import dataset
from graph.errors import NotFound
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import open_neo4j
from tests.factories import GAP, SAMPLE, STUDY, write_csv
from tests.loaders.staged import every_read, expert_reads


def _load_both(store: GraphStore, tmp_path: Path) -> None:
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    own = write_csv(tmp_path / "own.csv", [  # a profession and concepts no other study has
        ["X1", "data steward", "Hunan", GAP, "User risk", "Triage needs empathy, cultural adaptation and crisis intervention."]])
    load_paths(store, [dataset(2_000, tmp_path).csv, own], LoadOptions(study="other", codebook="reference",
                                                                        extend_codebook=True))


def test_deleting_a_study_leaves_exactly_the_graph_without_it(store: GraphStore, tmp_path: Path,
                                                              request: pytest.FixtureRequest) -> None:
    _load_both(store, tmp_path)
    without = MemoryStore(tmp_path / "without")
    load_paths(without, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    own = ["Profession|data steward", "Concept|empathy", "Concept|cultural adaptation", "Concept|crisis intervention"]
    assert sorted(store.stored(own)) == sorted(own) and not without.stored(own)
    assert without.stored(["Concept|triage"])  # shared: kept
    deleter = open_neo4j(request.getfixturevalue("neo4j_uri"), delete_batch=7) if store.name == "neo4j" else store
    try:
        deleter.delete_study("other")
    finally:
        if deleter is not store:
            deleter.close()
    assert every_read(store, "other") == every_read(without, "other")
    assert expert_reads(store, ["other:X1", "other:E000001"]) == expert_reads(without, ["other:X1", "other:E000001"])
    assert {d[0] for d in store.dump().nodes} == {d[0] for d in without.dump().nodes}
    with pytest.raises(NotFound):
        store.delete_study("other")
