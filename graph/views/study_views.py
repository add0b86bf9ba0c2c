"""Study-wide views: the overview (study, themes, sub-themes, professions) and the risks
(professions and the gap sub-themes they raised)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Literal

from graph.levels import codebook_shape, level_words, tree_depth
from graph.matrix import NOT_RECORDED
from graph.naming import name_key
from graph.quotes import QuoteItem, QuoteQuery, all_quotes
from graph.results import MatrixQuery, ThemeNode
from graph.store import GraphStore
from graph.studies import resolve_study
from graph.views import links
from graph.views.budget import DEFAULT_BUDGET, allot, more_label
from graph.views.model import Target, View, ViewBuilder, ViewEdge, ViewNode
from graph.views.reads import CodeIndex, excerpt

__all__ = ["overview", "risks", "PROFESSION_CAP"]

PROFESSION_CAP = 60  # more professions than this read as noise; the rest become one '+N more' node
NAMES_SHOWN = 40
QUOTES_SHOWN = 3


def _people(n: int) -> str:
    return f"{n} expert{'s' if n != 1 else ''}"


def _profession_node(label: str, experts: int, study: str) -> ViewNode:
    return ViewNode(f"profession|{name_key(label)}", "profession", label,
                    f"{label}\n{_people(experts)} in this study", weight=experts,
                    target=None if label == NOT_RECORDED else links.neighborhood(name_key(label), study))


def _top_professions(b: ViewBuilder, sizes: dict[str, int], cap: int, study: str) -> list[str]:
    """Add the `cap` largest professions (and one '+N more' node for the rest); return the labels shown."""
    ranked = sorted(sizes, key=lambda p: (-sizes[p], p))
    shown, hidden = ranked[:cap], ranked[cap:]
    for label in shown:
        b.node(_profession_node(label, sizes[label], study))
    if hidden:
        b.node(ViewNode("more|professions", "more", more_label(len(hidden), "professions"),
                        "Professions left out of this view:\n" + ", ".join(hidden[:NAMES_SHOWN])
                        + (" …" if len(hidden) > NAMES_SHOWN else ""), target=links.overview(study)))
    return shown


def _code_node(code: ThemeNode) -> ViewNode:
    split = "".join(f"\n  {b.value}: {_people(b.experts)}, {b.quotes} quotes" for b in code.breakdown or [])
    kind: Literal["theme", "subtheme"] = "theme" if code.kind == "theme" else "subtheme"
    return ViewNode(f"{kind}|{code.uid}", kind, code.name,
                    f"{code.name}\n{kind.replace('sub', 'sub-')} · {code.category}\n"
                    f"{_people(code.experts)}, {code.quotes} quotes" + (f"\nBy profession:{split}" if split else ""),
                    category=code.category, weight=code.experts, target=links.code(code.uid))


def overview(store: GraphStore, study: str | None = None, budget: int = DEFAULT_BUDGET) -> View:
    """The study, its themes and sub-themes sized by experts, and the professions linked to the
    sub-themes they raised (edge width: experts). Raises NotFound, BadInput (see resolve_study)."""
    study = resolve_study(store, study)
    summary = next(s for s in store.studies() if s.uid == study)
    trees = store.themes(study, by="profession")
    index = CodeIndex.of(trees)
    professions = Counter(e.profession or NOT_RECORDED for e in store.experts(study))

    b = ViewBuilder()
    root = b.node(ViewNode(f"study|{study}", "study", excerpt(summary.title, 48),
                           f"{summary.title}\n{_people(summary.experts)}, {summary.quotes} quotes, "
                           f"{summary.themes} themes, {summary.subthemes} sub-themes",
                           weight=summary.experts, centre=True))
    prof_room = min(len(professions), PROFESSION_CAP) + 1
    below = [index.below(t.uid)[1:] for t in trees]  # preorder: any prefix keeps every parent
    takes = allot([len(x) for x in below], budget - 1 - prof_room - 2 * len(trees))
    for theme, codes, take in zip(trees, below, takes):
        b.node(_code_node(theme))
        b.edge(ViewEdge(root, f"theme|{theme.uid}", "IN_STUDY"))
        for uid in codes[:take]:
            b.node(_code_node(index.codes[uid]))
            up = index.parent[uid]
            b.edge(ViewEdge(f"{index.codes[up].kind}|{up}", f"subtheme|{uid}", "PART_OF"))
        if take < len(codes):
            more = b.node(ViewNode(f"more|{theme.uid}", "more", more_label(len(codes) - take, "sub-themes"),
                                   f"{len(codes) - take} more sub-themes of {theme.name}", target=links.code(theme.uid)))
            b.edge(ViewEdge(f"theme|{theme.uid}", more, "PART_OF"))

    shown = {name_key(p) for p in _top_professions(b, dict(professions), PROFESSION_CAP, study)}
    for uid in index.codes:
        code = index.codes[uid]
        node_id = f"{'theme' if code.kind == 'theme' else 'subtheme'}|{uid}"
        if node_id not in b or any(f"subtheme|{c.uid}" in b for c in code.children):
            continue  # professions link to the most specific codes shown
        for part in code.breakdown or []:
            if part.experts and name_key(part.value) in shown:
                b.edge(ViewEdge(f"profession|{name_key(part.value)}", node_id, "RAISED", part.experts,
                                f"{part.value} → {code.name}: {_people(part.experts)}, {part.quotes} quotes"))
    return b.view("overview", "Overview", summary.title, study, weighted_edges=True,
                  notes=[f"{_people(summary.experts)}, {summary.quotes} quotes. Node size: experts; "
                         "edge width: experts of the profession who raised the "
                         f"{'theme' if not summary.subthemes else 'code'}.",
                         codebook_shape(summary.themes, summary.subthemes, tree_depth(trees))])


def _cell_tooltip(row: str, count: int, size: int, col: str, names: list[str], quotes: list[QuoteItem]) -> str:
    lines = [f"{row} → {col}: {count} of {size} {row} experts",
             "Experts: " + ", ".join(names[:NAMES_SHOWN]) + (f" and {len(names) - NAMES_SHOWN} more"
                                                             if len(names) > NAMES_SHOWN else "")]
    lines += [f"“{excerpt(q.text, 220)}” ({q.pseudonym})" for q in quotes]
    return "\n".join(lines)


def risks(store: GraphStore, study: str | None = None, budget: int = DEFAULT_BUDGET) -> View:
    """Professions and the gap sub-themes (the risks); edge width: experts of the profession who
    raised the risk, the tooltip naming them with a few quotes. Raises NotFound, BadInput."""
    study = resolve_study(store, study)
    m = store.matrix(MatrixQuery(rows="profession", cols="subtheme", category="gap", measure="experts", study=study))
    index = CodeIndex.of(store.themes(study))
    column = {uid: j for j, c in enumerate(m.col_info) for uid in c.uids}
    row = {name_key(label): i for i, label in enumerate(m.rows)}
    names: dict[tuple[int, int], set[str]] = defaultdict(set)
    samples: dict[tuple[int, int], list[QuoteItem]] = defaultdict(list)
    for q in all_quotes(store, QuoteQuery(study=study, category="gap")) if m.cols else ():
        i = row.get(name_key(q.profession or NOT_RECORDED))
        if i is None:
            continue
        for j in sorted({column[u] for c in q.codes for u in index.chain(c.uid) if u in column}):
            names[(i, j)].add(q.pseudonym)
            if len(samples[(i, j)]) < QUOTES_SHOWN:
                samples[(i, j)].append(q)

    b = ViewBuilder()
    col_ids = []
    for j, col in enumerate(m.col_info):
        kind: Literal["theme", "subtheme"] = col.kind
        of = f" of {col.theme}" if col.theme else ""
        col_ids.append(b.node(ViewNode(f"{kind}|{col.uids[0]}", kind, col.name,
                                       f"{col.name}\nrisk (gap) {level_words(kind)[:-1]}{of}\n"
                                       f"raised by {m.col_totals[j]} of {m.n_experts} experts",
                                       category=col.category, weight=m.col_totals[j], target=links.code(col.uids[0]))))
    cap = max(min(PROFESSION_CAP, budget - len(col_ids) - 1), 1)
    row_of = {label: i for i, label in enumerate(m.rows)}
    for label in _top_professions(b, dict(zip(m.rows, m.row_sizes)), cap, study):
        i = row_of[label]
        for j, count in enumerate(m.cells[i]):
            if count:
                behind = m.cell_filter(i, j)
                who = sorted(names[(i, j)])
                b.edge(ViewEdge(f"profession|{name_key(label)}", col_ids[j], "RAISED", count,
                                _cell_tooltip(label, count, m.row_sizes[i], m.cols[j], who, samples[(i, j)]),
                                links.quotes(**behind) if behind else Target("")))
    notes = [f"{m.n_experts} experts, {m.n_quotes} quotes coded to a risk. Edge width: experts of the "
             "profession who raised the risk; hover or click an edge for their names and quotes."]
    if m.level_note:
        notes.append(m.level_note)
    if not m.cols:
        notes = ["This study has no theme of category 'gap', so there are no risks to draw; themes take their "
                 "category from the reference codebook or from a category map at load."]
    return b.view("risks", "Which professions raised which risks",
                  "Experts of each profession who raised each risk (a sub-theme of a gap theme)", study,
                  weighted_edges=True, notes=notes)
