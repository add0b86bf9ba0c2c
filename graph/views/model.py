"""What a view is before it is drawn: typed nodes and edges, built from store reads only.

A `View` knows nothing about pyvis or HTML; `graph.views.build` turns it into a pyvis
network and `graph.views.page` into a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from graph.model import Category

__all__ = ["NodeKind", "Target", "ViewNode", "ViewEdge", "View", "ViewBuilder"]

NodeKind = Literal["study", "theme", "subtheme", "profession", "expert", "quote", "source", "concept", "more"]


@dataclass(frozen=True, slots=True)
class Target:
    """Where a click on a node goes: a served path, and the command that writes the same view to a file."""

    path: str
    command: str | None = None


@dataclass(frozen=True, slots=True)
class ViewNode:
    id: str  # unique in the view: "kind|uid"
    kind: NodeKind
    label: str  # drawn on the canvas
    tooltip: str  # plain text
    category: Category | None = None
    weight: float = 0.0  # what the size shows (distinct experts for codes and professions)
    target: Target | None = None
    centre: bool = False


@dataclass(frozen=True, slots=True)
class ViewEdge:
    source: str
    target: str
    kind: str  # the relationship it draws (SAID, CODED_AS, PART_OF, RAISED...)
    weight: float = 0.0  # what the width shows; 0: a structural edge, drawn thin
    tooltip: str = ""
    link: Target | None = None  # offered in the details panel when the edge is clicked


@dataclass(slots=True)
class View:
    kind: str  # overview, risks, expert, theme, neighborhood
    title: str
    subtitle: str
    study: str | None
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    notes: list[str] = field(default_factory=list)  # what the budget left out, said plainly
    weighted_edges: bool = False  # draw edge width by weight


class ViewBuilder:
    """Collects nodes and edges in insertion order; duplicates are ignored in O(1)."""

    def __init__(self) -> None:
        self._nodes: dict[str, ViewNode] = {}
        self._edges: dict[tuple[str, str, str], ViewEdge] = {}

    def __contains__(self, node_id: str) -> bool:
        return node_id in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def node(self, node: ViewNode) -> str:
        self._nodes.setdefault(node.id, node)
        return node.id

    def edge(self, edge: ViewEdge) -> None:
        """Add an edge between two nodes already added; an edge to a missing node is a bug, so it raises."""
        if edge.source not in self._nodes or edge.target not in self._nodes:
            raise KeyError(f"edge {edge.source} -> {edge.target} names a node not in the view")
        self._edges.setdefault((edge.source, edge.target, edge.kind), edge)

    def view(self, kind: str, title: str, subtitle: str, study: str | None, notes: list[str] | None = None,
             weighted_edges: bool = False) -> View:
        return View(kind, title, subtitle, study, list(self._nodes.values()), list(self._edges.values()),
                    notes or [], weighted_edges)
