"""One theme or sub-theme: its parents and sub-themes, the experts who raised it grouped by
profession, and their quotes."""

from __future__ import annotations

from collections import defaultdict

from graph.errors import NotFound
from graph.matrix import NOT_RECORDED
from graph.naming import name_key
from graph.quotes import QuoteItem, QuoteQuery, all_quotes
from graph.store import GraphStore
from graph.views import links
from graph.views.budget import DEFAULT_BUDGET, allot, more_label
from graph.views.expert_view import code_node_id, quote_node
from graph.views.model import View, ViewBuilder, ViewEdge, ViewNode
from graph.views.reads import CodeIndex

__all__ = ["theme_view"]

EXPERT_SHARE = 3  # at most a third of the budget goes to experts, the rest to quotes


def _people(n: int) -> str:
    return f"{n} expert{'s' if n != 1 else ''}"


def theme_view(store: GraphStore, uid: str, budget: int = DEFAULT_BUDGET) -> View:
    """The code at the centre with its parents and sub-themes, the professions and experts who
    raised it, and their quotes. Over the budget, each profession keeps its experts with the most
    quotes and each code its quotes spread over the experts shown; '+N more' nodes stand for
    the rest. Raises NotFound for a uid that is no theme or sub-theme."""
    index = CodeIndex.of(store.themes())
    if uid not in index.codes:
        raise NotFound(f"no theme or sub-theme with uid {uid!r}; the theme tree (/v1/themes) lists them")
    code = index.codes[uid]
    below = index.below(uid)
    at = {u: i for i, u in enumerate(below)}
    query = QuoteQuery(study=code.study, **{"theme" if code.kind == "theme" else "subtheme": uid})
    quotes = list(all_quotes(store, query))

    b = ViewBuilder()
    for u in index.chain(uid)[1:][::-1] + below:  # parents top down, then the code and what is under it
        c = index.codes[u]
        b.node(ViewNode(code_node_id(c.kind, u), "theme" if c.kind == "theme" else "subtheme", c.name,
                        f"{c.name}\n{c.kind.replace('sub', 'sub-')} · {c.category}\n{_people(c.experts)}, "
                        f"{c.quotes} quotes", category=c.category, weight=c.experts,
                        target=None if u == uid else links.code(u), centre=u == uid))
        if u in index.parent:
            p = index.parent[u]
            b.edge(ViewEdge(code_node_id(c.kind, u), code_node_id(index.codes[p].kind, p), "PART_OF"))

    # experts, ranked within their profession by how many of these quotes they said
    said: dict[str, list[QuoteItem]] = defaultdict(list)
    for q in quotes:
        said[q.expert].append(q)
    by_prof: dict[str, list[str]] = defaultdict(list)
    label_of: dict[str, str] = {}
    for expert, qs in said.items():
        label = qs[0].profession or NOT_RECORDED
        label_of.setdefault(name_key(label), label)
        by_prof[name_key(label)].append(expert)
    profs = sorted(by_prof, key=lambda p: (-len(by_prof[p]), p))
    for p in profs:
        by_prof[p].sort(key=lambda x: (-len(said[x]), said[x][0].pseudonym))
        label = label_of[p]
        b.node(ViewNode(f"profession|{p}", "profession", label,
                        f"{label}\n{_people(len(by_prof[p]))} raised {code.name}", weight=len(by_prof[p]),
                        target=None if label == NOT_RECORDED else links.neighborhood(p, code.study)))
    room = min(len(said), max(budget // EXPERT_SHARE - len(profs), 0))
    shown_experts = 0
    for p, take in zip(profs, allot([len(by_prof[p]) for p in profs], room)):
        for expert in by_prof[p][:take]:
            first = said[expert][0]
            node = b.node(ViewNode(f"expert|{expert}", "expert", first.pseudonym,
                                   f"{first.pseudonym} ({label_of[p]})\n{len(said[expert])} quotes on {code.name}",
                                   weight=len(said[expert]), target=links.expert(expert)))
            b.edge(ViewEdge(node, f"profession|{p}", "HAS_PROFESSION"))
        shown_experts += take
        if take < len(by_prof[p]):
            more = b.node(ViewNode(f"more|experts|{p}", "more", more_label(len(by_prof[p]) - take, "experts"),
                                   f"{len(by_prof[p]) - take} more {label_of[p]} experts raised {code.name}",
                                   target=None if label_of[p] == NOT_RECORDED else links.neighborhood(p, code.study)))
            b.edge(ViewEdge(more, f"profession|{p}", "HAS_PROFESSION"))

    # quotes: each joins the first of its codes in this view; shown experts' quotes taken in turns
    groups: dict[str, list[QuoteItem]] = defaultdict(list)
    for q in quotes:
        mine = [c.uid for c in q.codes if c.uid in at]
        groups[min(mine, key=at.__getitem__) if mine else uid].append(q)
    keys = sorted(groups, key=at.__getitem__)
    candidates = {}
    for k in keys:
        turn: dict[str, int] = defaultdict(int)
        ranked = []
        for i, q in enumerate(groups[k]):
            if f"expert|{q.expert}" in b:
                ranked.append((turn[q.expert], i, q))
                turn[q.expert] += 1
        candidates[k] = [q for _, _, q in sorted(ranked, key=lambda r: r[:2])]
    takes = allot([len(candidates[k]) for k in keys], budget - len(b) - len(keys))
    shown_quotes = 0
    for k, take in zip(keys, takes):
        c = index.codes[k]
        for q in candidates[k][:take]:
            node = b.node(quote_node(q, c.category))
            b.edge(ViewEdge(f"expert|{q.expert}", node, "SAID"))
            for ref in q.codes:
                if ref.uid in at:
                    b.edge(ViewEdge(node, code_node_id(ref.kind, ref.uid), "CODED_AS"))
        shown_quotes += take
        if take < len(groups[k]):
            hidden = len(groups[k]) - take
            more = b.node(ViewNode(f"more|quotes|{k}", "more", more_label(hidden, "quotes"),
                                   f"{hidden} more quotes coded to {c.name}",
                                   target=links.quotes(**{"theme" if c.kind == "theme" else "subtheme": k})))
            b.edge(ViewEdge(more, code_node_id(c.kind, k), "CODED_AS"))

    notes = [f"{len(quotes)} quotes from {_people(len(said))} in {len(profs)} professions."]
    if shown_quotes < len(quotes) or shown_experts < len(said):
        notes.append(f"Showing {shown_quotes} quotes and {shown_experts} experts (node budget {budget}); "
                     "'+N more' nodes stand for the rest.")
    kind = "Theme" if code.kind == "theme" else "Sub-theme"
    return b.view("theme", f"{kind}: {code.name}", f"category: {code.category}", code.study, notes)
