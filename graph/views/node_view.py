"""Any node's neighbourhood as a view: what the walk from one quote, source, profession or
concept reaches in 1-3 steps (graph.neighborhood), each node opening its own view."""

from __future__ import annotations

from graph.model import Category
from graph.neighborhood import MAX_NODES, SubgraphNode, study_of
from graph.store import GraphStore
from graph.views import links
from graph.views.budget import DEFAULT_BUDGET
from graph.views.model import NodeKind, Target, View, ViewBuilder, ViewEdge, ViewNode
from graph.views.reads import CodeIndex, excerpt
from graph.views.reads import label as short

__all__ = ["neighborhood_view"]

KIND_OF: dict[str, NodeKind] = {
    "Study": "study", "Theme": "theme", "SubTheme": "subtheme", "Profession": "profession", "Expert": "expert",
    "Quote": "quote", "Source": "source", "Concept": "concept",
}
HIDDEN_PROPS = {"key", "order", "selections", "text", "uid", "study", "redacted"}


def _target(n: SubgraphNode, study: str | None) -> Target:
    label, key = n.id.split("|", 1)
    if label == "Study":
        return links.overview(key)
    if label in ("Theme", "SubTheme"):
        return links.code(key)
    if label == "Expert":
        return links.expert(key)
    # a node studies share opens its neighbourhood within this view's study
    return links.neighborhood(key, study if study_of(n.id, n.props) is None else None)


def _tooltip(n: SubgraphNode) -> str:
    head = f"“{n.props.get('text', '')}”" if n.label == "Quote" else n.caption
    lines = [head, n.label if n.label != "SubTheme" else "sub-theme"]
    lines += [f"{k.removeprefix('attr:')}: {v}" for k, v in n.props.items()
              if k not in HIDDEN_PROPS and v not in (None, "", []) and str(v) != n.caption]
    return "\n".join(lines)


def neighborhood_view(store: GraphStore, uid: str, depth: int = 1, budget: int = DEFAULT_BUDGET,
                      study: str | None = None) -> View:
    """The nodes within `depth` steps of the node with that uid (or name), at most `budget` of
    them (and never more than the neighbourhood read allows), within one study (the node's, or
    `study` for a profession or a concept; see GraphStore.neighborhood). Raises NotFound, BadInput."""
    sub = store.neighborhood(uid, depth, min(budget, MAX_NODES), study)
    studies = {n.props["study"] for n in sub.nodes if n.label in ("Theme", "SubTheme") and "study" in n.props}
    category: dict[str, Category] = {}
    for study in sorted(studies):
        category.update({u: c.category for u, c in CodeIndex.of(store.themes(study)).codes.items()})
    for e in sub.edges:  # a quote takes the colour of the first code it is coded to
        if e.type == "CODED_AS" and e.source not in category:
            key = e.target.split("|", 1)[1]
            if key in category:
                category[e.source] = category[key]

    b = ViewBuilder()
    centre = next(n for n in sub.nodes if n.id == sub.center)
    for n in sub.nodes:
        label, key = n.id.split("|", 1)
        target = _target(n, sub.study)
        is_centre = n.id == sub.center
        b.node(ViewNode(n.id, KIND_OF.get(label, "concept"), short(n.caption, 26 if label == "Quote" else 48),
                        _tooltip(n), category=category.get(key) or category.get(n.id),
                        target=None if is_centre and target.path.startswith("/views/neighborhood/") else target,
                        centre=is_centre))
    for e in sub.edges:
        b.edge(ViewEdge(e.source, e.target, e.type))
    notes = [f"{len(sub.nodes)} nodes within {depth} step{'s' if depth > 1 else ''} of this {centre.label.lower()}."]
    if centre.label == "Quote":  # the quote itself, in full, where a person reads it first
        notes.insert(0, f"“{centre.props.get('text', '')}”")
    if sub.truncated:
        notes.append(f"The neighbourhood holds more than {len(sub.nodes)} nodes; the first ones by id are shown "
                     "(raise the budget or lower the depth).")
    if study_of(centre.id, centre.props) is None and sub.study:
        notes.append(f"Only the experts, quotes and codes of study {sub.study} are shown; this "
                     f"{centre.label.lower()} is shared by the studies loaded.")
    return b.view("neighborhood", f"{centre.label}: {excerpt(centre.caption, 60)}", f"neighbourhood, depth {depth}",
                  sub.study, notes)
