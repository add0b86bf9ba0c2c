"""The embedded store's compact graph: `put_node`, `put_edge` and `drop_edge` build what
networkx's `add_node`, `add_edge` and `remove_edge` build, with shared edge dicts and slotted
quote records, and a write never changes the graph a reader holds."""

from __future__ import annotations

import copy
from pathlib import Path

import networkx as nx

from graph.stores.memory import MemoryStore
from graph.stores.memory.records import (
    QUOTE_FIELDS,
    QuoteRecord,
    Shared,
    copy_graph,
    drop_edge,
    node_record,
    put_edge,
    put_node,
)
from graph.stores.memory.writes import node_attributes
from graph.stores.write_rules import QUOTE
from loaders.pipeline import LoadOptions, load_paths
from tests.factories import GAP, KNOWN_HEADER, KNOWN_STUDY, load_known, write_csv


def snapshot(g: nx.MultiDiGraph) -> tuple:
    """Everything a read sees, in order: nodes and their properties, each node's ends and keys."""
    return ([(n, dict(a)) for n, a in g.nodes(data=True)],
            [(u, [(v, [(k, dict(d)) for k, d in keys.items()]) for v, keys in ends.items()])
             for u, ends in g._succ.items()],
            [(v, list(ends)) for v, ends in g._pred.items()])


def quote(uid: str, text: str, selections: list) -> dict:
    return {"uid": uid, "study": "s", "text": text, "start": None, "end": None, "language": None,
            "redacted": False, "selections": selections, "translation": None, "label": "Quote"}


def test_a_quote_record_holds_the_properties_the_write_rules_give_a_quote() -> None:
    assert QUOTE_FIELDS == (*QUOTE.properties, "label")
    record = node_record(node_attributes(QUOTE, {"uid": "q", "study": "s", "text": "t", "redacted": False,
                                                 "selections": [[0, 1]]}))
    assert isinstance(record, QuoteRecord) and record["selections"] == [[0, 1]] and record.get("end") is None
    assert node_record({**quote("a", "b", []), "other": 1}) == {**quote("a", "b", []), "other": 1}  # not a quote's


def test_put_node_put_edge_and_drop_edge_build_what_networkx_builds() -> None:
    steps = [
        ("node", "Quote|a", quote("a", "one", [])), ("node", "Quote|b", quote("b", "two", [[0, 3]])),
        ("node", "Expert|x", {"uid": "x", "label": "Expert", "attributes": {"k": "v"}}),
        ("edge", "Expert|x", "Quote|a", "SAID", {}), ("edge", "Expert|x", "Quote|b", "SAID", {}),
        ("compact",),  # the quotes' {Expert|x: SAID} predecessors: one dict
        ("edge", "Memo|n", "Quote|b", "ANNOTATES", {}),  # changes Quote|b's predecessors, not Quote|a's
        ("edge", "Quote|a", "Theme|t", "CODED_AS", {"coder": None, "at": None, "coders": None}),
        ("edge", "Quote|b", "Theme|t", "CODED_AS", {"coder": None, "at": None, "coders": None}),
        ("edge", "Quote|a", "Theme|t", "CODED_AS", {"coders": ["c1"]}),  # over the one it had
        ("edge", "Quote|a", "Theme|t", "MENTIONS", {}),  # a second edge between the same ends
        ("edge", "Quote|a", "Theme|t", "CODED_AS", {}),  # again, nothing new
        ("edge", "Memo|m", "Quote|z", "ANNOTATES", {}),  # ends not yet in the graph
        ("node", "Quote|a", {**quote("a", "one, again", []), "translation": "eins"}),
        ("node", "Expert|x", {"pseudonym": "X"}),  # properties over those it had
        ("compact",), ("drop", "Quote|a", "Theme|t", "CODED_AS"), ("drop", "Quote|b", "Theme|t", "CODED_AS"),
        ("drop", "Memo|n", "Quote|b", "ANNOTATES"), ("compact",), ("drop", "Expert|x", "Quote|a", "SAID"),
    ]
    ours, theirs, shared = nx.MultiDiGraph(), nx.MultiDiGraph(), Shared()
    for op, *args in steps:
        if op == "compact":
            shared.compact(ours, list(ours))
        elif op == "node":
            put_node(ours, args[0], dict(args[1]))
            theirs.add_node(args[0], **copy.deepcopy(args[1]))
        elif op == "edge":
            put_edge(ours, args[0], args[1], args[2], shared, dict(args[3]))
            theirs.add_edge(args[0], args[1], key=args[2], **args[3])
        else:
            drop_edge(ours, *args, shared)
            theirs.remove_edge(args[0], args[1], key=args[2])
        assert snapshot(ours) == snapshot(theirs), (op, args)

    assert isinstance(ours.nodes["Quote|a"], QuoteRecord) and ours.nodes["Quote|a"]["translation"] == "eins"
    assert ours.nodes["Quote|a"] == dict(theirs.nodes["Quote|a"]) and list(ours.nodes["Quote|a"]) == list(QUOTE_FIELDS)
    assert isinstance(ours.nodes["Expert|x"], dict)
    assert ours._pred["Quote|b"] == {"Expert|x": {"SAID": {}}} and ours._pred["Quote|a"] == {}
    said = ours._succ["Expert|x"]["Quote|b"]
    assert said is ours._pred["Quote|b"]["Expert|x"] and said is shared.keys("SAID", shared.empty)  # shared


def test_adjacency_dicts_of_one_neighbour_are_shared_until_changed() -> None:
    g, shared = nx.MultiDiGraph(), Shared()
    for q in "abc":
        put_node(g, f"Quote|{q}", quote(q, q, []))
        put_edge(g, "Expert|x", f"Quote|{q}", "SAID", shared)
    shared.compact(g, list(g))
    assert g._pred["Quote|a"] is g._pred["Quote|b"] is g._pred["Quote|c"]
    put_edge(g, "Memo|m", "Quote|a", "ANNOTATES", shared)
    assert list(g._pred["Quote|a"]) == ["Expert|x", "Memo|m"] and list(g._pred["Quote|b"]) == ["Expert|x"]
    assert g._pred["Quote|b"] is g._pred["Quote|c"]


def test_a_write_leaves_the_graph_a_reader_holds_as_it_was(tmp_path: Path) -> None:
    load_known(MemoryStore(tmp_path / "store"), tmp_path)
    reader = MemoryStore(tmp_path / "store")
    held = reader._graph
    before = copy.deepcopy(snapshot(held))
    quotes = [a for _, a in held.nodes(data=True) if a["label"] == "Quote"]
    assert quotes and all(isinstance(a, QuoteRecord) for a in quotes)
    said = {id(keys) for ends in held._succ.values() for keys in ends.values() if list(keys) == ["SAID"]}
    assert len(said) == 1  # every SAID pair holds the same key dict
    speakers = {id(held._pred[n]) for n, a in held.nodes(data=True) if a["label"] == "Quote"}
    assert len(quotes) > len(speakers) == 5  # the quotes of an expert share their {expert: SAID}

    writer = MemoryStore(tmp_path / "store")
    load_known(writer, tmp_path)  # the same file again: every node and edge written over
    path = write_csv(tmp_path / "more.csv", [["K6", "psychiatrist", "Hunan", "4", "2024-03-03", GAP, "User risk",
                                               "Something new."]], KNOWN_HEADER)
    load_paths(writer, [path], LoadOptions(study=KNOWN_STUDY, codebook="reference"))
    written = writer._graph  # a copy of the graph it read, written into: its quotes share their speakers again
    assert len({id(written._pred[n]) for n, a in written.nodes(data=True) if a["label"] == "Quote"}) == 6
    writer.delete_study("known")

    assert snapshot(held) == before
    assert copy_graph(held) is not held and snapshot(copy_graph(held)) == before
