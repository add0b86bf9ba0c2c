"""Positions computed in Python, in linear time, so that large views draw without physics.

A balloon layout over an anchor forest: every node hangs from one neighbour of a more
central kind (a quote from its sub-theme, an expert from their profession, a sub-theme from
its theme). Leaves sit in a sunflower disc around their anchor, branches on a ring outside
it, each branch with its own balloon. The centre's balloon sits in the middle and the other
roots (professions, in a theme view) on a ring around it.
"""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["balloon_layout", "RANK", "ANCHORS"]

RANK = {"study": 0, "theme": 1, "subtheme": 2, "profession": 2, "expert": 3, "source": 3, "concept": 4,
        "quote": 5, "more": 5}
# The kinds a node prefers to hang from, best first; only kinds of a lower rank count, so the
# anchors can never form a cycle.
ANCHORS = {"quote": ("subtheme", "theme", "expert", "source"), "more": ("subtheme", "theme", "profession", "expert"),
           "expert": ("profession",), "subtheme": ("theme",), "theme": ("study",)}
SPACING = 34.0  # between neighbouring leaves
LEAF_SPACING = {"expert": 60.0, "more": 70.0, "profession": 60.0}  # leaves whose labels stay drawn need room
GAP = 90.0  # between balloons
GOLDEN = math.pi * (3 - math.sqrt(5))


def _anchors(g: nx.Graph, centre: str | None) -> dict[str, str | None]:
    anchor: dict[str, str | None] = {}
    for n, kind in g.nodes(data="kind"):
        anchor[n] = None
        if n == centre:
            continue
        best = None
        for nb in g.adj[n]:
            nb_kind = g.nodes[nb]["kind"]
            prefs = ANCHORS.get(kind, ())
            if nb_kind in prefs and RANK[nb_kind] < RANK[kind]:
                rank = prefs.index(nb_kind)
                if best is None or rank < best[0]:
                    best = (rank, nb)
        anchor[n] = best[1] if best else None
    return anchor


def balloon_layout(g: nx.Graph, centre: str | None, sizes: dict[str, float] | None = None
                   ) -> dict[str, tuple[float, float]]:
    """(x, y) of every node of `g` (node attribute `kind`), `centre` at the origin; `sizes` (the
    drawn radius of each node) keep leaves clear of the node they hang from."""
    sizes = sizes or {}
    anchor = _anchors(g, centre)
    children: dict[str, list[str]] = {n: [] for n in g}
    for n, up in anchor.items():
        if up is not None:
            children[up].append(n)
    # bottom-up: each balloon's radius (leaves in a disc, branches on a ring outside it)
    order: list[str] = []
    for root in (n for n in g if anchor[n] is None):
        stack = [root]
        while stack:
            n = stack.pop()
            order.append(n)
            stack.extend(children[n])
    radius: dict[str, float] = {}
    ring: dict[str, float] = {}
    step: dict[str, float] = {}
    for n in reversed(order):
        leaves = [c for c in children[n] if not children[c]]
        branches = [c for c in children[n] if children[c]]
        step[n] = max((LEAF_SPACING.get(g.nodes[c]["kind"], SPACING) for c in leaves), default=SPACING)
        disc = sizes.get(n, 0.0) + step[n] * (0.6 * math.sqrt(len(leaves) + 1) + (1 if leaves else 0))
        if branches:
            widest = max(radius[c] for c in branches)
            around = sum(2 * radius[c] + GAP for c in branches) / (2 * math.pi)
            ring[n] = max(disc + widest + GAP, around)
            radius[n] = ring[n] + widest
        else:
            radius[n] = max(disc, SPACING / 2)
    pos: dict[str, tuple[float, float]] = {}

    def place(n: str, x: float, y: float, turn: float) -> None:
        pos[n] = (round(x, 1), round(y, 1))
        leaves = [c for c in children[n] if not children[c]]
        branches = [c for c in children[n] if children[c]]
        for i, c in enumerate(leaves):  # sunflower: even density, no rings to count
            r = sizes.get(n, 0.0) + step[n] * (1 + 0.6 * math.sqrt(i + 0.5))
            a = turn + i * GOLDEN
            pos[c] = (round(x + r * math.cos(a), 1), round(y + r * math.sin(a), 1))
        total = sum(2 * radius[c] + GAP for c in branches)
        a = turn
        for c in branches:
            share = 2 * math.pi * (2 * radius[c] + GAP) / total
            mid = a + share / 2
            place(c, x + ring[n] * math.cos(mid), y + ring[n] * math.sin(mid), mid)
            a += share

    roots = [n for n in order if anchor[n] is None]
    middle = centre if centre in g else (roots[0] if roots else None)
    if middle is None:
        return pos
    place(middle, 0.0, 0.0, 0.0)
    others = [r for r in roots if r != middle]
    if others:
        widest = max(radius[r] for r in others)
        around = max(radius[middle] + widest + GAP, sum(2 * radius[r] + GAP for r in others) / (2 * math.pi))
        total = sum(2 * radius[r] + GAP for r in others)
        a = -math.pi / 2
        for r in others:
            share = 2 * math.pi * (2 * radius[r] + GAP) / total
            mid = a + share / 2
            place(r, around * math.cos(mid), around * math.sin(mid), mid)
            a += share
    return pos
