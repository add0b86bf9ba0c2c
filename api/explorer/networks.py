"""The data the explorer's two networks draw (graph.js, cooccurrence.js), from store answers.

The graph page holds the whole codebook with its professions, and says which codes start
open: every level that keeps the drawing under AGGREGATE_ABOVE codes, so a study of 200
codes starts with its themes and opens them on demand. Node ids follow the neighbourhood
read's "Label|key", so that what a double-click fetches joins the nodes already drawn.
"""

from __future__ import annotations

from typing import Any

from api.explorer.facts import StudyFacts, code_filter
from api.links import ExplorerLinks
from graph.cooccurrence import Cooccurrence
from graph.matrix import NOT_RECORDED
from graph.naming import name_key
from graph.results import ThemeNode
from graph.views.build import growth
from graph.views.build import options as vis_options
from graph.views.reads import CodeIndex
from graph.views.style import CATEGORY_COLOURS, KINDS

__all__ = ["AGGREGATE_ABOVE", "PROFESSIONS_SHOWN", "PAIRS_SHOWN", "graph_data", "cooccurrence_data", "threshold_for",
           "node_id"]

AGGREGATE_ABOVE = 60  # codes drawn at first, at most; deeper levels open on demand
PROFESSIONS_SHOWN = 30  # the largest professions are drawn; the filter reaches the others
PAIRS_SHOWN = 150  # the co-occurrence slider starts where at most this many links show...
PAIRS_PER_CODE = 2  # ...and at most this many per code, so that a small codebook is not a complete graph
LABEL_GROWTH = 1.5  # labels drawn larger than the views' (these networks are fitted into a smaller canvas)


def node_id(code: ThemeNode) -> str:
    return f"{'Theme' if code.kind == 'theme' else 'SubTheme'}|{code.uid}"


def _kinds() -> dict[str, dict[str, str]]:
    return {k: {"shape": s.shape, "colour": s.colour, "name": s.name} for k, s in KINDS.items()}


def _opened(index: CodeIndex, roots: list[str]) -> list[str]:
    """The codes whose children are drawn at first: whole levels, while the drawing stays within AGGREGATE_ABOVE."""
    opened: list[str] = []
    level, drawn = roots, len(roots)
    while level:
        below = [c.uid for u in level for c in index.codes[u].children]
        if not below or drawn + len(below) > AGGREGATE_ABOVE:
            break
        opened += [u for u in level if index.codes[u].children]
        drawn += len(below)
        level = below
    return opened


def graph_data(facts: StudyFacts, split: CodeIndex, to: ExplorerLinks, *, category: str | None,
               profession: str | None, theme: str | None, expand_all: bool = False) -> dict:
    """The graph page's codes, professions and settings; `split` is the theme tree split by profession.

    Filters keep the codes of one category or under one theme, and one profession's edges
    (with only the codes it raised)."""
    keep_prof = name_key(profession) if profession else None
    roots = [t.uid for t in facts.trees if category in (None, t.category) and theme in (None, t.uid)]
    wanted: list[str] = []
    for r in roots:
        wanted += split.below(r)

    def raised(uid: str) -> list[list]:
        return [[f"Profession|{name_key(b.value)}", b.experts, b.quotes] for b in split.codes[uid].breakdown or []
                if b.experts and b.value != NOT_RECORDED and keep_prof in (None, name_key(b.value))]

    if keep_prof:
        wanted = [u for u in wanted if raised(u)]
    kept = set(wanted)
    codes: list[dict[str, Any]] = []
    for uid in wanted:
        c = split.codes[uid]
        up = split.parent.get(uid)
        codes.append({
            "id": node_id(c), "uid": uid, "name": c.name, "kind": c.kind, "category": c.category,
            "parent": node_id(split.codes[up]) if up in kept else None,
            "children": [node_id(x) for x in c.children if x.uid in kept],
            "experts": c.experts, "quotes": c.quotes, "raised": raised(uid),
            "href": to.code(uid), "filter": code_filter(c),
        })
    shown_roots = [u for u in wanted if split.parent.get(u) not in kept]
    opened = list(kept) if expand_all else _opened(_kept_index(split, kept), shown_roots)
    sizes = facts.professions()
    shown_profs = [(label, n) for label, n in sizes if keep_prof in (None, name_key(label))][:PROFESSIONS_SHOWN]
    professions = [{"id": f"Profession|{name_key(label)}", "name": label, "experts": n,
                    "filter": {"profession": label}, "href": to.quotes({"profession": label})}
                   for label, n in shown_profs]
    shown = {p["id"] for p in professions}
    for entry in codes:
        entry["raised"] = [r for r in entry["raised"] if r[0] in shown]
    return {
        "study": facts.uid, "codes": codes, "professions": professions,
        "opened": [node_id(split.codes[u]) for u in opened if any(x.uid in kept for x in split.codes[u].children)],
        "filters": {k: v for k, v in {"category": category, "profession": profession, "theme": theme}.items() if v},
        "hidden_professions": max(len(sizes) - len(professions), 0) if not keep_prof else 0,
        "colours": CATEGORY_COLOURS, "kinds": _kinds(), "options": vis_options(True, growth(LABEL_GROWTH)),
        "urls": _urls(to),
    }


def _kept_index(split: CodeIndex, kept: set[str]) -> CodeIndex:
    """The index with only the kept codes as children, so that opening counts what is drawn."""
    codes = {u: c.model_copy(update={"children": [x for x in c.children if x.uid in kept]})
             for u, c in split.codes.items() if u in kept}
    return CodeIndex(codes, {u: p for u, p in split.parent.items() if u in kept and p in kept}, split.order)


def _urls(to: ExplorerLinks) -> dict[str, str]:
    """Where the scripts send requests and people: JSON reads, and explorer pages (the scripts add the keys)."""
    return {"quotes_api": to.api("/v1/quotes"), "neighborhood_api": to.root + "/v1/graph/neighborhood/",
            "quotes": to.page("quotes"), "expert": to.base + "/experts/", "code": to.base + "/codes/"}


def threshold_for(pairs: list[int], shown: int = PAIRS_SHOWN) -> int:
    """The smallest count at which at most `shown` of these pair counts reach it (1 if all fit),
    or the largest count when even that is reached by more."""
    ranked = sorted(pairs, reverse=True)
    if len(ranked) <= shown:
        return 1
    return min(ranked[shown] + 1, ranked[0])  # never so high that nothing shows


def cooccurrence_data(co: Cooccurrence, index: CodeIndex, to: ExplorerLinks) -> dict:
    """The code-to-code network: nodes sized by the units holding each code, links by the units holding both."""
    n = len(co.uids)
    nodes = [{"id": uid, "name": co.codes[i], "units": co.counts[i][i],
              "category": index.codes[uid].category if uid in index.codes else "other", "href": to.code(uid),
              "filter": code_filter(index.codes[uid]) if uid in index.codes else {}}
             for i, uid in enumerate(co.uids)]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if co.counts[i][j]]
    counts = [co.counts[i][j] for i, j in pairs]
    top = max(counts, default=1)
    links = [{"from": co.uids[i], "to": co.uids[j], "count": co.counts[i][j], "jaccard": co.jaccard[i][j],
              "width": round(1 + 8 * (co.counts[i][j] / top) ** 2, 2)} for i, j in pairs]
    return {"study": to.study, "unit": co.unit, "level": co.level, "nodes": nodes, "links": links,
            "threshold": threshold_for(counts, min(PAIRS_SHOWN, PAIRS_PER_CODE * max(n, 10))), "max": top, "colours": CATEGORY_COLOURS,
            "options": vis_options(True, growth(LABEL_GROWTH)), "urls": _urls(to)}
