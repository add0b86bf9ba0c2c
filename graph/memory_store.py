"""MemoryStore: the embedded default, a networkx MultiDiGraph saved as one JSON file.

Node ids are "Label|key"; edge keys are the relationship type, so writing the same edge
twice leaves one. Writes are copy-on-write: a reader holds the graph it started with, a
write builds the next graph, saves it with write-then-rename and only then swaps it in.
Several processes share the file: writers take a file lock, readers reload when the file
on disk is newer than what they hold.
"""

from __future__ import annotations

import json
import os
import threading
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
from filelock import FileLock, Timeout

from graph.codebook import Codebook
from graph.errors import NotFound, StoreUnavailable
from graph.matrix import ColumnFacts, MatrixCounts, assemble_matrix
from graph.model import GraphBatch, SubTheme, Theme
from graph.naming import is_theme_uid
from graph.results import (
    CodeCount, GraphDump, Matrix, MatrixQuery, Stats, StudySummary, ThemeNode, WriteSummary,
)
from graph.theme_tree import build_theme_tree

__all__ = ["MemoryStore"]

FILE_NAME = "graph.json"
FORMAT = "themegraph-memory-store"
VERSION = 1


def _nid(label: str, key: str) -> str:
    return f"{label}|{key}"


class MemoryStore:
    name = "memory"

    def __init__(self, data_dir: Path, lock_timeout: float = 60.0) -> None:
        self._dir = Path(data_dir)
        self._path = self._dir / FILE_NAME
        self._file_lock = FileLock(str(self._path) + ".lock", timeout=lock_timeout)
        self._write_lock = threading.Lock()
        self._graph = nx.MultiDiGraph()
        self._stamp: tuple[int, int] | None = None
        self._fresh()

    # ---- persistence -------------------------------------------------------------------

    def _disk_stamp(self) -> tuple[int, int] | None:
        try:
            st = self._path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _fresh(self) -> nx.MultiDiGraph:
        """The newest saved graph: reloaded when another process (or writer) replaced the file."""
        stamp = self._disk_stamp()
        if stamp != self._stamp:
            self._graph = self._read() if stamp else nx.MultiDiGraph()
            self._stamp = stamp
        return self._graph

    def _read(self) -> nx.MultiDiGraph:
        try:
            data = json.loads(self._path.read_text("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} file")
        except (OSError, ValueError) as exc:
            raise StoreUnavailable(
                f"{self._path}: cannot read the embedded store ({exc}); "
                "restore it from a backup or remove it with `themegraph reset --yes`"
            ) from exc
        graph = nx.MultiDiGraph()
        graph.add_nodes_from((n.pop("id"), n) for n in data["nodes"])
        graph.add_edges_from((u, v, k, a) for u, v, k, a in data["edges"])
        return graph

    def _save(self, graph: nx.MultiDiGraph) -> None:
        self._dir.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "version": VERSION,
            "nodes": [{"id": n, **a} for n, a in sorted(graph.nodes(data=True))],
            "edges": sorted(([u, v, k, a] for u, v, k, a in graph.edges(keys=True, data=True)),
                            key=lambda e: (e[0], e[1], e[2])),
        }
        tmp = self._path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._path)
        self._graph = graph
        self._stamp = self._disk_stamp()

    def _change(self, apply) -> None:
        """Run `apply` on a copy of the newest graph under both locks, then save and swap."""
        try:
            with self._write_lock, self._file_lock:
                graph = self._fresh().copy()
                apply(graph)
                self._save(graph)
        except Timeout as exc:
            raise StoreUnavailable(
                f"{self._path}: another process holds the write lock; try again when it is done"
            ) from exc

    def ping(self) -> None:
        self._fresh()

    def close(self) -> None:
        pass

    # ---- writes ------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> WriteSummary:
        def apply(g: nx.MultiDiGraph) -> None:
            s = batch.study
            study = _nid("Study", s.uid)
            g.add_node(study, label="Study", uid=s.uid, title=s.title, year=s.year,
                       country=s.country, method=s.method)
            for p in batch.professions:
                g.add_node(_nid("Profession", p.name), label="Profession", name=p.name, label_text=p.label)
            for e in batch.experts:
                node = _nid("Expert", e.uid)
                g.add_node(node, label="Expert", uid=e.uid, study=e.study, pseudonym=e.pseudonym,
                           profession=e.profession, attributes=dict(e.attributes))
                g.add_edge(node, study, key="IN_STUDY")
                for old in [v for _, v, k in g.out_edges(node, keys=True) if k == "HAS_PROFESSION"]:
                    g.remove_edge(node, old, key="HAS_PROFESSION")
                if e.profession:
                    g.add_edge(node, _nid("Profession", e.profession), key="HAS_PROFESSION")
            for src in batch.sources:
                g.add_node(_nid("Source", src.uid), label="Source", uid=src.uid, study=src.study,
                           name=src.name, language=src.language)
            for t in batch.themes:
                node = _nid("Theme", t.uid)
                g.add_node(node, label="Theme", uid=t.uid, study=t.study, name=t.name,
                           category=t.category, order=t.order, description=t.description)
                g.add_edge(node, study, key="IN_STUDY")
            for st in batch.subthemes:
                node = _nid("SubTheme", st.uid)
                g.add_node(node, label="SubTheme", uid=st.uid, study=st.study, name=st.name,
                           order=st.order, description=st.description)
                parent = _nid("Theme" if is_theme_uid(st.parent) else "SubTheme", st.parent)
                g.add_edge(node, parent, key="PART_OF")
            for q in batch.quotes:
                node = _nid("Quote", q.uid)
                known = g.nodes[node]["selections"] if node in g else []
                g.add_node(node, label="Quote", uid=q.uid, study=q.study, text=q.text, start=q.start,
                           end=q.end, language=q.language, redacted=q.redacted,
                           selections=known + [s for s in q.selections if s not in known])
                g.add_edge(_nid("Expert", q.expert), node, key="SAID")
                g.add_edge(node, _nid("Source", q.source), key="FROM_SOURCE")
            for c in batch.codings:
                target = _nid("Theme" if is_theme_uid(c.code) else "SubTheme", c.code)
                g.add_edge(_nid("Quote", c.quote), target, key="CODED_AS", coder=c.coder, at=c.at)

        self._change(apply)
        return WriteSummary(
            study=batch.study.uid, experts=len(batch.experts), sources=len(batch.sources),
            quotes=len(batch.quotes), themes=len(batch.themes), subthemes=len(batch.subthemes),
            codings=len(batch.codings),
        )

    def delete_study(self, study: str) -> None:
        if _nid("Study", study) not in self._fresh():
            raise NotFound(f"no study {study!r}; `themegraph stats` lists what is loaded")

        def apply(g: nx.MultiDiGraph) -> None:
            g.remove_nodes_from([n for n, a in g.nodes(data=True) if a.get("study") == study])
            g.remove_node(_nid("Study", study))
            g.remove_nodes_from([n for n, a in g.nodes(data=True)
                                 if a["label"] == "Profession" and g.in_degree(n) == 0])

        self._change(apply)

    def clear(self) -> None:
        self._change(lambda g: g.clear())

    # ---- reads -------------------------------------------------------------------------

    @staticmethod
    def _nodes(g: nx.MultiDiGraph, label: str, study: str | None = None) -> Iterator[tuple[str, dict]]:
        for n, a in g.nodes(data=True):
            if a["label"] == label and (study is None or a.get("study") == study):
                yield n, a

    @staticmethod
    def _out(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
        return [v for _, v, k in g.out_edges(node, keys=True) if k == rel]

    def _require_study(self, g: nx.MultiDiGraph, study: str | None) -> None:
        if study is not None and _nid("Study", study) not in g:
            raise NotFound(f"no study {study!r}; GET /v1/studies lists the studies loaded")

    def codebook(self, study: str) -> Codebook:
        g = self._fresh()
        themes = sorted(
            (Theme(a["uid"], a["study"], a["name"], a["category"], a["order"], a.get("description"))
             for _, a in self._nodes(g, "Theme", study)),
            key=lambda t: (t.order, t.name),
        )
        subthemes = sorted(
            (SubTheme(a["uid"], a["study"], a["name"], g.nodes[self._out(g, n, "PART_OF")[0]]["uid"],
                      a["order"], a.get("description"))
             for n, a in self._nodes(g, "SubTheme", study)),
            key=lambda s: (s.parent, s.order, s.name),
        )
        return Codebook(study, tuple(themes), tuple(subthemes))

    def studies(self) -> list[StudySummary]:
        g = self._fresh()
        out = []
        for n, a in self._nodes(g, "Study"):
            experts = [e for e, _ in self._nodes(g, "Expert", a["uid"])]
            out.append(StudySummary(
                uid=a["uid"], title=a["title"], year=a["year"], country=a["country"],
                method=a["method"], experts=len(experts),
                quotes=sum(1 for _ in self._nodes(g, "Quote", a["uid"])),
                themes=sum(1 for _ in self._nodes(g, "Theme", a["uid"])),
                subthemes=sum(1 for _ in self._nodes(g, "SubTheme", a["uid"])),
            ))
        return sorted(out, key=lambda s: s.uid)

    def _ancestors(self, g: nx.MultiDiGraph, code: str) -> list[str]:
        """The code itself and every code above it, nearest first."""
        chain = [code]
        while parents := self._out(g, chain[-1], "PART_OF"):
            chain.append(parents[0])
        return chain

    def themes(self, study: str | None = None) -> list[ThemeNode]:
        g = self._fresh()
        self._require_study(g, study)
        experts: dict[str, set[str]] = defaultdict(set)
        quotes: dict[str, set[str]] = defaultdict(set)
        for q, qa in self._nodes(g, "Quote", study):
            speaker = next(iter(g.predecessors(q)))
            for code in self._out(g, q, "CODED_AS"):
                for node in self._ancestors(g, code):
                    experts[node].add(speaker)
                    quotes[node].add(q)
        codes = []
        for label, kind in (("Theme", "theme"), ("SubTheme", "subtheme")):
            for n, a in self._nodes(g, label, study):
                chain = self._ancestors(g, n)
                codes.append(CodeCount(
                    uid=a["uid"], study=a["study"], kind=kind, name=a["name"],
                    category=g.nodes[chain[-1]]["category"],
                    parent=g.nodes[chain[1]]["uid"] if len(chain) > 1 else None,
                    order=a["order"], experts=len(experts[n]), quotes=len(quotes[n]),
                ))
        return build_theme_tree(codes)

    def matrix(self, query: MatrixQuery) -> Matrix:
        g = self._fresh()
        self._require_study(g, query.study)

        def column_of(code: str) -> str | None:
            chain = self._ancestors(g, code)
            if query.cols == "theme":
                return chain[-1]
            return chain[-2] if len(chain) >= 2 else None

        columns: dict[str, ColumnFacts] = {}
        for label in ("Theme", "SubTheme"):
            for n, a in self._nodes(g, label, query.study):
                chain = self._ancestors(g, n)
                theme = g.nodes[chain[-1]]
                if query.category and theme["category"] != query.category:
                    continue
                if (query.cols == "theme") != (label == "Theme") or len(chain) > 2:
                    continue
                columns[n] = ColumnFacts(
                    uid=a["uid"], name=a["name"], category=theme["category"],
                    theme=None if label == "Theme" else theme["name"],
                    theme_order=theme["order"], order=a["order"],
                )

        population: dict[str | None, int] = defaultdict(int)
        labels: dict[str | None, str] = {}
        known_rows: set[str] = set()
        cell_sets: dict[tuple[str | None, str], set[str]] = defaultdict(set)
        row_sets: dict[str | None, set[str]] = defaultdict(set)
        col_sets: dict[str, set[str]] = defaultdict(set)
        all_quotes: set[str] = set()
        for e, ea in self._nodes(g, "Expert", query.study):
            known_rows.update(ea["attributes"])
            if query.rows == "profession":
                raw = ea["profession"]
                if raw is not None:
                    labels[raw] = g.nodes[_nid("Profession", raw)]["label_text"]
            else:
                raw = ea["attributes"].get(query.rows)
                if raw is not None:
                    labels[raw] = raw
            population[raw] += 1
            for q in self._out(g, e, "SAID"):
                for code in self._out(g, q, "CODED_AS"):
                    col = column_of(code)
                    if col not in columns:
                        continue
                    unit = e if query.measure == "experts" else q
                    cell_sets[(raw, columns[col].uid)].add(unit)
                    row_sets[raw].add(unit)
                    col_sets[columns[col].uid].add(unit)
                    all_quotes.add(q)

        return assemble_matrix(query, MatrixCounts(
            population=dict(population), row_labels=labels, columns=list(columns.values()),
            cells={k: len(v) for k, v in cell_sets.items()},
            row_totals={k: len(v) for k, v in row_sets.items()},
            col_totals={k: len(v) for k, v in col_sets.items()},
            n_quotes=len(all_quotes), known_rows=sorted(known_rows),
        ))

    def stats(self) -> Stats:
        g = self._fresh()
        count: dict[str, int] = defaultdict(int)
        for _, a in g.nodes(data=True):
            count[a["label"]] += 1
        codings = sum(1 for _, _, k in g.edges(keys=True) if k == "CODED_AS")
        return Stats(
            studies=count["Study"], experts=count["Expert"], sources=count["Source"],
            quotes=count["Quote"], themes=count["Theme"], subthemes=count["SubTheme"],
            codings=codings, concepts=count["Concept"],
        )

    def dump(self) -> GraphDump:
        g = self._fresh()
        nodes = []
        for n, a in g.nodes(data=True):
            props = {k: v for k, v in a.items() if k not in ("label", "attributes", "label_text")}
            if a["label"] == "Profession":
                props["label"] = a["label_text"]
            for k, v in a.get("attributes", {}).items():
                props[f"attr:{k}"] = v
            nodes.append((n, {k: v for k, v in props.items() if v is not None}))
        edges = [(u, k, v, {x: y for x, y in d.items() if y is not None})
                 for u, v, k, d in g.edges(keys=True, data=True)]
        return GraphDump(nodes=sorted(nodes, key=lambda x: x[0]), edges=sorted(edges, key=lambda e: e[:3]))
