"""Per-study summaries kept in the graph, so that the first read after a load does not recount.

A `(:Summary {study})` node holds the study's code counts: the theme tree's figures (distinct
experts and quotes at every code, its branch counted in), as JSON. The write that makes a
study's records visible computes them in the same transaction (a load in one transaction at
its end, a staged load in its flip), so readers see the records and their summary change
together; a staged load still hidden, or undone, leaves the summary as it was, and deleting a
study deletes its summary with it. A study without one (stored by an older version) is
counted in full.
"""

from __future__ import annotations

import json

from neo4j import ManagedTransaction

from graph.stores.neo4j import cypher as cy
from graph.stores.neo4j import reads_cypher as ex
from graph.stores.neo4j.reads import records
from graph.stores.neo4j.visibility import ViewTx, plain

__all__ = ["save", "code_counts"]

SAVE = "MERGE (s:Summary {study: $study}) SET s.code_counts = $code_counts"
READ = "MATCH (s:Summary) WHERE s.study IN $studies⟦AND s⟧ RETURN s.study AS study, s.code_counts AS code_counts"


def save(tx: ManagedTransaction, study: str) -> None:
    """Count `study` as `tx` sees it, and keep the counts as its summary."""
    rows = [r.data() for r in tx.run(plain(cy.CODE_COUNTS), study=study)]
    tx.run(SAVE, study=study, code_counts=json.dumps(rows, ensure_ascii=False)).consume()


def code_counts(tx: ViewTx, study: str | None) -> list[dict]:
    """cy.CODE_COUNTS's rows for `study` (every study: None), from the summaries where each
    study has one, else counted."""
    studies = [study] if study else [r["uid"] for r in records(tx, ex.STUDY_UIDS)]
    kept = {r["study"]: r["code_counts"] for r in records(tx, READ, studies=studies)}
    if set(kept) != set(studies):
        return records(tx, cy.CODE_COUNTS, study=study)
    return [row for one in studies for row in json.loads(kept[one])]
