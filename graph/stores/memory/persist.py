"""The embedded store's file: written a few thousand records at a time, read into a graph
made of the parsed records themselves.

The file is one JSON object (format, version, nodes sorted by id, edges sorted by their ends and
key), byte for byte what `json.dumps` of the whole object gives. Built whole, that object and its
text were the peak of a load's memory (a copy of every node's properties, then the text, then its
UTF-8 bytes); written in parts, a save holds one part of each at a time.

Read, the parsed records become the graph's own dicts (networkx's add_* would copy each one,
holding the file's records and the graph at once: the peak of opening a large store).
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
    """`records` as one JSON array, `PART` of them serialised at a time."""
    fh.write("[")
    part: list[object] = []
    first = True
    for i, record in enumerate(records, 1):
        part.append(record)
        if len(part) == PART or i == count:
            fh.write(("" if first else ",") + _dumps(part)[1:-1])
            first, part = False, []
    fh.write("]")


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
        data = json.loads(fh.read())
        if not isinstance(data, dict) or data.get("format") != fmt:
            raise ValueError(f"not a {fmt} file")
        return _graph(data)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"a record of the file is not one the store writes ({type(exc).__name__}: {exc})") from None
    finally:
        if paused:
            gc.enable()


def _graph(data: dict) -> nx.MultiDiGraph:
    """A MultiDiGraph as `add_nodes_from` and `add_edges_from` would build it, from `data`'s records,
    held as `graph.stores.memory.records` holds a graph."""
    graph = nx.MultiDiGraph()
    node, succ, pred, intern = graph._node, graph._succ, graph._pred, sys.intern
    for attrs in _taken(data.pop("nodes", [])):
        n = intern(attrs.pop("id"))
        for p in _SHARED:
            if isinstance(attrs.get(p), str):
                attrs[p] = intern(attrs[p])
        node[n], succ[n], pred[n] = node_record(attrs), {}, {}
    shared = Shared()
    for u, v, k, attrs in _taken(data.pop("edges", [])):
        u, k = intern(u), intern(k)
        ends = succ[u]
        keys = ends.get(v)
        props = shared.props(attrs)
        if keys is None:
            v = intern(v)
            ends[v] = pred[v][u] = shared.keys(k, props)
        else:  # a second edge between the same ends: the pair gets its own key dict
            ends[v] = pred[v][u] = {**keys, k: props}
    return graph
