"""The embedded store's reads: pure functions over its networkx graph that never mutate it.

Node ids are "Label|key" and edge keys are relationship types (see `graph.stores.memory.store`).
Each function here answers one GraphStore read; `MemoryStore` hands them its current graph.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import networkx as nx

from graph.codebook import Codebook
from graph.levels import LevelShape
from graph.matrix import ColumnFacts, MatrixCounts
from graph.model import SubTheme, Theme
from graph.naming import code_key, natural_order
from graph.results import CodeCount, GraphDump, MatrixQuery, Stats, StudySummary
from graph.stores.memory.index import GraphIndex, Said, out
from graph.studies import no_study

__all__ = [
    "nid", "nodes", "out", "ancestors", "require_study", "codebook", "studies", "code_counts",
    "matrix_counts", "stats", "dump", "canonical_props", "code_breakdown", "known_attributes",
    "row_value",
]


def nid(label: str, key: str) -> str:
    return f"{label}|{key}"


def nodes(g: nx.MultiDiGraph, label: str, study: str | None = None) -> Iterator[tuple[str, dict]]:
    for n, a in g.nodes(data=True):
        if a["label"] == label and (study is None or a.get("study") == study):
            yield n, a


def ancestors(g: nx.MultiDiGraph, code: str) -> list[str]:
    """The code itself and every code above it, nearest first; the theme is last."""
    chain = [code]
    while parents := out(g, chain[-1], "PART_OF"):
        chain.append(parents[0])
    return chain


def require_study(g: nx.MultiDiGraph, study: str | None) -> None:
    if study is not None and nid("Study", study) not in g:
        raise no_study(study)


def codebook(g: nx.MultiDiGraph, study: str) -> Codebook:
    themes = sorted(
        (Theme(a["uid"], a["study"], a["name"], a["category"], a["order"], a.get("description"))
         for _, a in nodes(g, "Theme", study)),
        key=lambda t: (t.order, t.name),
    )
    subthemes = sorted(
        (SubTheme(a["uid"], a["study"], a["name"], g.nodes[out(g, n, "PART_OF")[0]]["uid"],
                  a["order"], a.get("description"))
         for n, a in nodes(g, "SubTheme", study)),
        key=lambda s: (s.parent, s.order, s.name),
    )
    return Codebook(study, tuple(themes), tuple(subthemes))


def studies(g: nx.MultiDiGraph) -> list[StudySummary]:
    count: dict[tuple[str, str], int] = defaultdict(int)
    for _, a in g.nodes(data=True):
        if "study" in a:
            count[(a["study"], a["label"])] += 1
    return sorted(
        (StudySummary(uid=a["uid"], title=a["title"], year=a["year"], country=a["country"],
                      method=a["method"], notice=a.get("notice"), experts=count[(a["uid"], "Expert")],
                      quotes=count[(a["uid"], "Quote")], themes=count[(a["uid"], "Theme")],
                      subthemes=count[(a["uid"], "SubTheme")])
         for _, a in nodes(g, "Study")),
        key=lambda s: natural_order(s.uid),
    )


def code_counts(ix: GraphIndex, study: str | None) -> list[CodeCount]:
    """Every theme and sub-theme with the distinct experts and quotes coded at it or below."""
    g = ix.g
    require_study(g, study)
    said = {c: ix.said_under(frozenset([c]), study, ix.speakers) for c in ix.codes}
    codes = []
    for label, kind in (("Theme", "theme"), ("SubTheme", "subtheme")):
        for n, a in ix.nodes(label, study):
            chain = ix.chain(n)
            below = ix.below(n)
            codes.append(CodeCount(
                uid=a["uid"], study=a["study"], kind=kind, name=a["name"],
                category=g.nodes[chain[-1]]["category"],
                parent=g.nodes[chain[1]]["uid"] if len(chain) > 1 else None,
                order=a["order"], experts=len(set().union(*(said[c].first.keys() for c in below))),
                quotes=len(set().union(*(said[c].quotes for c in below))),
            ))
    return codes


def matrix_counts(ix: GraphIndex, query: MatrixQuery) -> MatrixCounts:
    """Distinct experts or quotes by raw row value and column code (see `graph.matrix`)."""
    g = ix.g
    scope = query.scope()
    for study in scope or ():
        require_study(g, study)
    columns: dict[str, ColumnFacts] = {}
    deeper, themes = 0, []
    for label in ("Theme", "SubTheme"):
        for n, a in ix.nodes_in(label, scope):
            chain = ix.chain(n)
            theme = g.nodes[chain[-1]]
            if query.category and theme["category"] != query.category:
                continue
            if query.theme and code_key(query.theme) not in (theme["uid"], theme["key"]):
                continue
            deeper += len(chain) > 2
            if label == "Theme":
                themes.append(n)
            if not ix.is_at_level(n, query.cols):
                continue
            columns[n] = ColumnFacts(
                uid=a["uid"], name=a["name"], category=theme["category"],
                theme=None if label == "Theme" else theme["name"],
                theme_order=theme["order"], order=a["order"],
            )

    codes_of: dict[str, set[str]] = defaultdict(set)  # column uid -> the codes counted in it
    for code in ix.codes:
        col = ix.at_level(code, query.cols)
        if col in columns:
            codes_of[columns[col].uid].add(code)

    population: dict[str | None, int] = defaultdict(int)
    labels: dict[str | None, str | None] = {}
    row_of: dict[str, str | None] = {}
    for e, ea in ix.nodes_in("Expert", scope):
        raw, row_label = row_value(g, ea, query.rows)
        if raw is not None:
            labels[raw] = row_label
        population[raw] += 1
        row_of[e] = raw

    overall = ix.said_under(frozenset().union(*codes_of.values()))
    row_totals, _, n_quotes = _tally(overall, row_of, query.measure)
    cells: dict[tuple[str | None, str], int] = {}
    col_totals: dict[str, int] = {}
    for uid, codes in codes_of.items():
        by_row, units, _ = _tally(ix.said_under(frozenset(codes), speakers=overall.speakers), row_of, query.measure)
        cells.update(((raw, uid), n) for raw, n in by_row.items())
        if units:
            col_totals[uid] = units

    return MatrixCounts(
        population=dict(population), row_labels=labels, columns=list(columns.values()),
        cells=cells, row_totals=dict(row_totals), col_totals=col_totals, n_quotes=n_quotes,
        shape=LevelShape(deeper, ix.theme_only(themes)) if query.cols == "subtheme" else LevelShape(),
    )


def _tally(said: Said, row_of: dict[str, str | None], measure: str) -> tuple[Counter, int, int]:
    """Over `said`, counting only speakers with a row: the distinct experts or quotes by row
    (a quote once in each of its speakers' rows), how many there are, and how many quotes."""
    experts = said.first.keys() & row_of.keys()
    n_quotes = sum(map(said.first.__getitem__, experts))
    several: dict[str, set[str | None]] = {}  # quotes said by more than one expert: their rows
    first, speakers_of = said.speakers.first, said.speakers.several
    for q in said.shared:
        if first[q] in row_of:  # counted above under its first speaker only
            n_quotes -= 1
        speakers = [e for e in speakers_of[q] if e in row_of]
        experts.update(speakers)
        several[q] = {row_of[e] for e in speakers}
        n_quotes += bool(speakers)
    if measure == "experts":
        return Counter(map(row_of.__getitem__, experts)), len(experts), n_quotes
    by_row: Counter = Counter()
    for e in experts:
        by_row[row_of[e]] += said.first[e]
    for q, rows in several.items():
        if first[q] in row_of:
            by_row[row_of[first[q]]] -= 1
        by_row.update(rows)
    return +by_row, n_quotes, n_quotes


def stats(g: nx.MultiDiGraph, study: str | None = None) -> Stats:
    """Counts of every kind of node (and distinct quote-code pairs) of one study, or of the store."""
    require_study(g, study)
    count: dict[str, int] = defaultdict(int)
    for _, a in g.nodes(data=True):
        if study is None or a.get("study") == study or (a["label"] == "Study" and a["uid"] == study):
            count[a["label"]] += 1
    quotes = [q for q, _ in nodes(g, "Quote", study)]
    return Stats(
        studies=count["Study"], experts=count["Expert"], sources=count["Source"],
        quotes=count["Quote"], themes=count["Theme"], subthemes=count["SubTheme"],
        codings=sum(len(out(g, q, "CODED_AS")) for q in quotes),
        concepts=count["Concept"] if study is None else len({c for q in quotes for c in out(g, q, "MENTIONS")}),
    )


def dump(g: nx.MultiDiGraph) -> GraphDump:
    """The canonical dump: attributes as 'attr:<name>', a profession's label as 'label', nulls left out."""
    found = [(n, canonical_props(n, a)) for n, a in g.nodes(data=True)]
    edges = [(u, k, v, {x: y for x, y in d.items() if y is not None})
             for u, v, k, d in g.edges(keys=True, data=True)]
    return GraphDump(nodes=sorted(found, key=lambda x: x[0]), edges=sorted(edges, key=lambda e: e[:3]))


def canonical_props(node: str, a: dict) -> dict:
    """A node's properties as Neo4j holds them: attributes as 'attr:<name>', nulls left out."""
    props = {k: v for k, v in a.items() if k not in ("label", "attributes", "label_text")}
    if a["label"] in ("Profession", "Concept"):
        props["label"] = a["label_text"]
    for k, v in a.get("attributes", {}).items():
        props[f"attr:{k}"] = v
    return {k: v for k, v in props.items() if v is not None}


def code_breakdown(ix: GraphIndex, study: str | None, by: str) -> list[tuple[str, str | None, str | None, int, int]]:
    """(code uid, raw row value, row label, distinct experts, distinct quotes) at each code or below."""
    g = ix.g
    labels: dict[str | None, str | None] = {}
    row_of: dict[str, str | None] = {}
    for e, ea in ix.nodes("Expert", study):
        raw, label = row_value(g, ea, by)
        labels[raw], row_of[e] = label, raw
    found = []
    for node in ix.codes:
        said = ix.said_under(frozenset(ix.below(node)), speakers=ix.speakers)
        experts, quotes = (_tally(said, row_of, measure)[0] for measure in ("experts", "quotes"))
        uid = g.nodes[node]["uid"]
        found += [(uid, raw, labels[raw], n, quotes[raw]) for raw, n in experts.items()]
    return found


def row_value(g: nx.MultiDiGraph, expert: dict, rows: str) -> tuple[str | None, str | None]:
    """The raw row value of an expert and its label: the profession, the expert (uid and
    pseudonym), its study, or an attribute's value."""
    if rows == "profession":
        raw = expert["profession"]
        return raw, g.nodes[nid("Profession", raw)]["label_text"] if raw is not None else None
    if rows == "expert":
        return expert["uid"], expert["pseudonym"]
    if rows == "study":
        return expert["study"], expert["study"]
    raw = expert["attributes"].get(rows)
    return raw, raw


def known_attributes(g: nx.MultiDiGraph, study: str | None | tuple[str, ...]) -> list[str]:
    """The attribute names of the experts of a study, of several (a tuple), or of every study (None)."""
    scope = (study,) if isinstance(study, str) else study
    return sorted({k for _, a in nodes(g, "Expert") if scope is None or a["study"] in scope for k in a["attributes"]})
