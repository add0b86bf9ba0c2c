"""The embedded store's graph, held compactly: shared edge dicts, slotted quote records, and the
only ways its graph is changed (`put_node`, `put_edge`, `drop_edge`, `copy_graph`).

networkx gives every node pair its own dict of keys and every edge its own dict of properties:
at 100k segments a third of the graph's memory, although almost every pair has one edge (its
type) and almost every edge the same properties (none, or the same null coder and time). Here
equal edge dicts are one dict, shared by every pair that has it; adjacency dicts with one
neighbour are shared too (every quote of an expert has the same {expert: SAID} predecessors);
and a quote's properties are a `QuoteRecord` (slots, not a dict: a fifth of the size). Shared
dicts and records are never changed in place: a write replaces them, which is why writes go
through this module and not through networkx's `add_edge`, `add_node` or `copy`, which update
them in place. A write starts from `copy_graph`, whose adjacency dicts are its own again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

__all__ = ["QuoteRecord", "Shared", "node_record", "put_node", "put_edge", "drop_edge", "copy_graph"]

# Distinct edge property dicts shared by one build; past it, edges keep their own (no unbounded table
# when, say, every coding has its own time).
MOST_SHARED = 4096
# Distinct one-neighbour adjacency dicts shared by one build (a quote's {its expert: SAID}: one per expert).
MOST_SHARED_ENDS = 65536

_NO_SELECTIONS: list = []  # shared by every quote without selections; no one changes a record's values


class QuoteRecord(Mapping):
    """A quote's properties as a read-only mapping (`node_record` makes them); equal to the dict
    it was made from, and read like it."""

    __slots__ = ("uid", "study", "text", "start", "end", "language", "redacted", "selections", "translation",
                 "label")

    def __init__(self, uid: str, study: str, text: str, start: int | None, end: int | None, language: str | None,
                 redacted: bool, selections: list, translation: str | None, label: str) -> None:
        self.uid, self.study, self.text, self.start, self.end = uid, study, text, start, end
        self.language, self.redacted, self.translation, self.label = language, redacted, translation, label
        self.selections = _NO_SELECTIONS if selections == [] else selections

    def __getitem__(self, key: str) -> Any:
        if key in _QUOTE_KEYS:
            return getattr(self, key)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in _QUOTE_KEYS else default

    def __contains__(self, key: object) -> bool:
        return key in _QUOTE_KEYS

    def __iter__(self) -> Iterator[str]:
        return iter(QUOTE_FIELDS)

    def __len__(self) -> int:
        return len(QUOTE_FIELDS)

    def __repr__(self) -> str:
        return f"QuoteRecord({dict(self)!r})"


# A quote's properties in the order `node_attributes` gives them. Should the QUOTE kind gain one,
# quotes are held as dicts (node_record) until the slots follow it (a test says so).
QUOTE_FIELDS: tuple[str, ...] = QuoteRecord.__slots__
_QUOTE_KEYS = frozenset(QUOTE_FIELDS)


def node_record(attrs: dict) -> Mapping:
    """`attrs` as the graph holds them: a `QuoteRecord` for a quote with exactly a quote's properties
    in their order (every quote the store writes), else `attrs` itself."""
    if attrs.get("label") != "Quote" or tuple(attrs) != QUOTE_FIELDS:
        return attrs
    return QuoteRecord(*attrs.values())


class Shared:
    """The shared dicts of one build (a read of the file, or a write): one dict per distinct edge
    properties, one key dict per edge type and properties for pairs with a single edge, and one
    adjacency dict per single neighbour and key dict."""

    def __init__(self) -> None:
        self.empty: dict = {}
        self._props: dict[tuple, dict] = {}
        self._ids: set[int] = {id(self.empty)}  # of the shared property dicts, which the tables keep alive
        self._keys: dict[tuple[str, int], dict] = {}
        self._ends: dict[tuple, dict] = {}
        self._ends_ids: set[int] = set()  # of the shared adjacency dicts (kept alive by `_ends`)

    def props(self, props: dict) -> dict:
        """A dict equal to `props`, shared with every other edge of the build that has the same."""
        if not props:
            return self.empty
        try:
            key = tuple((k, (list, *v) if type(v) is list else v) for k, v in props.items())
            found = self._props.get(key)
        except TypeError:  # a value that cannot be a key: the edge keeps its own dict
            return props
        if found is None:
            if len(self._props) >= MOST_SHARED:
                return props
            found = self._props[key] = props
            self._ids.add(id(props))
        return found

    def keys(self, key: str, props: dict) -> dict:
        """The key dict of a pair whose one edge is `key` with `props` (as `props` gave them)."""
        if id(props) not in self._ids:
            return {key: props}
        found = self._keys.get((key, id(props)))
        if found is None:
            found = self._keys[(key, id(props))] = {key: props}
        return found

    def compact(self, g: nx.MultiDiGraph, nodes: Iterable[str]) -> None:
        """Give `nodes` shared adjacency dicts where they have at most one neighbour each way."""
        succ, pred, ends = g._succ, g._pred, self._ends
        for n in nodes:
            for adjacency in (succ, pred):
                own = adjacency[n]
                if len(own) > 1:
                    continue
                key = tuple((m, id(keys)) for m, keys in own.items())
                found = ends.get(key)
                if found is None:
                    if len(ends) >= MOST_SHARED_ENDS:
                        continue
                    found = ends[key] = own
                    self._ends_ids.add(id(own))
                adjacency[n] = found

    def own(self, adjacency: dict, n: str) -> dict:
        """Node `n`'s adjacency dict in `adjacency` (the graph's `_succ` or `_pred`), its own to change."""
        ends = adjacency[n]
        if id(ends) in self._ends_ids:
            ends = adjacency[n] = dict(ends)
        return ends


def _add_missing(g: nx.MultiDiGraph, n: str) -> None:
    if n not in g._node:
        g._node[n], g._succ[n], g._pred[n] = {}, {}, {}


def put_node(g: nx.MultiDiGraph, n: str, attrs: dict) -> None:
    """Add node `n` with `attrs`, or give an existing one `attrs` over its own (networkx's
    `add_node`, replacing the node's record instead of changing it)."""
    old = g._node.get(n)
    if old is None:
        g._succ[n], g._pred[n] = {}, {}
    else:
        attrs = {**old, **attrs}
    g._node[n] = node_record(attrs)


def put_edge(g: nx.MultiDiGraph, u: str, v: str, key: str, shared: Shared, props: dict | None = None) -> None:
    """Add the edge (u, v, key), with `props` over those it had (networkx's `add_edge`, missing
    ends added; dicts replaced instead of changed)."""
    _add_missing(g, u)
    _add_missing(g, v)
    old = g._succ[u].get(v)
    had = old.get(key) if old is not None else None
    if had is not None and not props:
        return
    props = shared.props({**had, **props} if had is not None and props else props or {})
    keys = shared.keys(key, props) if old is None or list(old) == [key] else {**old, key: props}
    shared.own(g._succ, u)[v] = shared.own(g._pred, v)[u] = keys


def drop_edge(g: nx.MultiDiGraph, u: str, v: str, key: str, shared: Shared) -> None:
    """Remove the edge (u, v, key), which must be there (networkx's `remove_edge`)."""
    rest = {k: d for k, d in g._succ[u][v].items() if k != key}
    ends, starts = shared.own(g._succ, u), shared.own(g._pred, v)
    if rest:
        ends[v] = starts[u] = rest
    else:
        del ends[v], starts[u]


def copy_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `g` to write into: its own node and adjacency dicts, sharing the records and edge
    dicts, which writes replace and never change."""
    copy = nx.MultiDiGraph()
    copy.graph.update(g.graph)
    copy._node.update(g._node)
    copy._succ.update((n, dict(ends)) for n, ends in g._succ.items())
    copy._pred.update((n, dict(ends)) for n, ends in g._pred.items())
    return copy
