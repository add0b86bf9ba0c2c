"""The embedded store's reads: pure functions over its networkx graph that never mutate it.

Node ids are "Label|key" and edge keys are relationship types (see `graph.memory_store`).
Each function here answers one GraphStore read; `MemoryStore` hands them its current graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import networkx as nx

from graph.codebook import Codebook
from graph.errors import NotFound
from graph.matrix import ColumnFacts, MatrixCounts
from graph.model import SubTheme, Theme
from graph.naming import code_key
from graph.results import CodeCount, GraphDump, MatrixQuery, Stats, StudySummary

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


def out(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    return [v for _, v, k in g.out_edges(node, keys=True) if k == rel]


def ancestors(g: nx.MultiDiGraph, code: str) -> list[str]:
    """The code itself and every code above it, nearest first; the theme is last."""
    chain = [code]
    while parents := out(g, chain[-1], "PART_OF"):
        chain.append(parents[0])
    return chain


def require_study(g: nx.MultiDiGraph, study: str | None) -> None:
    if study is not None and nid("Study", study) not in g:
        raise NotFound(f"no study {study!r}; GET /v1/studies lists the studies loaded")


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
                      method=a["method"], experts=count[(a["uid"], "Expert")],
                      quotes=count[(a["uid"], "Quote")], themes=count[(a["uid"], "Theme")],
                      subthemes=count[(a["uid"], "SubTheme")])
         for _, a in nodes(g, "Study")),
        key=lambda s: s.uid,
    )


def code_counts(g: nx.MultiDiGraph, study: str | None) -> list[CodeCount]:
    """Every theme and sub-theme with the distinct experts and quotes coded at it or below."""
    require_study(g, study)
    experts: dict[str, set[str]] = defaultdict(set)
    quotes: dict[str, set[str]] = defaultdict(set)
    for q, _ in nodes(g, "Quote", study):
        speaker = next(iter(g.predecessors(q)))
        for code in out(g, q, "CODED_AS"):
            for node in ancestors(g, code):
                experts[node].add(speaker)
                quotes[node].add(q)
    codes = []
    for label, kind in (("Theme", "theme"), ("SubTheme", "subtheme")):
        for n, a in nodes(g, label, study):
            chain = ancestors(g, n)
            codes.append(CodeCount(
                uid=a["uid"], study=a["study"], kind=kind, name=a["name"],
                category=g.nodes[chain[-1]]["category"],
                parent=g.nodes[chain[1]]["uid"] if len(chain) > 1 else None,
                order=a["order"], experts=len(experts[n]), quotes=len(quotes[n]),
            ))
    return codes


def matrix_counts(g: nx.MultiDiGraph, query: MatrixQuery) -> MatrixCounts:
    """Distinct experts or quotes by raw row value and column code (see `graph.matrix`)."""
    require_study(g, query.study)
    columns: dict[str, ColumnFacts] = {}
    for label in ("Theme", "SubTheme"):
        for n, a in nodes(g, label, query.study):
            chain = ancestors(g, n)
            theme = g.nodes[chain[-1]]
            wanted_level = (query.cols == "theme") == (label == "Theme") and len(chain) <= 2
            if not wanted_level or (query.category and theme["category"] != query.category):
                continue
            if query.theme and code_key(query.theme) not in (theme["uid"], theme["key"]):
                continue
            columns[n] = ColumnFacts(
                uid=a["uid"], name=a["name"], category=theme["category"],
                theme=None if label == "Theme" else theme["name"],
                theme_order=theme["order"], order=a["order"],
            )

    def column_of(code: str) -> str | None:
        chain = ancestors(g, code)
        if query.cols == "theme":
            return chain[-1]
        return chain[-2] if len(chain) >= 2 else None

    population: dict[str | None, int] = defaultdict(int)
    labels: dict[str | None, str] = {}
    known_rows: set[str] = set()
    cell_sets: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    row_sets: dict[str | None, set[str]] = defaultdict(set)
    col_sets: dict[str, set[str]] = defaultdict(set)
    all_quotes: set[str] = set()
    for e, ea in nodes(g, "Expert", query.study):
        known_rows.update(ea["attributes"])
        raw, label = row_value(g, ea, query.rows)
        if raw is not None:
            labels[raw] = label
        population[raw] += 1
        for q in out(g, e, "SAID"):
            for code in out(g, q, "CODED_AS"):
                col = column_of(code)
                if col not in columns:
                    continue
                unit = e if query.measure == "experts" else q
                cell_sets[(raw, columns[col].uid)].add(unit)
                row_sets[raw].add(unit)
                col_sets[columns[col].uid].add(unit)
                all_quotes.add(q)

    return MatrixCounts(
        population=dict(population), row_labels=labels, columns=list(columns.values()),
        cells={k: len(v) for k, v in cell_sets.items()},
        row_totals={k: len(v) for k, v in row_sets.items()},
        col_totals={k: len(v) for k, v in col_sets.items()},
        n_quotes=len(all_quotes), known_rows=sorted(known_rows),
    )


def stats(g: nx.MultiDiGraph) -> Stats:
    count: dict[str, int] = defaultdict(int)
    for _, a in g.nodes(data=True):
        count[a["label"]] += 1
    return Stats(
        studies=count["Study"], experts=count["Expert"], sources=count["Source"],
        quotes=count["Quote"], themes=count["Theme"], subthemes=count["SubTheme"],
        codings=sum(1 for _, _, k in g.edges(keys=True) if k == "CODED_AS"),
        concepts=count["Concept"],
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


def code_breakdown(g: nx.MultiDiGraph, study: str | None, by: str) -> list[tuple[str, str | None, str | None, int, int]]:
    """(code uid, raw row value, row label, distinct experts, distinct quotes) at each code or below."""
    experts: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    quotes: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    labels: dict[str | None, str | None] = {}
    for e, ea in nodes(g, "Expert", study):
        raw, label = row_value(g, ea, by)
        labels[raw] = label
        for q in out(g, e, "SAID"):
            for code in out(g, q, "CODED_AS"):
                for node in ancestors(g, code):
                    uid = g.nodes[node]["uid"]
                    experts[(uid, raw)].add(e)
                    quotes[(uid, raw)].add(q)
    return [(uid, raw, labels[raw], len(experts[(uid, raw)]), len(quotes[(uid, raw)])) for uid, raw in experts]


def row_value(g: nx.MultiDiGraph, expert: dict, rows: str) -> tuple[str | None, str | None]:
    """The raw row value of an expert and its label: the profession, or an attribute's value."""
    if rows == "profession":
        raw = expert["profession"]
        return raw, g.nodes[nid("Profession", raw)]["label_text"] if raw is not None else None
    raw = expert["attributes"].get(rows)
    return raw, raw


def known_attributes(g: nx.MultiDiGraph, study: str | None) -> list[str]:
    return sorted({k for _, a in nodes(g, "Expert", study) for k in a["attributes"]})
