"""Neighbourhoods: the nodes within 1-3 steps of any node, breadth first, with a node budget,
kept to one study (a profession or a concept is shared by studies: the walk from it, or through
it, reaches only the experts and quotes of the study it is about).

The walk is shared; each store only answers three questions (find a node, list neighbours
not yet seen, list the relationships among a set of nodes). Neighbours are taken in id order
level by level, so both stores truncate at the same nodes.
"""

from __future__ import annotations

from typing import Protocol

import networkx as nx
from pydantic import Field

from graph.errors import BadInput, NotFound
from graph.results import _Answer
from graph.studies import pick_study

__all__ = ["MAX_NODES", "SubgraphNode", "SubgraphEdge", "Subgraph", "NodeSource", "walk", "caption", "to_networkx",
           "study_of"]

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
    study: str | None = Field(None, description="The study the walk kept to: the node's own, or the one named for "
                                                "a node shared by studies (a profession, a concept).")
    nodes: list[SubgraphNode]
    edges: list[SubgraphEdge]
    truncated: bool = Field(description="True when the limit left nodes out.")


class NodeSource(Protocol):
    def find_node(self, uid: str) -> str | None: ...

    def studies(self) -> list[str]:
        """The uids of the studies loaded."""

    def neighbours(self, ids: list[str], exclude: set[str], cap: int, study: str | None) -> list[str]:
        """The smallest `cap` ids adjacent (either direction) to `ids` and not in `exclude`, sorted,
        that belong to `study` or to no study (see `in_study`)."""

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


def study_of(node_id: str, props: dict) -> str | None:
    """The study a node belongs to: a Study its own uid, most nodes their `study`; None for the
    nodes studies share (professions, concepts)."""
    if node_id.split("|", 1)[0] == "Study":
        return props.get("uid")
    return props.get("study")


def walk(source: NodeSource, uid: str, depth: int, limit: int, study: str | None = None) -> Subgraph:
    """The neighbourhood of the node with uid (or name) `uid`, within one study: the node's
    own, or for a node studies share `study`, which may be left out when one study is loaded
    (graph.studies.pick_study). Raises NotFound if there is no such node, BadInput when the
    study cannot be told or is not the node's."""
    center = source.find_node(uid)
    if center is None:
        raise NotFound(f"no node with uid or name {uid!r}; uids look like 'study:P07' or 'q-…'")
    own = study_of(center, source.describe([center])[center])
    if own is None:
        study = pick_study(source.studies(), study)
    elif study not in (None, own):
        raise BadInput(f"{uid!r} belongs to study {own!r}, not {study!r}; leave out the study or name {own!r}",
                       "study")
    else:
        study = own
    depth_of = {center: 0}
    frontier = [center]
    truncated = False
    for level in range(1, depth + 1):
        room = limit - len(depth_of)
        if room <= 0 or not frontier:
            truncated = truncated or bool(frontier and source.neighbours(frontier, set(depth_of), 1, study))
            break
        found = source.neighbours(frontier, set(depth_of), room + 1, study)
        truncated = truncated or len(found) > room
        frontier = found[:room]
        depth_of.update((n, level) for n in frontier)
    props = source.describe(list(depth_of))
    nodes = [SubgraphNode(id=n, label=n.split("|", 1)[0], caption=caption(n, props[n]), depth=d, props=props[n])
             for n, d in sorted(depth_of.items(), key=lambda x: (x[1], x[0]))]
    edges = [SubgraphEdge(source=a, type=t, target=b) for a, t, b in sorted(source.edges_among(set(depth_of)))]
    return Subgraph(center=center, depth=depth, study=study, nodes=nodes, edges=edges, truncated=truncated)


def to_networkx(sub: Subgraph) -> nx.MultiDiGraph:
    """The subgraph as a networkx graph for views and analytics (node attributes: label, caption, depth, props)."""
    g = nx.MultiDiGraph()
    for n in sub.nodes:
        g.add_node(n.id, label=n.label, caption=n.caption, depth=n.depth, **{"props": n.props})
    for e in sub.edges:
        g.add_edge(e.source, e.target, key=e.type)
    return g
