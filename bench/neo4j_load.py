"""Loading one CSV into Neo4j three ways, on the same server in the same run.

- themegraph: `loaders.pipeline.load_paths` into `Neo4jStore`, what `themegraph load` runs
  (read, validate, build one batch, write it as one transaction of UNWIND chunks).
- load_csv: the server reads the file itself with LOAD CSV, in passes, the segment pass
  committing every 10,000 rows (`CALL {} IN TRANSACTIONS`): Neo4j's own online bulk path.
- naive: one write transaction per CSV row through the driver, what a quick script does.

Each starts from an emptied database with ThemeGraph's constraints and indexes, and is
checked afterwards: the same counts, the same labels/properties/relationships and the same
risks matrix (through ThemeGraph's own read queries) as the ThemeGraph load.
"""

from __future__ import annotations

import csv
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import neo4j

from bench import baseline_cypher as cy
from bench.generate import CODEBOOK, Dataset
from bench.measure import TimedWrites
from bench.queries import RISKS, STUDY, matrix_cells
from graph.model import NODE_LABELS
from graph.naming import expert_uid, name_key, quote_uid, slug, source_uid, subtheme_uid, theme_uid
from graph.results import MatrixQuery
from graph.stores.neo4j import Neo4jStore
from loaders.pipeline import LoadOptions, load_paths

__all__ = ["Neo4jTarget", "wipe", "load_themegraph", "load_naive", "load_csv", "graph_facts", "compare_facts"]

LOAD_CSV_BATCH = 10_000
# The driver logs every "property does not exist yet" notice of an empty database as a warning.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


@dataclass
class Neo4jTarget:
    uri: str
    auth: tuple[str, str] | None = None
    database: str | None = None

    def driver(self) -> neo4j.Driver:
        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth)

    def store(self) -> Neo4jStore:
        """A store as `themegraph serve` opens one: it warms a study's first reads after loading it."""
        return Neo4jStore(self.uri, auth=self.auth, database=self.database, read_timeout=3600, warm=True)

    def server(self) -> dict:
        """Version, edition, JVM heap and the LOAD CSV settings of the server."""
        facts: dict = {}
        with self.driver() as d:
            def one(query: str) -> list[dict]:
                try:
                    return [r.data() for r in d.execute_query(query, database_=self.database)[0]]
                except neo4j.exceptions.Neo4jError as exc:
                    facts.setdefault("errors", []).append(f"{query[:40]}: {exc.code}")
                    return []

            for r in one("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"):
                facts["version"], facts["edition"] = r["versions"][0], r["edition"]
            for r in one("CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
                         "RETURN attributes.HeapMemoryUsage.value.properties.max AS heap"):
                facts["heap_max_mib"] = round(r["heap"] / 2**20) if r["heap"] else None
            for r in one("SHOW SETTINGS YIELD name, value WHERE name IN ['server.directories.import', "
                         "'dbms.security.allow_csv_import_from_file_urls', 'server.memory.pagecache.size', "
                         "'dbms.memory.transaction.total.max'] RETURN name, value"):
                facts[r["name"]] = r["value"]
        return facts

    def cpu_seconds(self) -> float | None:
        """The server process's CPU time so far (JMX over Bolt), or None where the server does not say."""
        try:
            with self.driver() as d:
                found = d.execute_query("CALL dbms.queryJmx('java.lang:type=OperatingSystem') YIELD attributes "
                                        "RETURN attributes.ProcessCpuTime.value AS ns", database_=self.database)[0]
        except neo4j.exceptions.Neo4jError:
            return None
        return found[0]["ns"] / 1e9 if found and found[0]["ns"] is not None else None


def _spent(before: float | None, after: float | None) -> float | None:
    return round(after - before, 3) if before is not None and after is not None else None


def wipe(target: Neo4jTarget, store: Neo4jStore) -> float:
    """Empty the database (relationships first, in batches), then let the store make its schema."""
    started = time.perf_counter()
    with target.driver() as driver, driver.session(database=target.database) as session:
        session.run(cy.WIPE_RELATIONSHIPS).consume()
        session.run(cy.WIPE_NODES).consume()
    store.clear()  # nothing left to delete; creates the constraints and indexes if missing
    return round(time.perf_counter() - started, 3)


def load_themegraph(store: Neo4jStore, ds: Dataset, target: Neo4jTarget | None = None) -> dict:
    """`themegraph load CSV --study bench` in-process; the write share timed apart. The store's
    warming of the study's first reads runs after the load returns: waited for, so that nothing
    measured next shares the machine with it, and timed apart (not part of the load's time).
    With `target`, the server's CPU seconds during the load are counted too; this process's are
    counted for each part (the writing's include the thread that prepares the next chunk)."""
    timed = TimedWrites(store)
    server = target.cpu_seconds() if target else None
    cpu, started = time.process_time(), time.perf_counter()
    # no enrichment: the baselines build the model without concepts or languages, and the graphs are compared
    load_paths(timed, [ds.csv], LoadOptions(study=STUDY, concepts=False, language=False))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    server = _spent(server, target.cpu_seconds() if target else None)
    warmed = store.warmed()
    return {"seconds": round(seconds, 3), "write_seconds": round(timed.seconds, 3),
            "read_validate_seconds": round(seconds - timed.seconds, 3),
            "client_cpu_read_validate": round(cpu - timed.cpu_seconds, 3),
            "client_cpu_write": round(timed.cpu_seconds, 3), "server_cpu_seconds": server,
            "warm_seconds": warmed[-1].seconds if warmed else None, "warm_reads": len(warmed[-1].reads) if warmed else 0}


def _codebook_params() -> dict:
    return {
        "categories": {theme: category for theme, category, _ in CODEBOOK},
        "theme_order": {theme: i for i, (theme, _, _) in enumerate(CODEBOOK)},
        "subtheme_order": {sub: i for _, _, subs in CODEBOOK for i, sub in enumerate(subs)},
    }


def load_naive(target: Neo4jTarget, ds: Dataset, limit: int | None = None) -> dict:
    """One transaction per CSV row, uids computed in Python exactly as ThemeGraph computes them."""
    book = _codebook_params()
    rows = 0
    started = time.perf_counter()
    with target.driver() as driver, driver.session(database=target.database) as session, \
            open(ds.csv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            theme, sub, expert = row["theme"], row["subtheme"], row["expert"]
            t_uid = theme_uid(STUDY, theme)
            src_name = f"Interview {expert}"
            src_uid = source_uid(STUDY, src_name)
            params = {
                "study": STUDY, "profession": name_key(row["profession"]),
                "profession_label": row["profession"].strip(), "expert_uid": expert_uid(STUDY, expert),
                "expert": expert, "province": row["province"], "source_uid": src_uid,
                "source_name": src_name, "theme_uid": t_uid, "theme": theme, "theme_key": name_key(theme),
                "category": book["categories"].get(theme, "other"), "theme_order": book["theme_order"].get(theme),
                "subtheme_uid": subtheme_uid(t_uid, sub), "subtheme": sub, "subtheme_key": name_key(sub),
                "subtheme_order": book["subtheme_order"].get(sub),
                "quote_uid": quote_uid(STUDY, src_uid, None, None, row["text"]), "text": row["text"],
            }
            session.execute_write(lambda tx, p=params: tx.run(cy.NAIVE_SEGMENT, p).consume())
            rows += 1
            if limit and rows >= limit:
                break
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "rows": rows}


def csv_url(target: Neo4jTarget, ds: Dataset) -> tuple[str | None, str]:
    """A file URL the server can read for this CSV, and how it was made readable.

    A local server that does not confine LOAD CSV reads the absolute path; one confined to an
    import folder on this machine gets a copy there; anything else cannot be served a file.
    """
    with target.driver() as d:
        def readable(url: str) -> bool:
            try:
                d.execute_query("LOAD CSV FROM $url AS row WITH row LIMIT 1 RETURN count(*) AS n",
                                url=url, database_=target.database)
                return True
            except neo4j.exceptions.Neo4jError:
                return False

        absolute = "file://" + str(ds.csv.resolve())
        if readable(absolute):
            return absolute, "absolute path (the server does not confine file URLs to an import folder)"
        settings = d.execute_query("SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.import' "
                                   "RETURN value", database_=target.database)[0]
        folder = Path(settings[0]["value"]) if settings and settings[0]["value"] else None
        if folder and folder.is_dir():
            copy = folder / f"themegraph-bench-{ds.csv.name}"
            shutil.copyfile(ds.csv, copy)
            if readable(f"file:///{copy.name}"):
                return f"file:///{copy.name}", f"copied into the server's import folder {folder}"
            copy.unlink()
    return None, "the server can read neither the absolute path nor a copy in its import folder"


def load_csv(target: Neo4jTarget, url: str) -> dict:
    """LOAD CSV in passes: experts and sources, codebook, then segments 10,000 rows a transaction."""
    params = {"url": url, "study": STUDY, "batch": LOAD_CSV_BATCH, **_codebook_params()}
    passes = {}
    server = target.cpu_seconds()
    started = time.perf_counter()
    with target.driver() as driver, driver.session(database=target.database) as session:
        for name, query in (("study", cy.LOAD_CSV_STUDY), ("experts", cy.LOAD_CSV_EXPERTS),
                            ("codebook", cy.LOAD_CSV_CODEBOOK), ("segments", cy.LOAD_CSV_SEGMENTS)):
            t = time.perf_counter()
            session.run(query, params).consume()  # auto-commit: CALL IN TRANSACTIONS needs it
            passes[name] = round(time.perf_counter() - t, 3)
    seconds = round(time.perf_counter() - started, 3)
    return {"seconds": seconds, "passes": passes, "server_cpu_seconds": _spent(server, target.cpu_seconds())}


def graph_facts(target: Neo4jTarget, store: Neo4jStore) -> dict:
    """What a load built: counts, the risks matrix (both measures) and the model's shape."""
    with target.driver() as d:
        nodes = d.execute_query(cy.GRAPH_SHAPE, database_=target.database)[0]
        rels = d.execute_query(cy.RELATIONSHIP_SHAPE, database_=target.database)[0]
    return {
        "stats": store.stats().model_dump(),
        "matrix_experts": matrix_cells(store.matrix(RISKS)),
        "matrix_quotes": matrix_cells(store.matrix(MatrixQuery(**{**RISKS.model_dump(), "measure": "quotes"}))),
        # the model only: Neo4jStore's own bookkeeping (the (:Generation) token, `_sort` keys) is not the model
        "node_properties": {(r["label"], r["key"]): r["n"] for r in nodes
                            if r["label"] in NODE_LABELS and not (r["key"] or "").startswith("_")},
        "relationships": {(r["from"], r["type"], r["to"]): r["n"] for r in rels},
    }


def compare_facts(reference: dict, other: dict) -> list[str]:
    """Where `other` differs from `reference`, in words (empty: the same graph)."""
    differences = []
    for part in ("stats", "matrix_experts", "matrix_quotes", "node_properties", "relationships"):
        a, b = reference[part], other[part]
        if a != b:
            keys = sorted(set(a) | set(b), key=str)
            diff = [f"{k}: {a.get(k)} vs {b.get(k)}" for k in keys if a.get(k) != b.get(k)]
            differences.append(f"{part}: " + "; ".join(diff[:6]) + (" ..." if len(diff) > 6 else ""))
    return differences


def slug_matches_cypher() -> bool:
    """The baselines' Cypher slug equals graph.naming.slug for every generated code name."""
    return all(slug(n) == n.lower().replace(" ", "-") and name_key(n) == n.lower()
               for theme, _, subs in CODEBOOK for n in (theme, *subs))
