"""The embedded store's file reads back into the graph that was saved (built from the parsed
records, not through networkx's add_*), a file of the first version (one line) still opens,
and a file that is not the store's, or was cut short, is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import StoreUnavailable
from graph.quotes import QuoteQuery
from graph.stores.memory import MemoryStore, persist
from tests.factories import load_known


def edges(g) -> dict:
    return {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}


def test_a_saved_graph_reads_back_equal_and_the_next_write_copies_it(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    load_known(store, tmp_path)
    saved = store._graph
    read = MemoryStore(tmp_path / "store")._graph
    assert read is not saved and len(read) == len(saved) > 20
    assert dict(read.nodes(data=True)) == dict(saved.nodes(data=True))
    assert list(read) == sorted(saved)  # the file's order
    assert edges(read) == edges(saved) and read.number_of_edges() == saved.number_of_edges()
    for u, v in read.edges():
        assert read._pred[v][u] is read._succ[u][v]  # one key dict for both directions, as networkx has it
        assert sorted(read.predecessors(v)) == sorted(saved.predecessors(v))
    said = [k for _, _, k in read.edges(keys=True) if k == "SAID"]
    assert len(said) > 5 and len({id(k) for k in said}) == 1  # interned, as the write path has them

    # a write works on a copy: the empty dicts the read graph shares are not changed by it
    reader = MemoryStore(tmp_path / "store")
    before = edges(reader._graph)
    reader.delete_study("known")
    assert edges(reader._graph) == {} and all(d == {} for (_, _, k), d in before.items() if k == "SAID")
    assert MemoryStore(tmp_path / "store").quotes(QuoteQuery()).total == 0


@pytest.mark.parametrize("text", ['{"format": "something else", "nodes": [], "edges": []}', "[1, 2]", "{nope",
                                  '{"format": "themegraph-memory-store", "nodes": [{"no": "id"}], "edges": []}',
                                  '{"format": "themegraph-memory-store", "nodes": [], "edges": [["a", "b", "K", {}]]}'])
def test_a_file_that_is_not_the_stores_is_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "graph.json").write_text(text, "utf-8")
    with pytest.raises(StoreUnavailable, match="cannot read the embedded store"):
        MemoryStore(tmp_path / "store")


def test_the_file_is_one_json_document_in_lines_and_a_one_line_file_reads_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(persist, "PART", 7)  # records serialised (and read) at a time
    store = MemoryStore(tmp_path / "store")
    load_known(store, tmp_path)
    path = tmp_path / "store" / "graph.json"
    text = path.read_text("utf-8")
    document = json.loads(text)
    assert document["version"] == 2 and len(document["nodes"]) > 20 and len(document["edges"]) > 20
    # a line for the head, one per part of nodes, the bracket between, one per part of edges, the end
    parts = -(-len(document["nodes"]) // 7) + -(-len(document["edges"]) // 7)
    assert len(text.splitlines()) == parts + 3
    again = MemoryStore(tmp_path / "store")._graph
    assert dict(again.nodes(data=True)) == dict(store._graph.nodes(data=True)) and edges(again) == edges(store._graph)
    # the first version: the same document on one line
    path.write_text(json.dumps({**document, "version": 1}, ensure_ascii=False, separators=(",", ":")), "utf-8")
    read = MemoryStore(tmp_path / "store")._graph
    assert dict(read.nodes(data=True)) == dict(store._graph.nodes(data=True)) and edges(read) == edges(store._graph)
    assert list(read) == list(again) == sorted(store._graph)


def test_a_file_cut_short_is_refused(tmp_path: Path) -> None:
    load_known(MemoryStore(tmp_path / "store"), tmp_path)
    path = tmp_path / "store" / "graph.json"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    for kept in (1, 2, 3, len(lines) - 1):
        path.write_text("".join(lines[:kept]), "utf-8")
        with pytest.raises(StoreUnavailable, match="cannot read the embedded store.*cut short"):
            MemoryStore(tmp_path / "store")
