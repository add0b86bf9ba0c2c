"""The embedded store's exploring reads: quotes, experts, co-occurrence, neighbourhoods, saturation.

Pure functions over the networkx graph, like `graph.stores.memory.queries`; they never mutate it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

import networkx as nx

from graph.concepts import CODE_SPLITS, ConceptCount, assemble_concepts
from graph.cooccurrence import Cooccurrence, CooccurrenceQuery, assemble_cooccurrence
from graph.errors import NotFound
from graph.experts import CodeTally, ExpertProfile, ExpertSummary, expert_order, sorted_source_memos
from graph.levels import LevelShape
from graph.matrix import check_row_attribute
from graph.model import NODE_LABELS
from graph.naming import name_key, natural_order
from graph.neighborhood import study_of
from graph.quotes import (
    MAX_LIMIT,
    CodeRef,
    MemoNote,
    QuoteItem,
    QuotePage,
    QuoteQuery,
    decode_cursor,
    encode_cursor,
    matches_terms,
    place_key,
    search_terms,
    sorted_memos,
    speaker_key,
)
from graph.saturation import DATE_ATTRIBUTES, InterviewFacts, Saturation, assemble_saturation
from graph.stores.memory.index import GraphIndex
from graph.stores.memory.queries import ancestors, known_attributes, nid, nodes, out, require_study, row_value
from graph.stores.memory.text_index import TokenIndex

__all__ = [
    "quotes", "experts", "expert_profile", "cooccurrence", "saturation", "concepts", "GraphNodes", "code_order",
]


def _speaker(g: nx.MultiDiGraph, quote: str) -> str:
    return next(u for u, keys in g._pred[quote].items() if "SAID" in keys)


def code_order(g: nx.MultiDiGraph, code: str) -> tuple:
    """Codebook order: the orders along the branch from its theme down to the code."""
    return tuple(g.nodes[n]["order"] for n in reversed(ancestors(g, code)))


def _code_ref(g: nx.MultiDiGraph, code: str) -> CodeRef:
    a = g.nodes[code]
    root = g.nodes[ancestors(g, code)[-1]]
    return CodeRef(uid=a["uid"], name=a["name"], kind="theme" if a["label"] == "Theme" else "subtheme",
                   theme=root["name"], category=root["category"])


def _item(g: nx.MultiDiGraph, q: str) -> QuoteItem:
    a = g.nodes[q]
    e = g.nodes[_speaker(g, q)]
    profession = g.nodes[nid("Profession", e["profession"])]["label_text"] if e["profession"] else None
    return QuoteItem(
        uid=a["uid"], study=a["study"], text=a["text"], expert=e["uid"], pseudonym=e["pseudonym"],
        profession=profession, source=g.nodes[out(g, q, "FROM_SOURCE")[0]]["name"], start=a["start"],
        end=a["end"], language=a["language"], redacted=a["redacted"], translation=a.get("translation"),
        codes=sorted((_code_ref(g, c) for c in out(g, q, "CODED_AS")), key=lambda c: c.uid),
        memos=_memos(g, q),
    )


def _memos(g: nx.MultiDiGraph, node: str) -> list[MemoNote]:
    """The memos on a node (see graph.quotes.sorted_memos for their order)."""
    return sorted_memos([{k: g.nodes[m].get(k) for k in ("uid", "text", "author", "created")}
                         for m, keys in g._pred[node].items() if "ANNOTATES" in keys])


def _coded_under(ix: GraphIndex, label: str, key: str | None = None, category: str | None = None) -> set[str]:
    """The quotes coded at or below a code with `label` (and `key` as its uid or name key, and `category`)."""
    def fits(node: str) -> bool:
        a = ix.g.nodes[node]
        return (a["label"] == label and (key is None or key in (a["uid"], a["key"]))
                and (category is None or a.get("category") == category))

    return set().union(*(ix.quotes_at(c) for c in ix.codes if any(map(fits, ix.chain(c)))))


def _speaker_fits(e: dict, query: QuoteQuery, names: dict[str, str | None]) -> bool:
    return ((not names["profession"] or e["profession"] == names["profession"])
            and (not query.expert or query.expert in (e["uid"], e["pseudonym"]))
            and all(f.admits(e["attributes"].get(f.name)) for f in query.attrs))


def _pool(ix: GraphIndex, query: QuoteQuery, names: dict[str, str | None], terms: list[str]) -> set[str] | None:
    """The quotes that may match `query`, narrowed through the index (None: any quote); the
    speaker and the words are checked again per quote."""
    narrowing: list[set[str]] = []
    if query.q:
        narrowing.append(ix.tokens.candidates(terms) if terms else set())
    if names["theme"]:
        narrowing.append(_coded_under(ix, "Theme", names["theme"]))
    if names["subtheme"]:
        narrowing.append(_coded_under(ix, "SubTheme", names["subtheme"]))
    if query.category:
        narrowing.append(_coded_under(ix, "Theme", category=query.category))
    if query.coder:
        narrowing.append({q for q, _, k in ix.g.edges(data="coders") if k and query.coder in k})
    if names["profession"] or query.expert or query.attrs:
        narrowing.append({q for e, a in ix.nodes("Expert") if _speaker_fits(a, query, names)
                          for q in out(ix.g, e, "SAID")})
    if not narrowing:
        return None
    first, *rest = sorted(narrowing, key=len)
    return first.intersection(*rest)


def quotes(ix: GraphIndex, query: QuoteQuery) -> QuotePage:
    require_study(ix.g, query.study)
    after = decode_cursor(query.cursor)
    # every page of one filter reads the same sorted matches: keep them with the graph (a bounded number of them)
    found = ix.kept("quote matches", query.model_copy(update={"cursor": None, "limit": MAX_LIMIT}),
                    lambda: _matches(ix, query), most=MATCHES_KEPT, weight=lambda f: len(f) + 1)
    later = found if after is None else found[bisect_right(found, tuple(after), key=lambda f: f[:5]):]
    page = later[:query.limit]
    more = len(later) > query.limit
    return QuotePage(items=[_item(ix.g, f[5]) for f in page],
                     next_cursor=encode_cursor(list(page[-1][:5])) if more else None, total=len(found))


# Matches kept with a graph for the next pages of their filters, all filters together: 2M are about 200 MB.
MATCHES_KEPT = 2_000_000


def _matches(ix: GraphIndex, query: QuoteQuery) -> list[tuple]:
    """Every quote that matches `query`, sorted, as its sort key (`graph.quotes.sort_key`) and
    the quote: one tuple each, whose expert and source parts are shared by their quotes."""
    g, attrs = ix.g, ix.g._node
    names = query.name_filters()
    terms = search_terms(query.q)
    pool = _pool(ix, query, names, terms)
    if pool is None:
        candidates = ix.nodes("Quote", query.study)
    else:
        candidates = [(q, qa) for q in pool if (qa := attrs[q])["label"] == "Quote"
                      and (query.study is None or qa.get("study") == query.study)]
    check_speaker = names["profession"] or query.expert or query.attrs
    check_terms = terms and not TokenIndex.exact(terms)  # the pool holds exactly the quotes with every word
    found = []
    heads: dict[tuple[str, str, str], tuple] = {}  # (study, expert, source) -> the first three parts of the key
    for q, qa in candidates:
        speaker = _speaker(g, q)
        e = attrs[speaker]
        if check_speaker and not _speaker_fits(e, query, names):
            continue
        if check_terms and not matches_terms(qa["text"], terms):
            continue
        source = out(g, q, "FROM_SOURCE")[0]
        study = qa["study"]
        head = heads.get((study, speaker, source))
        if head is None:
            head = heads[(study, speaker, source)] = speaker_key(study, e["pseudonym"], attrs[source]["name"])
        found.append((*head, *place_key(qa["start"], qa["uid"]), q))
    found.sort()
    return found


def _summary(g: nx.MultiDiGraph, e: str) -> ExpertSummary:
    a = g.nodes[e]
    said = out(g, e, "SAID")
    return ExpertSummary(
        uid=a["uid"], study=a["study"], pseudonym=a["pseudonym"],
        profession=g.nodes[nid("Profession", a["profession"])]["label_text"] if a["profession"] else None,
        attributes=dict(sorted(a["attributes"].items())), quotes=len(said),
        codes=len({c for q in said for c in out(g, q, "CODED_AS")}),
    )


def experts(ix: GraphIndex, study: str | None = None, profession: str | None = None) -> list[ExpertSummary]:
    g = ix.g
    require_study(g, study)
    key = name_key(profession) if profession else None
    return sorted((_summary(g, e) for e, a in ix.nodes("Expert", study) if key is None or a["profession"] == key),
                  key=expert_order)


def expert_profile(ix: GraphIndex, uid: str) -> ExpertProfile:
    g = ix.g
    e = nid("Expert", uid)
    if e not in g:
        raise NotFound(f"no expert {uid!r}; expert uids are 'study:pseudonym', GET /v1/experts lists them")
    tally: dict[str, set[str]] = defaultdict(set)
    for q in out(g, e, "SAID"):
        for code in out(g, q, "CODED_AS"):
            for node in ix.chain(code):
                tally[node].add(q)
    ordered = sorted(tally, key=lambda n: (code_order(g, n), g.nodes[n]["name"]))

    def tallies(label: str) -> list[CodeTally]:
        return [CodeTally(**_code_ref(g, n).model_dump(), quotes=len(tally[n]))
                for n in ordered if g.nodes[n]["label"] == label]

    sources = {s for q in out(g, e, "SAID") for s in out(g, q, "FROM_SOURCE")}
    on_sources = [{"source": g.nodes[s]["name"], **m.model_dump()} for s in sources for m in _memos(g, s)]
    page = quotes(ix, QuoteQuery(expert=uid, limit=MAX_LIMIT))
    return ExpertProfile(expert=_summary(g, e), themes=tallies("Theme"), subthemes=tallies("SubTheme"),
                         quotes=page.items, memos=_memos(g, e), source_memos=sorted_source_memos(on_sources))


def _level_columns(ix: GraphIndex, study: str | None, level: str,
                   category: str | None = None) -> tuple[dict, LevelShape]:
    """The codes of a level (graph.levels) in `study` as {node: (uid, name, order)}, and what the
    level rolls up or leaves out in scope."""
    codes, deeper, themes = {}, 0, []
    for label in ("Theme", "SubTheme"):
        for n, a in ix.nodes(label, study):
            chain = ix.chain(n)
            if category and ix.g.nodes[chain[-1]]["category"] != category:
                continue
            deeper += len(chain) > 2
            if label == "Theme":
                themes.append(n)
            if ix.is_at_level(n, level):
                codes[n] = (a["uid"], a["name"], code_order(ix.g, n))
    return codes, LevelShape(deeper, ix.theme_only(themes)) if level == "subtheme" else LevelShape()


def cooccurrence(ix: GraphIndex, query: CooccurrenceQuery) -> Cooccurrence:
    g = ix.g
    require_study(g, query.study)
    codes, shape = _level_columns(ix, query.study, query.level, query.category)
    units: dict[str, set[str]] = defaultdict(set)
    for q, _ in nodes(g, "Quote", query.study):
        unit = _speaker(g, q) if query.unit == "expert" else q
        for code in out(g, q, "CODED_AS"):
            level = ix.at_level(code, query.level)
            if level in codes:
                units[unit].add(codes[level][0])
    singles: dict[str, int] = defaultdict(int)
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for held in units.values():
        ordered = sorted(held)
        for i, first in enumerate(ordered):
            singles[first] += 1
            for second in ordered[i + 1:]:
                pairs[(first, second)] += 1
    return assemble_cooccurrence(query, list(codes.values()), dict(singles), dict(pairs), shape)


def saturation(ix: GraphIndex, study: str | None, level: str = "subtheme") -> Saturation:
    g = ix.g
    require_study(g, study)
    date_keys = {name_key(d) for d in DATE_ATTRIBUTES}
    names: dict[str, str] = {}
    interviews = []
    for s, sa in nodes(g, "Source", study):
        said = [q for q, _, k in g.in_edges(s, keys=True) if k == "FROM_SOURCE"]
        speakers = sorted({_speaker(g, q) for q in said})
        codes = set()
        for q in said:
            for code in out(g, q, "CODED_AS"):
                level_code = ix.at_level(code, level)
                if level_code:
                    codes.add(g.nodes[level_code]["uid"])
                    names[g.nodes[level_code]["uid"]] = g.nodes[level_code]["name"]
        dates = sorted(v for e in speakers for k, v in g.nodes[e]["attributes"].items() if name_key(k) in date_keys)
        interviews.append(InterviewFacts(
            source=sa["uid"], name=sa["name"], date=sa.get("date") or (dates[0] if dates else None),
            experts=[g.nodes[e]["pseudonym"] for e in speakers], codes=sorted(codes)))
    columns, shape = _level_columns(ix, study, level)
    return assemble_saturation(interviews, names, level, [c[:2] for c in columns.values()], shape)


class GraphNodes:
    """The embedded graph as a `graph.neighborhood.NodeSource`."""

    def __init__(self, g: nx.MultiDiGraph, describe) -> None:
        self._g = g
        self._describe = describe

    def find_node(self, uid: str) -> str | None:
        for label in NODE_LABELS:
            if nid(label, uid) in self._g:
                return nid(label, uid)
        return None

    def studies(self) -> list[str]:
        return sorted((a["uid"] for _, a in nodes(self._g, "Study")), key=natural_order)

    def neighbours(self, ids: list[str], exclude: set[str], cap: int, study: str | None) -> list[str]:
        found = {m for n in ids for m in (*self._g.successors(n), *self._g.predecessors(n))} - exclude
        attrs = self._g.nodes
        return sorted(m for m in found if study_of(m, attrs[m]) in (study, None))[:cap]

    def describe(self, ids: list[str]) -> dict[str, dict]:
        return {n: self._describe(n, self._g.nodes[n]) for n in ids}

    def edges_among(self, ids: set[str]) -> list[tuple[str, str, str]]:
        return [(u, k, v) for u in ids for _, v, k in self._g.out_edges(u, keys=True) if v in ids]


def concepts(ix: GraphIndex, study: str | None, by: str | None) -> list[ConceptCount]:
    """Concepts mentioned in the study's quotes, with distinct experts and quotes, split on request."""
    g = ix.g
    require_study(g, study)
    if by is not None and by not in CODE_SPLITS:
        check_row_attribute(by, known_attributes(g, study), "by")
    meta: dict[str, dict] = {}
    experts: dict[str, set[str]] = defaultdict(set)
    quotes: dict[str, set[str]] = defaultdict(set)
    split_e: dict[tuple, set[str]] = defaultdict(set)
    split_q: dict[tuple, set[str]] = defaultdict(set)
    for q, _ in nodes(g, "Quote", study):
        mentioned = out(g, q, "MENTIONS")
        if not mentioned:
            continue
        e = _speaker(g, q)
        if by in CODE_SPLITS:
            values = {(g.nodes[c]["uid"], g.nodes[c]["name"])
                      for code in out(g, q, "CODED_AS") if (c := ix.at_level(code, by))}
        elif by is not None:
            values = {row_value(g, g.nodes[e], by)}
        else:
            values = set()
        for c in mentioned:
            a = g.nodes[c]
            meta[a["name"]] = {"name": a["name"], "label": a["label_text"], "language": a["language"]}
            experts[a["name"]].add(e)
            quotes[a["name"]].add(q)
            for raw, label in values:
                split_e[(a["name"], raw, label)].add(e)
                split_q[(a["name"], raw, label)].add(q)
    totals = [{**meta[n], "experts": len(experts[n]), "quotes": len(quotes[n])} for n in meta]
    split = [(*k, len(split_e[k]), len(split_q[k])) for k in split_e] if by is not None else None
    return assemble_concepts(totals, split, by)
