"""Neighbourhoods: the nodes within 1-3 steps of any node, breadth first, with a node budget.

The walk is shared; each store only answers three questions (find a node, list neighbours
not yet seen, list the relationships among a set of nodes). Neighbours are taken in id order
level by level, so both stores truncate at the same nodes.
"""

from __future__ import annotations

from typing import Protocol

import networkx as nx
from pydantic import Field

from graph.errors import NotFound
from graph.results import _Answer

__all__ = ["MAX_NODES", "SubgraphNode", "SubgraphEdge", "Subgraph", "NodeSource", "walk", "caption", "to_networkx"]

MAX_NODES = 2000


class SubgraphNode(_Answer):
    id: str = Field(description="'Label|key', unique in the graph.")
    label: str
    caption: str
    depth: int
    props: dict


class SubgraphEdge(_Answer):
    source: str
    target: str
    type: str


class Subgraph(_Answer):
    center: str
    depth: int
    nodes: list[SubgraphNode]
    edges: list[SubgraphEdge]
    truncated: bool = Field(description="True when the limit left nodes out.")


class NodeSource(Protocol):
    def find_node(self, uid: str) -> str | None: ...

    def neighbours(self, ids: list[str], exclude: set[str], cap: int) -> list[str]:
        """The smallest `cap` ids adjacent (either direction) to `ids` and not in `exclude`, sorted."""

    def describe(self, ids: list[str]) -> dict[str, dict]:
        """Canonical properties of each id (as in GraphStore.dump)."""

    def edges_among(self, ids: set[str]) -> list[tuple[str, str, str]]:
        """(source, type, target) for every relationship with both ends in `ids`."""


def caption(node_id: str, props: dict) -> str:
    label = node_id.split("|", 1)[0]
    if label == "Quote":
        text = props.get("text", "")
        return text if len(text) <= 80 else text[:79] + "…"
    for key in ("pseudonym", "label", "name", "title", "uid"):
        if props.get(key):
            return str(props[key])
    return node_id.split("|", 1)[1]


def walk(source: NodeSource, uid: str, depth: int, limit: int) -> Subgraph:
    """The neighbourhood of the node with uid (or name) `uid`; NotFound if there is none."""
    center = source.find_node(uid)
    if center is None:
        raise NotFound(f"no node with uid or name {uid!r}; uids look like 'study:P07' or 'q-…'")
    depth_of = {center: 0}
    frontier = [center]
    truncated = False
    for level in range(1, depth + 1):
        room = limit - len(depth_of)
        if room <= 0 or not frontier:
            truncated = truncated or bool(frontier and source.neighbours(frontier, set(depth_of), 1))
            break
        found = source.neighbours(frontier, set(depth_of), room + 1)
        truncated = truncated or len(found) > room
        frontier = found[:room]
        depth_of.update((n, level) for n in frontier)
    props = source.describe(list(depth_of))
    nodes = [SubgraphNode(id=n, label=n.split("|", 1)[0], caption=caption(n, props[n]), depth=d, props=props[n])
             for n, d in sorted(depth_of.items(), key=lambda x: (x[1], x[0]))]
    edges = [SubgraphEdge(source=a, type=t, target=b) for a, t, b in sorted(source.edges_among(set(depth_of)))]
    return Subgraph(center=center, depth=depth, nodes=nodes, edges=edges, truncated=truncated)


def to_networkx(sub: Subgraph) -> nx.MultiDiGraph:
    """The subgraph as a networkx graph for views and analytics (node attributes: label, caption, depth, props)."""
    g = nx.MultiDiGraph()
    for n in sub.nodes:
        g.add_node(n.id, label=n.label, caption=n.caption, depth=n.depth, **{"props": n.props})
    for e in sub.edges:
        g.add_edge(e.source, e.target, key=e.type)
    return g
