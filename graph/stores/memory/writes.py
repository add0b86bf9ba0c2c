"""How the embedded store writes a batch: the write rules applied to its networkx graph.

Node properties follow `graph.stores.write_rules` (`merged`), converted to and from this
store's node shape: the node's label under 'label', a Profession's or Concept's own label under
'label_text', an expert's attributes as one 'attributes' dict, and a code's name key under
'key' for lookups. Relationships are edges keyed by their type, so writing one twice leaves one.
The graph is changed only through `graph.stores.memory.records`, which shares its edge dicts.
"""

from __future__ import annotations

import sys

import networkx as nx

from graph.model import GraphBatch
from graph.naming import name_key
from graph.stores.memory.queries import canonical_props, out
from graph.stores.memory.records import Shared, drop_edge, put_edge, put_node
from graph.stores.write_rules import Kind, entries, merged
from graph.stores.write_rules import code_node_id as _code_node_id
from graph.stores.write_rules import node_id as _node_id

__all__ = ["apply_batch", "node_attributes"]


# Node ids are interned: networkx keeps an edge's ends as keys of its adjacency dicts, and an id
# built anew for each edge would be held once per edge end (a third of the graph's memory at 100k).
def node_id(label: str, key: str) -> str:
    return sys.intern(_node_id(label, key))


def code_node_id(code_uid: str) -> str:
    return sys.intern(_code_node_id(code_uid))


def node_attributes(kind: Kind, props: dict) -> dict:
    """A node of `kind` with canonical `props`, in this store's shape (every property present)."""
    attrs = {p: props.get(p) for p in kind.properties}
    if kind.label in ("Profession", "Concept"):
        attrs["label_text"] = attrs.pop("label")
    attrs["label"] = kind.label
    if kind.label == "Expert":
        attrs["attributes"] = {k[5:]: v for k, v in props.items() if k.startswith("attr:")}
    if kind.label in ("Theme", "SubTheme"):
        attrs["key"] = name_key(props["name"])
    return attrs


def apply_batch(g: nx.MultiDiGraph, batch: GraphBatch, shared: Shared) -> None:
    """Write one batch into `g` (see GraphStore.write), sharing dicts through `shared`, the same
    for every batch of a write (it knows which adjacency dicts are shared)."""
    study = node_id("Study", batch.study.uid)
    for e in entries(batch):
        if isinstance(e.id, tuple):
            quote, code = map(sys.intern, e.id)
            had = g.edges[quote, code, "CODED_AS"] if g.has_edge(quote, code, "CODED_AS") else None
            stored = {k: v for k, v in had.items() if v is not None} if had is not None else None
            result = merged(e.kind, stored, e.props)
            put_edge(g, quote, code, "CODED_AS", shared, {p: result.get(p) for p in e.kind.properties})
            continue
        stored = canonical_props(e.id, g.nodes[e.id]) if e.id in g else None
        put_node(g, sys.intern(e.id), node_attributes(e.kind, merged(e.kind, stored, e.props)))
    for x in batch.experts:
        expert = node_id("Expert", x.uid)
        put_edge(g, expert, study, "IN_STUDY", shared)
        if x.profession:
            for old in out(g, expert, "HAS_PROFESSION"):
                drop_edge(g, expert, old, "HAS_PROFESSION", shared)
            put_edge(g, expert, node_id("Profession", x.profession), "HAS_PROFESSION", shared)
    for t in batch.themes:
        put_edge(g, node_id("Theme", t.uid), study, "IN_STUDY", shared)
    for st in batch.subthemes:
        put_edge(g, node_id("SubTheme", st.uid), code_node_id(st.parent), "PART_OF", shared)
    for q in batch.quotes:
        quote = node_id("Quote", q.uid)
        put_edge(g, node_id("Expert", q.expert), quote, "SAID", shared)
        put_edge(g, quote, node_id("Source", q.source), "FROM_SOURCE", shared)
    for k in batch.coders:
        put_edge(g, node_id("Coder", k.uid), study, "IN_STUDY", shared)
    for memo in batch.memos:
        put_edge(g, node_id("Memo", memo.uid), node_id(memo.target_label, memo.target), "ANNOTATES", shared)
    for m in batch.mentions:
        put_edge(g, node_id("Quote", m.quote), node_id("Concept", m.concept), "MENTIONS", shared)
    shared.compact(g, (node_id("Quote", q.uid) for q in batch.quotes))
