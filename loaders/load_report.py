"""The load report, and the graph state it is measured against.

`GraphState` holds, in the canonical form of `GraphStore.dump()`, the stored records that the
batches of one load name (looked up by key, so a load costs what it touches). Each planned batch is compared with it record by record, using the stores' write rules (an expert
update keeps a stored profession and adds attributes; a quote's selections and a coding's
coders add up), and then applied to it, so that the next file of the same load is measured
against the graph as it will be. That is what makes the report's created / updated /
unchanged counts right, and what a dry run shows.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from graph.model import GraphBatch
from graph.naming import is_theme_uid
from graph.store import GraphStore
from loaders.enrich import EnrichReport

__all__ = ["LoadReport", "GraphState", "KINDS"]

KINDS = ("experts", "professions", "sources", "themes", "subthemes", "quotes", "codings", "concepts")


class LoadReport(BaseModel):
    file: str
    format: str
    study: str
    codebook: Literal["defined", "reference", "existing", "extended", "file"]
    rows: int = Field(description="Coded segments read (one per coding).")
    experts: int
    sources: int
    quotes: int
    codings: int
    new_themes: list[str]
    new_subthemes: list[str]
    written: bool
    created: dict[str, int] = Field(default_factory=dict, description="Records new to the graph, per kind.")
    updated: dict[str, int] = Field(default_factory=dict, description="Records in the graph that this file changes.")
    unchanged: dict[str, int] = Field(default_factory=dict, description="Records the graph already held as given.")
    skipped: dict[str, int] = Field(default_factory=dict, description="What the file holds but ThemeGraph left out.")
    warnings: list[str] = Field(default_factory=list)
    offsets: str | None = Field(None, description="REFI projects: the unit selection positions were read in, and why.")
    enrichment: EnrichReport | None = Field(None, description="Redactions by type, languages and concepts found.")


def _clean(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None}


class GraphState:
    """The stored nodes and coded edges a load touches, fetched from the store as batches name
    them (never the whole graph), and updated as batches are planned."""

    _CHUNK = 20_000

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.nodes: dict[str, dict] = {}
        self.codings: dict[tuple[str, str], dict] = {}
        self._asked: set[str] = set()
        self._asked_quotes: set[str] = set()
        self._new_studies: set[str] = set()  # absent from the store: their records cannot be there

    def fetch(self, node_ids: list[str]) -> None:
        """Read from the store those of the nodes not asked for yet."""
        missing = [n for n in dict.fromkeys(node_ids) if n not in self._asked]
        for i in range(0, len(missing), self._CHUNK):
            chunk = missing[i:i + self._CHUNK]
            self.nodes.update({n: p for n, p in self._store.lookup(chunk).items() if n not in self.nodes})
            self._asked.update(chunk)

    def fetch_codings(self, quote_uids: list[str]) -> None:
        missing = [u for u in dict.fromkeys(quote_uids) if u not in self._asked_quotes]
        for i in range(0, len(missing), self._CHUNK):
            chunk = missing[i:i + self._CHUNK]
            self.codings.update({k: v for k, v in self._store.codings_of(chunk).items() if k not in self.codings})
            self._asked_quotes.update(chunk)

    def settle(self) -> None:
        """Forget the quotes and their codings planned so far, so that a file read in chunks is
        measured holding one chunk: a quote named again in a later chunk is counted again."""
        self.nodes = {k: v for k, v in self.nodes.items() if not k.startswith("Quote|")}
        self._asked = {k for k in self._asked if not k.startswith("Quote|")}
        self.codings.clear()
        self._asked_quotes.clear()

    def known(self, node_ids: list[str]) -> dict[str, dict]:
        """The properties of those nodes the graph holds, or will hold once the load's earlier files are written."""
        self.fetch(node_ids)
        return {n: self.nodes[n] for n in node_ids if n in self.nodes}

    def get(self, node_id: str) -> dict | None:
        self.fetch([node_id])
        return self.nodes.get(node_id)

    def has(self, node_id: str) -> bool:
        return self.get(node_id) is not None

    def apply(self, batch: GraphBatch) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """Count what the batch creates, updates and leaves unchanged, then record it as written."""
        study_node = f"Study|{batch.study.uid}"
        if study_node not in self._asked:
            self.fetch([study_node])
            if study_node not in self.nodes:
                self._new_studies.add(batch.study.uid)
        self.fetch([*(f"Profession|{p.name}" for p in batch.professions), *(f"Concept|{c.name}" for c in batch.concepts)])
        if batch.study.uid not in self._new_studies:  # a study the store lacks holds nothing there yet
            self.fetch([*(f"Expert|{e.uid}" for e in batch.experts), *(f"Source|{x.uid}" for x in batch.sources),
                        *(f"Theme|{t.uid}" for t in batch.themes), *(f"SubTheme|{t.uid}" for t in batch.subthemes),
                        *(f"Quote|{q.uid}" for q in batch.quotes)])
            self.fetch_codings([q.uid for q in batch.quotes])
        created = dict.fromkeys(KINDS, 0)
        updated = dict.fromkeys(KINDS, 0)
        unchanged = dict.fromkeys(KINDS, 0)

        def put(kind: str, node_id, props: dict, table: dict) -> None:
            # Stores may keep properties of their own (a name key for lookups): compare only ours.
            old = table.get(node_id)
            new = _clean(props)
            if old is None:
                created[kind] += 1
                table[node_id] = new
                return
            ours = {k: v for k, v in old.items() if k in props or k.startswith("attr:")}
            (unchanged if ours == new else updated)[kind] += 1
            table[node_id] = {**{k: v for k, v in old.items() if k not in ours}, **new}

        s = batch.study
        self.nodes[f"Study|{s.uid}"] = _clean(dict(uid=s.uid, title=s.title, year=s.year, country=s.country,
                                                   method=s.method))
        for p in batch.professions:
            put("professions", f"Profession|{p.name}", dict(name=p.name, label=p.label), self.nodes)
        for e in batch.experts:
            old = self.nodes.get(f"Expert|{e.uid}", {})
            attrs = {k: v for k, v in old.items() if k.startswith("attr:")} | {f"attr:{k}": v for k, v in e.attributes}
            put("experts", f"Expert|{e.uid}", dict(uid=e.uid, study=e.study, pseudonym=e.pseudonym,
                                                    profession=e.profession or old.get("profession"), **attrs),
                self.nodes)
        for x in batch.sources:
            put("sources", f"Source|{x.uid}", dict(uid=x.uid, study=x.study, name=x.name, language=x.language),
                self.nodes)
        for t in batch.themes:
            put("themes", f"Theme|{t.uid}", dict(uid=t.uid, study=t.study, name=t.name, category=t.category,
                                                 order=t.order, description=t.description), self.nodes)
        for st in batch.subthemes:
            put("subthemes", f"SubTheme|{st.uid}", dict(uid=st.uid, study=st.study, name=st.name, order=st.order,
                                                         description=st.description), self.nodes)
        for q in batch.quotes:
            known = self.nodes.get(f"Quote|{q.uid}", {}).get("selections", [])
            put("quotes", f"Quote|{q.uid}", dict(uid=q.uid, study=q.study, text=q.text, start=q.start, end=q.end,
                                                 language=q.language, redacted=q.redacted,
                                                 selections=known + [x for x in q.selections if x not in known]),
                self.nodes)
        for concept in batch.concepts:
            put("concepts", f"Concept|{concept.name}", dict(name=concept.name, label=concept.label,
                                                             language=concept.language), self.nodes)
        for c in batch.codings:
            key = (f"Quote|{c.quote}", f"{'Theme' if is_theme_uid(c.code) else 'SubTheme'}|{c.code}")
            had = self.codings.get(key, {}).get("coders") or []
            coders = had + [x for x in c.coders if x not in had]
            put("codings", key, dict(coder=c.coder, at=c.at, coders=coders or None), self.codings)
        return ({k: v for k, v in created.items() if v}, {k: v for k, v in updated.items() if v},
                {k: v for k, v in unchanged.items() if v})
