"""The graph checksum is a real function of every node and relationship and all their properties,
and it is the same on both stores for the same graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.checksum import graph_checksum, store_checksum
from graph.results import GraphDump
from graph.stores.memory import MemoryStore
from loaders.pipeline import LoadOptions, load_paths
from tests.conftest import open_neo4j
from tests.factories import GAP, HEADER, SAMPLE, STUDY, load_known, small_rows, write_csv


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "."
    if isinstance(value, list):
        return [*value, "x"]
    if isinstance(value, dict):
        return {**value, "x": 1}
    raise AssertionError(f"no change defined for {type(value).__name__}")


def _dump(nodes: list, edges: list) -> GraphDump:
    return GraphDump.model_construct(nodes=nodes, edges=edges)


@pytest.fixture(scope="module")
def sample_dump(tmp_path_factory: pytest.TempPathFactory) -> GraphDump:
    store = MemoryStore(tmp_path_factory.mktemp("sample"))
    load_paths(store, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
    return store.dump()


@pytest.fixture(scope="module")
def known_dump(tmp_path_factory: pytest.TempPathFactory) -> GraphDump:
    store = MemoryStore(tmp_path_factory.mktemp("known"))
    load_known(store, tmp_path_factory.mktemp("csv"))
    return store.dump()


def test_every_single_property_change_changes_the_checksum(known_dump: GraphDump) -> None:
    base = graph_checksum(known_dump)
    nodes, edges = list(known_dump.nodes), list(known_dump.edges)
    tried = 0
    for i, (node, props) in enumerate(nodes):
        for key, value in props.items():
            changed = [*nodes[:i], (node, {**props, key: _changed(value)}), *nodes[i + 1:]]
            assert graph_checksum(_dump(changed, edges)) != base, (node, key)
            tried += 1
    for i, (a, kind, b, props) in enumerate(edges):
        for key, value in props.items():
            changed = [*edges[:i], (a, kind, b, {**props, key: _changed(value)}), *edges[i + 1:]]
            assert graph_checksum(_dump(nodes, changed)) != base, (a, kind, b, key)
            tried += 1
    assert tried > 100  # every property of every node of a small study, each changed once


def test_every_relationship_property_counts(sample_dump: GraphDump) -> None:
    """The sample's relationships carry no properties, so give a few some (as coders' codings have)."""
    nodes = list(sample_dump.nodes)
    edges = [(a, k, b, {"coder": f"c{i}", "at": "2024-03-01", "coders": ["c1", "c2"]}) if k == "CODED_AS" else (a, k, b, p)
             for i, (a, k, b, p) in enumerate(sample_dump.edges)]
    base = graph_checksum(_dump(nodes, edges))
    assert base != graph_checksum(sample_dump)
    coded = [i for i, e in enumerate(edges) if e[3]][:20]
    for i in coded:
        a, kind, b, props = edges[i]
        for key, value in props.items():
            changed = [*edges[:i], (a, kind, b, {**props, key: _changed(value)}), *edges[i + 1:]]
            assert graph_checksum(_dump(nodes, changed)) != base, (a, kind, b, key)


def test_adding_removing_or_repointing_anything_changes_the_checksum(sample_dump: GraphDump) -> None:
    base = graph_checksum(sample_dump)
    nodes, edges = list(sample_dump.nodes), list(sample_dump.edges)
    node, props = nodes[3]
    a, kind, b, eprops = edges[5]
    variants = {
        "node removed": _dump(nodes[:3] + nodes[4:], edges),
        "node duplicated": _dump(nodes + [nodes[3]], edges),
        "node renamed": _dump([*nodes[:3], (node + "x", props), *nodes[4:]], edges),
        "property added": _dump([*nodes[:3], (node, {**props, "extra": 1}), *nodes[4:]], edges),
        "property removed": _dump([*nodes[:3], (node, dict(list(props.items())[1:])), *nodes[4:]], edges),
        "edge removed": _dump(nodes, edges[:5] + edges[6:]),
        "edge duplicated": _dump(nodes, edges + [edges[5]]),
        "edge retyped": _dump(nodes, [*edges[:5], (a, kind + "X", b, eprops), *edges[6:]]),
        "edge repointed": _dump(nodes, [*edges[:5], (a, kind, nodes[0][0], eprops), *edges[6:]]),
        "edge property added": _dump(nodes, [*edges[:5], (a, kind, b, {**eprops, "x": 1}), *edges[6:]]),
    }
    sums = {name: graph_checksum(d) for name, d in variants.items()}
    assert base not in sums.values()
    assert len(set(sums.values())) == len(sums)
    # ...while order alone (of items or of keys) does not.
    reordered = _dump(nodes[::-1], [(x, k, y, dict(reversed(list(p.items())))) for x, k, y, p in edges[::-1]])
    assert graph_checksum(reordered) == base


def test_a_store_write_of_one_property_changes_it_and_a_repeat_load_does_not(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    rows = small_rows()
    path = write_csv(tmp_path / "s.csv", rows)
    load_paths(store, [path], LoadOptions(study="s"))
    first = store_checksum(store)
    load_paths(store, [path], LoadOptions(study="s"))
    assert store_checksum(store) == first  # idempotent load: identical graph
    moved = [[*rows[0][:2], "Yunnan", *rows[0][3:]]]  # expert A1's province, nothing else
    load_paths(store, [write_csv(tmp_path / "moved.csv", moved, HEADER)], LoadOptions(study="s"))
    assert store_checksum(store) != first
    assert store.expert("s:A1").expert.attributes["province"] == "Yunnan"


@pytest.mark.neo4j
def test_both_stores_give_the_same_checksum_for_the_same_data(neo4j_uri: str, tmp_path: Path) -> None:
    memory = MemoryStore(tmp_path / "m")
    neo = open_neo4j(neo4j_uri)
    neo.clear()
    try:
        extra = write_csv(tmp_path / "s.csv", small_rows() + [["C1", "psychiatrist", "Hunan", GAP, "User risk", "x"]])
        for s in (memory, neo):
            load_paths(s, [SAMPLE], LoadOptions(study=STUDY, codebook="reference"))
            load_paths(s, [extra], LoadOptions(study="other"))
        assert store_checksum(neo) == store_checksum(memory)
        assert store_checksum(neo).startswith("sha256:")
        neo.delete_study("other")
        memory.delete_study("other")
        assert store_checksum(neo) == store_checksum(memory)
    finally:
        neo.clear()
        neo.close()
