"""The embedded store's file written a few thousand records at a time.

The file is one JSON object (format, version, nodes sorted by id, edges sorted by their ends and
key), byte for byte what `json.dumps` of the whole object gives. Built whole, that object and its
text were the peak of a load's memory (a copy of every node's properties, then the text, then its
UTF-8 bytes); written in parts, a save holds one part of each at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

import networkx as nx

__all__ = ["write_graph"]

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
    edge_ids = sorted(graph.edges(keys=True))
    adjacency = graph._succ
    fh.write('{"format":' + _dumps(fmt) + ',"version":' + _dumps(version) + ',"nodes":')
    _array(fh, ({"id": n, **nodes[n]} for n in node_ids), len(node_ids))
    fh.write(',"edges":')
    _array(fh, ([u, v, k, adjacency[u][v][k]] for u, v, k in edge_ids), len(edge_ids))
    fh.write("}")
