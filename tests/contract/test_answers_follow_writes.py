"""Both stores keep answers between writes; every kind of write, from this store object or
from another one (another process), must show in the next answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.quotes import QuoteQuery
from graph.results import MatrixQuery
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import open_neo4j
from tests.factories import GAP, small_rows, write_csv

RISKS = MatrixQuery(study="s1", rows="profession", cols="subtheme", category="gap", measure="experts")


def _answers(store: GraphStore) -> tuple:
    return (store.matrix(RISKS).model_dump(), store.quotes(QuoteQuery(study="s1")).model_dump(),
            [e.model_dump() for e in store.experts("s1")])


@pytest.fixture
def twin(store: GraphStore, tmp_path: Path, neo4j_uri_if_needed) -> Callable[[], GraphStore]:
    """Another store object on the same data, as another process would open it."""
    if isinstance(store, MemoryStore):
        return lambda: MemoryStore(tmp_path / "store")
    return lambda: open_neo4j(neo4j_uri_if_needed)


@pytest.fixture
def neo4j_uri_if_needed(request: pytest.FixtureRequest, store: GraphStore) -> str | None:
    return None if isinstance(store, MemoryStore) else request.getfixturevalue("neo4j_uri")


def test_every_write_shows_in_the_next_answer(store: GraphStore, twin, tmp_path: Path) -> None:
    options = LoadOptions(study="s1", codebook="reference", concepts=False)
    rows = small_rows()
    load_paths(store, [write_csv(tmp_path / "a.csv", rows[:3])], options)
    first = _answers(store)
    assert _answers(store) == first  # kept
    other = twin()

    load_paths(other, [write_csv(tmp_path / "b.csv", rows[3:])], options)  # written elsewhere
    second = _answers(store)
    assert second != first
    assert second[0]["cells"] != first[0]["cells"]
    assert len(second[2]) == 4

    load_paths(store, [write_csv(tmp_path / "c.csv", [["C1", "psychiatrist", "Hunan", GAP, "User risk", "New."]])],
               options)
    third = _answers(store)
    assert len(third[2]) == 5 and third != second

    other.delete_study("s1")
    with pytest.raises(Exception, match="no study 's1'"):
        store.matrix(RISKS)
    load_paths(other, [write_csv(tmp_path / "a2.csv", rows[:3])], options)
    assert _answers(store) == first  # the same data again gives the same answers

    other.clear()
    assert store.stats().quotes == 0
    assert store.experts() == []


def test_the_version_changes_with_every_write_from_anywhere_and_only_then(
        store: GraphStore, twin, tmp_path: Path) -> None:
    options = LoadOptions(study="s1", codebook="reference", concepts=False)
    rows = small_rows()
    seen = [store.version()]
    load_paths(store, [write_csv(tmp_path / "a.csv", rows[:3])], options)
    seen.append(store.version())
    _answers(store)
    assert store.version() == seen[-1]  # reads change nothing
    other = twin()
    assert other.version() == seen[-1]  # the same graph, seen from another store object
    load_paths(other, [write_csv(tmp_path / "b.csv", rows[3:])], options)
    seen.append(store.version())
    other.delete_study("s1")
    seen.append(store.version())
    load_paths(store, [write_csv(tmp_path / "a2.csv", rows[:3])], options)
    seen.append(store.version())
    assert len(set(seen)) == len(seen), seen  # the same data again is still a new version
