"""The embedded store's file: written a few thousand records at a time, read the same way into a
graph made of the parsed records themselves.

The file is one JSON object (format, version, nodes sorted by id, edges sorted by their ends and
key), byte for byte what `json.dumps` of the whole object gives but for a line break before each
part of `PART` records (version 2). Built whole, that object and its text were the peak of a
load's memory; written in parts, a save holds one part of each at a time. Read, each line is one
part, parsed and taken into the graph before the next is read: the file's text and its parsed
records were the peak of opening a large store. A version 1 file (no line breaks) is read whole.

The parsed records become the graph's own dicts (networkx's add_* would copy each one), held as
`graph.stores.memory.records` holds a graph.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator
from typing import IO

import networkx as nx

from graph.stores.memory.records import Shared, node_record

__all__ = ["write_graph", "read_graph"]

PART = 2000  # records serialised at a time


def _dumps(value: object) -> str:
    # dumps, not dump: dump streams through the pure-Python encoder, about 8 times slower
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _array(fh: IO[str], records: Iterator[object], count: int) -> None:
    """`records` as one JSON array, `PART` of them serialised at a time, a line each."""
    fh.write("[")
    part: list[object] = []
    first = True
    for i, record in enumerate(records, 1):
        part.append(record)
        if len(part) == PART or i == count:
            fh.write(("\n" if first else ",\n") + _dumps(part)[1:-1])
            first, part = False, []
    fh.write("\n]")


def write_graph(fh: IO[str], graph: nx.MultiDiGraph, fmt: str, version: int) -> None:
    """Write `graph` to the open text file `fh` as the store's JSON document."""
    nodes = graph._node
    node_ids = sorted(nodes)
    adjacency = graph._succ
    fh.write('{"format":' + _dumps(fmt) + ',"version":' + _dumps(version) + ',"nodes":')
    _array(fh, ({"id": n, **nodes[n]} for n in node_ids), len(node_ids))
    fh.write(',"edges":')
    # sorted by (u, v, key) without a list of every edge: each node's ends and keys in turn
    edges = ([u, v, k, keys[k]] for u in node_ids for v, keys in sorted(adjacency[u].items())
             for k in sorted(keys))
    _array(fh, edges, graph.number_of_edges())
    fh.write("}")


def _taken(records: list) -> Iterator:
    """The items of `records`, each let go by the list as it is handed out."""
    for i, record in enumerate(records):
        records[i] = None
        yield record


_SHARED = ("label", "study", "language")  # node properties whose values repeat across many nodes


def read_graph(fh: IO[str], fmt: str) -> nx.MultiDiGraph:
    """The graph of the store's JSON document in the open text file `fh`; ValueError if it is
    not a `fmt` document or its records are not the store's.

    Node ids, edge keys and repeated values are interned, and edge dicts shared, as the write
    path has them (see `graph.stores.memory.records`).
    """
    paused = gc.isenabled()
    gc.disable()  # millions of new containers, none of them garbage: the collector would only rescan them
    try:
        first = fh.readline()
        if first.endswith(_OPEN_NODES):  # a file in parts (version 2 on)
            _check(json.loads(first[:-1] + "]}"), fmt)
            return _graph(_parts(fh, _NODES_DONE), _parts(fh, _EDGES_DONE))
        data = json.loads(first + fh.read())  # version 1: one line
        _check(data, fmt)
        return _graph(_taken(data.pop("nodes", [])), _taken(data.pop("edges", [])))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"a record of the file is not one the store writes ({type(exc).__name__}: {exc})") from None
    finally:
        if paused:
            gc.enable()


_OPEN_NODES = '"nodes":[\n'
_NODES_DONE = '],"edges":['
_EDGES_DONE = "]}"


def _check(data: object, fmt: str) -> None:
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise ValueError(f"not a {fmt} file")


def _parts(fh: IO[str], end: str) -> Iterator:
    """The records of the array whose lines follow in `fh`, a line (a part) parsed at a time, up
    to the line `end` that closes it."""
    for line in fh:
        if line.rstrip("\n") == end:
            return
        yield from json.loads("[" + (line[:-2] if line.endswith(",\n") else line.rstrip("\n")) + "]")
    raise ValueError("the file ends before its last record: it was cut short")


def _graph(nodes: Iterator[dict], edges: Iterator[list]) -> nx.MultiDiGraph:
    """A MultiDiGraph as `add_nodes_from` and `add_edges_from` would build it, from the file's
    records (the edges read after the nodes), held as `graph.stores.memory.records` holds a graph."""
    graph = nx.MultiDiGraph()
    node, succ, pred, intern = graph._node, graph._succ, graph._pred, sys.intern
    for attrs in nodes:
        n = intern(attrs.pop("id"))
        for p in _SHARED:
            if isinstance(attrs.get(p), str):
                attrs[p] = intern(attrs[p])
        node[n], succ[n], pred[n] = node_record(attrs), {}, {}
    shared = Shared()
    for u, v, k, attrs in edges:
        u, k = intern(u), intern(k)
        ends = succ[u]
        keys = ends.get(v)
        props = shared.props(attrs)
        if keys is None:
            v = intern(v)
            ends[v] = pred[v][u] = shared.keys(k, props)
        else:  # a second edge between the same ends: the pair gets its own key dict
            ends[v] = pred[v][u] = {**keys, k: props}
    shared.compact(graph, node)
    return graph
