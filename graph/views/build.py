"""A view as a pyvis network: nodes and edges as vis-network expects them, sizes, colours,
positions and options. pyvis's add_node/add_edge (and from_nx) check for duplicates by
scanning lists, which is quadratic (30 s at 20k nodes); the lists are filled directly here."""

from __future__ import annotations

import math
import re
from typing import Any

import networkx as nx
from pyvis.network import Network

from graph.views.layout import balloon_layout
from graph.views.model import View
from graph.views.style import FONT_FACE, KINDS, colour_of

__all__ = ["PHYSICS_MAX_NODES", "to_networkx", "to_network", "plain_tooltip", "options", "growth", "fit_factor"]

PHYSICS_MAX_NODES = 200  # above this, positions come from Python and physics stays off
EDGE_COLOUR = "#AAB4BE"
_HREF = re.compile("(hr)(ef)", re.IGNORECASE)
HUBS = {"study", "theme", "subtheme", "profession", "more"}
VISIBLE = (1300.0, 650.0)  # about the canvas a view is first fitted into, in pixels


def plain_tooltip(text: str) -> str:
    """Tooltip text for vis-network, shown as plain text.

    pyvis's own template switches every tooltip to an innerHTML popup as soon as one title
    contains "href"; a word joiner inside the word keeps that switch off for quoted text that
    happens to contain it, and draws the same.
    """
    return _HREF.sub("\\1\u2060\\2", text)


def to_networkx(view: View) -> nx.Graph:
    """The view's nodes and edges as an undirected networkx graph (node attribute: kind)."""
    g = nx.Graph()
    g.add_nodes_from((n.id, {"kind": n.kind}) for n in view.nodes)
    g.add_edges_from((e.source, e.target) for e in view.edges)
    return g


def growth(factor: float) -> dict[str, float]:
    """How much larger than usual each kind is drawn: the hubs (codes, professions) and their
    labels by `factor`, experts by its square root, quotes not at all."""
    return {k: factor if k in HUBS else math.sqrt(factor) if k == "expert" else 1.0 for k in KINDS}


def fit_factor(pos: dict[str, tuple[float, float]]) -> float:
    """How much the hubs must grow to stay readable once vis-network zooms the layout to fit."""
    wide = max((abs(x) for x, _ in pos.values()), default=1.0) * 2 or 1.0
    high = max((abs(y) for _, y in pos.values()), default=1.0) * 2 or 1.0
    scale = min(VISIBLE[0] / wide, VISIBLE[1] / high)
    return min(max(1.0 / scale, 1.0), 12.0)


def _sizes(view: View, grow: dict[str, float]) -> dict[str, float]:
    """Each node's size within its kind's range, by the square root of its weight (area reads as count)."""
    top: dict[str, float] = {}
    for n in view.nodes:
        top[n.kind] = max(top.get(n.kind, 0.0), n.weight)
    sizes = {}
    for n in view.nodes:
        s = KINDS[n.kind]
        share = math.sqrt(n.weight / top[n.kind]) if top[n.kind] > 0 else 0.0
        sizes[n.id] = round((s.min_size + (s.max_size - s.min_size) * share) * grow[n.kind], 1)
    return sizes


def options(physics: bool, grow: dict[str, float]) -> dict:
    """vis-network options: bounded stabilisation for small views, none for large ones."""
    large = not physics
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"font": {"face": FONT_FACE, "color": "#1F2328", "strokeWidth": 3, "strokeColor": "#FFFFFF"},
                  "borderWidth": 1},
        "groups": {k: {"shape": s.shape, "font": {"size": round(s.font_size * grow[k])}} for k, s in KINDS.items()},
        "edges": {"smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.4},
                  "color": {"color": EDGE_COLOUR, "highlight": "#1F2328", "hover": "#1F2328"},
                  "selectionWidth": 2, "hoverWidth": 1},
        "interaction": {"hover": not large, "tooltipDelay": 120, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "keyboard": {"enabled": True, "bindToWindow": False}, "navigationButtons": False},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -140, "centralGravity": 0.008, "springLength": 150,
                                 "springConstant": 0.04, "avoidOverlap": 0.8},
            "stabilization": {"enabled": physics, "iterations": 200, "updateInterval": 50, "fit": True},
        },
    }


def to_network(view: View) -> Network:
    """The view as a pyvis Network whose `nodes`, `edges` and `options` the page draws.

    Node dicts carry, besides vis-network's fields, `kind`, `path` and `command` (where a
    click leads); edge dicts carry `kind` and `path`.
    """
    g = to_networkx(view)
    centre = next((n.id for n in view.nodes if n.centre), view.nodes[0].id if view.nodes else None)
    physics = len(view.nodes) <= PHYSICS_MAX_NODES
    # physics spreads a view out by about the square root of its size; a fixed layout is measured
    grow = growth(min(max(math.sqrt(len(view.nodes) / 20), 1.0), 2.5))
    sizes = _sizes(view, grow)
    pos = balloon_layout(g, centre, sizes)
    if not physics:
        grow = growth(fit_factor(pos))
        sizes = _sizes(view, grow)
        pos = balloon_layout(g, centre, sizes)
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line", heading=view.title)
    for n in view.nodes:
        fill = colour_of(n.kind, n.category)
        # without physics, quotes sit close together: their text is in the tooltip, not the label
        label = "" if n.kind == "quote" and not physics else n.label
        d: dict[str, Any] = {"id": n.id, "label": label, "name": n.label, "title": plain_tooltip(n.tooltip), "group": n.kind,
             "size": sizes[n.id], "x": pos[n.id][0], "y": pos[n.id][1],
             "color": {"background": fill, "border": "#1F2328" if n.centre else "#555F69",
                       "highlight": {"background": fill, "border": "#000000"},
                       "hover": {"background": fill, "border": "#000000"}},
             "kind": n.kind}
        if n.kind == "more":
            d["font"] = {"color": "#1F2328"}
            d["color"] = {**d["color"], "border": "#8A939C"}
        if n.centre:
            d["borderWidth"] = 4
        if n.target:
            d["path"], d["command"] = n.target.path, n.target.command
        net.nodes.append(d)
        net.node_ids.append(n.id)
        net.node_map[n.id] = d
    top = max((e.weight for e in view.edges), default=0.0) or 1.0
    for i, e in enumerate(view.edges):
        d = {"id": f"e{i}", "from": e.source, "to": e.target, "kind": e.kind,
             "width": round(1 + 7 * e.weight / top, 1) if view.weighted_edges and e.weight else 1}
        if e.tooltip:
            d["title"] = plain_tooltip(e.tooltip)
        if e.link:
            d["path"] = e.link.path
        net.edges.append(d)
    # Assigned, not set_options(): that strips every space from the JSON, font names included.
    net.options = options(physics, grow)
    return net
