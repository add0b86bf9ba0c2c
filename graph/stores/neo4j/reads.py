"""Neo4jStore's exploring reads, as functions of a read transaction.

Aggregation runs in Cypher (`graph.stores.neo4j.reads_cypher`); what comes back is shaped by the
same code as the embedded store's answers (`graph.cooccurrence`, `graph.saturation`,
`graph.neighborhood`), so both stores answer alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from graph.cooccurrence import Cooccurrence, CooccurrenceQuery, assemble_cooccurrence
from graph.errors import NotFound
from graph.experts import CodeTally, ExpertProfile, ExpertSummary, expert_order, sorted_source_memos
from graph.levels import LevelShape
from graph.naming import name_key, natural_order
from graph.quotes import (
    MAX_LIMIT,
    CodeRef,
    QuoteItem,
    QuotePage,
    QuoteQuery,
    decode_cursor,
    encode_cursor,
    lucene_query,
    search_terms,
    sort_key,
    sorted_memos,
)
from graph.saturation import DATE_ATTRIBUTES, InterviewFacts, Saturation, assemble_saturation
from graph.stores.neo4j import cypher as cy
from graph.stores.neo4j import reads_cypher as ex
from graph.stores.neo4j import rigour_cypher as rc
from graph.stores.neo4j.visibility import ViewTx
from graph.stores.write_rules import EntryId

__all__ = ["quotes", "experts", "expert_profile", "cooccurrence", "saturation", "stored", "Neo4jNodes", "records",
           "model_props", "level_columns"]


# How many quotes pass the filters (names, values), when something kept can tell; else None.
KeptTotal = Callable[[ViewTx, frozenset[str], dict], int | None]


def records(tx: ViewTx, query: str, **params) -> list[dict]:
    """A statement's records as dicts, in `tx`."""
    return [r.data() for r in tx.run(query, params)]


def model_props(props: dict) -> dict:
    """Without the store's own marks (`_load`, left by a load flipped visible until removed; `_sort`)."""
    return {k: v for k, v in props.items() if not k.startswith("_")}


def _attributes(props: dict) -> dict[str, str]:
    return dict(sorted((k[5:], v) for k, v in props.items() if k.startswith("attr:")))


SORTED_WHOLE = 2_000  # quotes passing a filter that are sorted whole for a page; past it, experts are walked
FIRST_EXPERTS = 16  # experts asked for their quotes first; each round after asks four times as many


def quotes(tx: ViewTx, query: QuoteQuery, kept_total: KeptTotal | None = None) -> QuotePage:
    """A page of the quotes passing `query`; `kept_total` may tell how many pass without counting them."""
    terms = search_terms(query.q)
    if query.q and not terms:
        return QuotePage(items=[], next_cursor=None, total=0)
    params = {
        "study": query.study, "category": query.category, "expert": query.expert, "coder": query.coder,
        "attrs": [f.model_dump() for f in query.attrs] or None, **query.name_filters(),
    }
    filters = frozenset(name for name in ex.QUOTE_FILTERS if params[name] is not None)
    params = {name: params[name] for name in filters}
    after = decode_cursor(query.cursor)
    if terms:
        params["lucene"] = lucene_query(terms)
    total: int | None = None  # a search's quotes and one expert's are counted with their page
    if not terms and "expert" not in filters:
        total = kept_total(tx, filters, params) if kept_total else None
        if total is None:
            total = records(tx, ex.quotes_total(filters), **params)[0]["total"]
    if total is not None and total > SORTED_WHOLE:
        keys = _keys_expert_by_expert(tx, filters, params, after, query.limit + 1)
    else:
        found = records(tx, ex.quotes_page(bool(terms), filters), after=after, limit=query.limit + 1, **params)[0]
        total, keys = found["total"], found["keys"]
    page = keys[:query.limit]
    return QuotePage(items=quote_items(tx, [k[4] for k in page]),
                     next_cursor=encode_cursor(page[-1]) if len(keys) > query.limit else None, total=total)


def _keys_expert_by_expert(tx: ViewTx, filters: frozenset[str], params: dict, after: list | None,
                           limit: int) -> list[list]:
    """The first `limit` sort keys after `after` of the quotes passing `filters`, found by walking the
    experts in the quotes' order in growing rounds, so a page of a common filter reads a few
    experts' quotes instead of sorting every quote that passes, and sorts them here."""
    on_expert = filters & ex.EXPERT_FILTERS
    on_quote = filters - ex.EXPERT_FILTERS
    keys: list[list] = []
    start, window = (after[:2] if after else None), FIRST_EXPERTS
    while len(keys) < limit:
        experts = records(tx, ex.experts_in_order(on_expert), window=window, **{"from": start},
                          **{f: params[f] for f in on_expert})
        last_round = len(experts) < window
        if not last_round:  # experts sharing the last key sort their quotes together: keep them for the next round
            start = experts[-1]["key"]
            experts = [e for e in experts if e["key"] != start]
        if experts:
            found = (sort_key(**r) for r in records(tx, ex.experts_quotes(on_quote), experts=[e["uid"] for e in experts],
                                                    **{f: params[f] for f in on_quote}))
            keys += sorted(k for k in found if after is None or k > after)[:limit - len(keys)]
        if last_round:
            break
        window *= 4
    return keys


def quote_items(tx: ViewTx, uids: list[str]) -> list[QuoteItem]:
    found = {r["uid"]: r for r in records(tx, ex.QUOTE_ITEMS, uids=uids)}
    return [QuoteItem(**{**found[u], "codes": sorted((CodeRef(**c) for c in found[u]["codes"]), key=lambda c: c.uid),
                         "memos": sorted_memos(found[u]["memos"])})
            for u in uids]


def _summary(r: dict) -> ExpertSummary:
    return ExpertSummary(uid=r["uid"], study=r["study"], pseudonym=r["pseudonym"], profession=r["profession"],
                         attributes=_attributes(r["props"]), quotes=r["quotes"], codes=r["codes"])


def experts(tx: ViewTx, study: str | None, profession: str | None) -> list[ExpertSummary]:
    rows = records(tx, ex.EXPERTS, study=study, profession=name_key(profession) if profession else None)
    return sorted((_summary(r) for r in rows), key=expert_order)


def expert_profile(tx: ViewTx, uid: str) -> ExpertProfile:
    rows = records(tx, ex.EXPERT, uid=uid)
    if not rows:
        raise NotFound(f"no expert {uid!r}; expert uids are 'study:pseudonym', GET /v1/experts lists them")
    tallies = sorted(records(tx, ex.EXPERT_TALLIES, uid=uid), key=lambda r: (tuple(r["order"]), r["name"]))

    def pick(kind: str) -> list[CodeTally]:
        return [CodeTally(**{k: v for k, v in r.items() if k != "order"}) for r in tallies if r["kind"] == kind]

    page = quotes(tx, QuoteQuery(expert=uid, limit=MAX_LIMIT))
    return ExpertProfile(expert=_summary(rows[0]), themes=pick("theme"), subthemes=pick("subtheme"),
                         quotes=page.items, memos=sorted_memos(records(tx, rc.EXPERT_MEMOS, uid=uid)),
                         source_memos=sorted_source_memos(records(tx, rc.EXPERT_SOURCE_MEMOS, uid=uid)))


def level_columns(tx: ViewTx, level: str, study: str | None,
                  category: str | None = None) -> tuple[list[dict], LevelShape]:
    """The codes of a level (graph.levels) in `study`, as the matrix's column records, and what
    the level rolls up or leaves out in scope."""
    scope = {"studies": [study] if study else None, "category": category, "theme": None}
    columns = records(tx, cy.MATRIX_SUBTHEME_COLUMNS if level == "subtheme" else cy.MATRIX_THEME_COLUMNS, **scope)
    return columns, level_shape(tx, level, scope)


def level_shape(tx: ViewTx, level: str, scope: dict) -> LevelShape:
    """What the sub-theme level rolls up or leaves out among the codes of `scope` (studies,
    category, theme); nothing at the theme level."""
    if level != "subtheme":
        return LevelShape()
    return LevelShape(deeper=records(tx, cy.CODES_BELOW_SUBTHEMES, **scope)[0]["n"],
                      theme_only=records(tx, cy.THEME_ONLY_QUOTES, **scope)[0]["n"])


def cooccurrence(tx: ViewTx, query: CooccurrenceQuery) -> Cooccurrence:
    columns, shape = level_columns(tx, query.level, query.study, query.category)
    # a theme standing in at the sub-theme level sorts with its order alone, as the embedded store's does
    codes: list[tuple[str, str, tuple[int, ...]]] = [
        (c["uid"], c["name"], (c["theme_order"], c["order"]) if c["theme"] is not None else (c["order"],))
        for c in columns]
    singles: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    for r in records(tx, ex.COOCCURRENCE_PAIRS, study=query.study, unit=query.unit, col_uids=[c[0] for c in codes]):
        if r["a"] == r["b"]:
            singles[r["a"]] = r["n"]
        else:
            pairs[(r["a"], r["b"])] = r["n"]
    return assemble_cooccurrence(query, codes, singles, pairs, shape)


def saturation(tx: ViewTx, study: str | None, level: str) -> Saturation:
    date_keys = {name_key(d) for d in DATE_ATTRIBUTES}
    names: dict[str, str] = {}
    interviews = []
    for r in records(tx, ex.saturation_interviews(level), study=study):
        for c in r["codes"]:
            names[c["uid"]] = c["name"]
        dates = sorted(v for p in r["props"] for k, v in p.items()
                       if k.startswith("attr:") and name_key(k[5:]) in date_keys)
        interviews.append(InterviewFacts(
            source=r["source"], name=r["name"], date=r["date"] or (dates[0] if dates else None),
            experts=r["experts"], codes=sorted(c["uid"] for c in r["codes"])))
    columns, shape = level_columns(tx, level, study)
    return assemble_saturation(interviews, names, level, [(c["uid"], c["name"]) for c in columns], shape)


def stored(tx: ViewTx, ids: list[EntryId]) -> dict[EntryId, dict]:
    """What the graph holds of those entries (see GraphStore.stored)."""
    found: dict[EntryId, dict] = {}
    found.update(Neo4jNodes(tx).describe([i for i in ids if isinstance(i, str)]))
    pairs = [i for i in ids if isinstance(i, tuple)]
    for label in ("Theme", "SubTheme"):
        rows = [{"quote": q.partition("|")[2], "code": c.partition("|")[2]} for q, c in pairs
                if c.startswith(label + "|")]
        if rows:
            for r in records(tx, ex.stored_codings(label), pairs=rows):
                found[(f"Quote|{r['quote']}", f"{label}|{r['code']}")] = r["props"]
    return found


class Neo4jNodes:
    """A read transaction as a `graph.neighborhood.NodeSource`."""

    def __init__(self, tx: ViewTx) -> None:
        self._tx = tx

    @staticmethod
    def _by_label(ids) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for node in ids:
            label, _, key = node.partition("|")
            if label in ex.KEY_PROPERTY:
                grouped[label].append(key)
        return grouped

    def find_node(self, uid: str) -> str | None:
        for label in ex.KEY_PROPERTY:
            if records(self._tx, ex.find_node(label), key=uid)[0]["n"]:
                return f"{label}|{uid}"
        return None

    def studies(self) -> list[str]:
        return sorted((r["uid"] for r in records(self._tx, ex.STUDY_UIDS)), key=natural_order)

    def neighbours(self, ids: list[str], exclude: set[str], cap: int, study: str | None) -> list[str]:
        found: set[str] = set()
        for label, keys in self._by_label(ids).items():
            found.update(r["id"] for r in records(self._tx, ex.neighbours(label), keys=keys,
                                                exclude=sorted(exclude), cap=cap, study=study))
        return sorted(found)[:cap]

    def describe(self, ids: list[str]) -> dict[str, dict]:
        props: dict[str, dict] = {}
        for label, keys in self._by_label(ids).items():
            props.update((f"{label}|{r['key']}", model_props(r["props"]))
                         for r in records(self._tx, ex.describe(label), keys=keys))
        return props

    def edges_among(self, ids: set[str]) -> list[tuple[str, str, str]]:
        edges: list[tuple[str, str, str]] = []
        for label, keys in self._by_label(ids).items():
            edges.extend((r["source"], r["type"], r["target"])
                         for r in records(self._tx, ex.edges_from(label), keys=keys, ids=sorted(ids)))
        return edges
