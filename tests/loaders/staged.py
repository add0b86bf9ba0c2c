"""Helpers for the tests of staged Neo4j loads and batched deletes: a file's chunks as the
store receives them, what every read answers, and the raw state of the database (bypassing the
store's visibility rules, to see what is really there)."""

from __future__ import annotations

import os
from pathlib import Path

import neo4j
import pytest

from graph.checksum import store_checksum
from graph.cooccurrence import CooccurrenceQuery
from graph.errors import NotFound, ThemeGraphError
from graph.model import GraphBatch
from graph.quotes import QuoteQuery
from graph.results import MatrixQuery
from graph.store import GraphStore
from graph.stores.memory import MemoryStore
from loaders import pipeline
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import neo4j_auth

QUICK = LoadOptions(concepts=False, language=False)


def chunks_of(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int = 300) -> list[GraphBatch]:
    """The validated chunks of `rows` segments a load of `path` writes, as the store receives them."""
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", rows)
    seen: list[GraphBatch] = []

    class Keeping(MemoryStore):
        def write_chunks(self, chunks, quotes, more=False):
            seen.extend(chunks)
            return super().write_chunks(seen, quotes, more)

    load_paths(Keeping(tmp_path / "keeping"), [path], QUICK)
    return seen


def quotes_in(chunks: list[GraphBatch]) -> int:
    return len({q.uid for c in chunks for q in c.quotes})


def raw(uri: str, query: str, **params) -> list[dict]:
    """A statement's records, run on the server directly: what is stored, hidden or not."""
    with neo4j.GraphDatabase.driver(uri, auth=neo4j_auth()) as driver:
        records, _, _ = driver.execute_query(query, params, database_=os.environ.get("NEO4J_DATABASE"))
        return [r.data() for r in records]


def operations(uri: str) -> int:
    """(:Load) nodes: staged loads and deletes under way or left by a dead process."""
    return raw(uri, "MATCH (l:Load) RETURN count(l) AS n")[0]["n"]


def no_marks(uri: str) -> bool:
    """No node or relationship carries a staged load's mark."""
    return raw(uri, "RETURN COUNT { MATCH (n) WHERE n._load IS NOT NULL } + "
                    "COUNT { MATCH ()-[r]->() WHERE r._load IS NOT NULL } AS n")[0]["n"] == 0


def _or_missing(read):
    try:
        return read()
    except NotFound as exc:
        return f"NotFound: {exc}"


def every_read(store: GraphStore, study: str) -> dict:
    """What each read of the store answers, on the whole graph and on `study`: two calls give
    equal dicts exactly when a reader could not tell the two graphs apart."""
    answers = {
        "checksum": store_checksum(store),
        "studies": store.studies(),
        "stats": store.stats(),
        "themes": store.themes(),
        "experts": store.experts(),
        "matrix": store.matrix(MatrixQuery(rows="profession", cols="subtheme", measure="quotes")),
        "quotes": store.quotes(QuoteQuery(limit=20)),
        "cooccurrence": store.cooccurrence(CooccurrenceQuery(unit="quote")),
        "saturation": store.saturation(),
        "concepts": store.concepts(),
    }
    scoped = {
        "themes": lambda: store.themes(study),
        "experts": lambda: store.experts(study),
        "matrix": lambda: store.matrix(MatrixQuery(rows="profession", cols="subtheme", study=study)),
        "quotes": lambda: store.quotes(QuoteQuery(study=study, limit=20)),
        "cooccurrence": lambda: store.cooccurrence(CooccurrenceQuery(study=study)),
        "saturation": lambda: store.saturation(study),
        "codebook": lambda: store.codebook(study),
    }
    answers.update({f"{name} of {study}": _or_missing(read) for name, read in scoped.items()})
    return answers


def expert_reads(store: GraphStore, uids: list[str]) -> dict:
    """Each expert's profile and neighbourhood, or NotFound."""
    return {uid: (_or_missing(lambda u=uid: store.expert(u)), _or_missing(lambda u=uid: store.neighborhood(u, 2)))
            for uid in uids}


class Failing:
    """A file's chunks, re-iterable as a spill is, failing (as when the spill cannot be read back)
    after `after` of them."""

    def __init__(self, chunks: list[GraphBatch], after: int) -> None:
        self.chunks, self.after = chunks, after

    def __iter__(self):
        for i, batch in enumerate(self.chunks):
            if i == self.after:
                raise ThemeGraphError("the load's temporary file cannot be read back")
            yield batch
