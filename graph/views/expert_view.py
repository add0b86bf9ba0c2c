"""One expert: their profession, quotes, and the sub-themes and themes those quotes are coded to."""

from __future__ import annotations

from collections import defaultdict

from graph.model import Category
from graph.naming import name_key
from graph.quotes import CodeRef, QuoteItem, QuoteQuery, all_quotes
from graph.store import GraphStore
from graph.views import links
from graph.views.budget import DEFAULT_BUDGET, allot, more_label
from graph.views.model import View, ViewBuilder, ViewEdge, ViewNode
from graph.views.reads import CodeIndex, excerpt, label

__all__ = ["expert_view", "quote_node", "code_node_id"]

TOOLTIP_TEXT = 1200  # characters of quote text in a tooltip; the neighbourhood page shows it whole


def code_node_id(kind: str, uid: str) -> str:
    return f"{'theme' if kind == 'theme' else 'subtheme'}|{uid}"


def quote_node(q: QuoteItem, category: Category | None) -> ViewNode:
    """A quote as a node: a short label, the text and who said it as the tooltip; it opens its neighbourhood."""
    codes = "; ".join(c.name for c in q.codes)
    who = f"{q.pseudonym}, {q.profession}" if q.profession else q.pseudonym
    return ViewNode(f"quote|{q.uid}", "quote", label(q.text, 26),
                    f"“{excerpt(q.text, TOOLTIP_TEXT)}”\n— {who}\nCoded: {codes}",
                    category=category, target=links.neighborhood(q.uid))


def _add_code(b: ViewBuilder, index: CodeIndex, ref: CodeRef, weight: dict[str, int]) -> None:
    """Add the code and its parents up to the theme, joined by PART_OF edges."""
    chain = index.chain(ref.uid) if ref.uid in index.codes else [ref.uid]
    for uid in chain:
        code = index.codes.get(uid)
        kind, name, category = (code.kind, code.name, code.category) if code else (ref.kind, ref.name, ref.category)
        n = weight.get(uid, 0)
        b.node(ViewNode(code_node_id(kind, uid), "theme" if kind == "theme" else "subtheme", name,
                        f"{name}\n{kind.replace('sub', 'sub-')} · {category}\n{n} of this expert's quotes",
                        category=category, weight=n, target=links.code(uid)))
    for child, parent in zip(chain, chain[1:]):
        b.edge(ViewEdge(code_node_id(index.codes[child].kind, child), code_node_id(index.codes[parent].kind, parent),
                        "PART_OF"))


def expert_view(store: GraphStore, uid: str, budget: int = DEFAULT_BUDGET) -> View:
    """The expert at the centre, their profession, their quotes and the codes of those quotes.

    Over the budget, each code keeps its first quotes and a '+N more' node stands for the
    rest. Raises NotFound for an unknown expert.
    """
    profile = store.expert(uid)
    e = profile.expert
    quotes = profile.quotes
    if len(quotes) < e.quotes:  # the profile carries the first quotes only; the view counts them all
        quotes = list(all_quotes(store, QuoteQuery(study=e.study, expert=e.uid)))
    index = CodeIndex.of(store.themes(e.study))
    weight = {t.uid: t.quotes for t in profile.themes + profile.subthemes}
    b = ViewBuilder()
    attrs = "".join(f"\n{k}: {v}" for k, v in sorted(e.attributes.items()))
    centre = b.node(ViewNode(f"expert|{e.uid}", "expert", e.pseudonym,
                             f"{e.pseudonym} ({e.profession or 'profession not recorded'})\n"
                             f"{len(quotes)} quotes, {e.codes} codes{attrs}",
                             weight=len(quotes), centre=True))
    if e.profession:
        prof = b.node(ViewNode(f"profession|{name_key(e.profession)}", "profession", e.profession,
                               f"{e.profession}\nopen to see the other experts of this profession",
                               target=links.neighborhood(name_key(e.profession), e.study)))
        b.edge(ViewEdge(centre, prof, "HAS_PROFESSION"))

    def home(q: QuoteItem) -> CodeRef | None:
        return min(q.codes, key=lambda c: index.order.get(c.uid, len(index.order)), default=None)

    groups: dict[str, list[QuoteItem]] = defaultdict(list)
    refs: dict[str, CodeRef] = {}
    for q in quotes:
        for ref in q.codes:
            refs.setdefault(ref.uid, ref)
        h = home(q)
        groups[h.uid if h else ""].append(q)
    for ref in sorted(refs.values(), key=lambda r: index.order.get(r.uid, len(index.order))):
        _add_code(b, index, ref, weight)
    keys = list(groups)
    takes = allot([len(groups[k]) for k in keys], budget - len(b) - len(keys))
    for key, take in zip(keys, takes):
        in_group = groups[key]
        for q in in_group[:take]:
            h = home(q)
            node = b.node(quote_node(q, h.category if h else None))
            b.edge(ViewEdge(centre, node, "SAID"))
            for ref in q.codes:
                b.edge(ViewEdge(node, code_node_id(ref.kind, ref.uid), "CODED_AS"))
        if take < len(in_group):
            group = refs.get(key)
            name = group.name if group else "no code"
            filters = {"expert": e.uid, ("theme" if group and group.kind == "theme" else "subtheme"): key} if group else {
                "expert": e.uid}
            more = b.node(ViewNode(f"more|{key}", "more", more_label(len(in_group) - take, "quotes"),
                                   f"{len(in_group) - take} more of {e.pseudonym}'s quotes coded to {name}",
                                   target=links.quotes(**filters)))
            b.edge(ViewEdge(centre, more, "SAID"))
            if group:
                b.edge(ViewEdge(more, code_node_id(group.kind, group.uid), "CODED_AS"))
    shown = sum(takes)
    notes = [f"{len(quotes)} quotes coded to {len(refs)} codes."]
    if shown < len(quotes):
        notes.append(f"Showing {shown} of {len(quotes)} quotes (node budget {budget}); "
                     "'+N more' nodes stand for the rest.")
    return b.view("expert", f"Expert {e.pseudonym}", e.profession or "profession not recorded", e.study, notes)
