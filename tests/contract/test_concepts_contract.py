"""Concept nodes and MENTIONS edges: written idempotently, counted and split alike on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.model import Concept, GraphBatch, Mention, Study
from graph.quotes import QuoteQuery
from graph.store import GraphStore
from tests.factories import KNOWN_STUDY, load_known


@pytest.fixture
def mentioned(store: GraphStore, tmp_path: Path) -> GraphStore:
    load_known(store, tmp_path, concepts=False)  # the concepts below are the only ones

    def uid(words: str) -> str:
        return store.quotes(QuoteQuery(q=words)).items[0].uid

    batch = GraphBatch(
        study=Study(KNOWN_STUDY, title=store.studies()[0].title, year=2024, country="China",
                    method=store.studies()[0].method),
        concepts=[Concept("dose", "dose", "en"), Concept("crisis", "crisis", "en"), Concept("农村", "农村", "zh")],
        mentions=[Mention(uid("doses"), "dose"), Mention(uid("crisis"), "crisis"),
                  Mention(uid("Rural"), "农村"), Mention(uid("农村"), "农村")],
    )
    store.write(batch)
    store.write(batch)  # idempotent
    return store


def test_concepts_counted_and_split(mentioned: GraphStore) -> None:
    found = mentioned.concepts(KNOWN_STUDY)
    assert [(c.name, c.experts, c.quotes) for c in found] == [("农村", 2, 2), ("crisis", 1, 1), ("dose", 1, 1)]
    assert found[0].breakdown is None and mentioned.stats().concepts == 3
    by_profession = {c.name: [(b.value, b.experts) for b in c.breakdown]
                     for c in mentioned.concepts(KNOWN_STUDY, by="profession")}
    assert by_profession == {"农村": [("mental health nurse", 2)], "crisis": [("mental health nurse", 1)],
                             "dose": [("psychiatrist", 1)]}
    by_code = {c.name: [(b.value, b.quotes) for b in c.breakdown] for c in mentioned.concepts(by="subtheme")}
    assert by_code["dose"] == [("Misleading information", 1), ("User risk", 1)]
    assert by_code["农村"] == [("Fair access to mental health services", 2)]
    with pytest.raises(BadInput, match="unknown attribute 'shoe'"):
        mentioned.concepts(by="shoe")


def test_deleting_the_study_removes_orphan_concepts(mentioned: GraphStore) -> None:
    mentioned.delete_study(KNOWN_STUDY)
    assert mentioned.stats().concepts == 0
    assert not [n for n in mentioned.dump().nodes if n[0].startswith("Concept|")]
