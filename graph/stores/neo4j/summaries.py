"""Per-study summaries kept in the graph, so that the first read after a load does not recount.

A `(:Summary {study})` node holds, as JSON, the study's code counts (the theme tree's figures:
distinct experts and quotes at every code, its branch counted in) and its matrices at both code
levels, rows by profession and by each expert attribute, with the row totals over every column
and over each category's columns. The write that makes a study's records visible computes them
in the same transaction (a load in one transaction at its end, a staged load in its flip), so
readers see the records and their summary change together; a staged load still hidden, or
undone, leaves the summary as it was, and deleting a study deletes its summary with it. When a
load writes several files into one study, the earlier files' writes drop the summary and the
last one counts it. A study without one (stored by an older version, or between those writes)
is counted when read.
"""

from __future__ import annotations

import json

from neo4j import ManagedTransaction

from graph.naming import is_theme_uid
from graph.stores.neo4j import cypher as cy
from graph.stores.neo4j import reads_cypher as ex
from graph.stores.neo4j.reads import records
from graph.stores.neo4j.visibility import ViewTx, plain

__all__ = ["save", "drop", "code_counts", "code_breakdown", "matrix_counts", "quote_total"]

LEVEL_COLUMNS = {"theme": cy.MATRIX_THEME_COLUMNS, "subtheme": cy.MATRIX_SUBTHEME_COLUMNS}
SUMMARISED_ROWS = "profession"  # and the expert attributes; not 'expert' (a row each) or 'study' (one row)
MAX_VALUES = 200  # an attribute with more values than this (an id, a date) is counted when asked


def _rows(tx: ManagedTransaction, query: str, **params: object) -> list[dict]:
    return [r.data() for r in tx.run(plain(query), params)]


def save(tx: ManagedTransaction, study: str) -> None:
    """Count `study` as `tx` sees it, and keep the counts as its summary."""
    scope = {"studies": [study], "category": None, "theme": None}
    attributes = _rows(tx, cy.ATTRIBUTE_VALUES, study=study)
    row_kinds = list(dict.fromkeys([SUMMARISED_ROWS, *sorted(
        r["name"] for r in attributes if r["n"] <= MAX_VALUES and r["name"] not in ("expert", "study"))]))
    matrices: dict[str, dict[str, list[dict]]] = {}
    for level, columns in LEVEL_COLUMNS.items():
        categories = {r["uid"]: r["category"] for r in _rows(tx, columns, **scope)}
        matrices[level] = {kind: [] for kind in row_kinds}
        for r in _rows(tx, cy.MATRIX_COUNTS_BY_ROWS, studies=[study], row_kinds=row_kinds, categories=categories,
                       theme_uids=[u for u in categories if is_theme_uid(u)],
                       subtheme_uids=[u for u in categories if not is_theme_uid(u)]):
            matrices[level][r.pop("rows")].append(r)
    tx.run(cy.SAVE_SUMMARY, study=study, code_counts=json.dumps(_rows(tx, cy.CODE_COUNTS, study=study), ensure_ascii=False),
           matrix_counts=json.dumps(matrices, ensure_ascii=False)).consume()


def drop(tx: ManagedTransaction, study: str) -> None:
    """Forget `study`'s summary: a write whose load writes more into the study leaves it to the last."""
    tx.run(cy.DROP_SUMMARY, study=study).consume()


def _kept_matrices(tx: ViewTx, study: str, rows: str) -> dict[str, list[dict] | None]:
    """The summary's matrix rows of `study` at each level, rows by `rows`; None where it has none."""
    found = records(tx, cy.SUMMARY_MATRICES, study=study)
    kept = json.loads(found[0]["counts"]) if found and found[0]["counts"] is not None else {}
    return {level: kept.get(level, {}).get(rows) for level in LEVEL_COLUMNS}


def _kept_matrix(tx: ViewTx, study: str, level: str, rows: str) -> list[dict] | None:
    return _kept_matrices(tx, study, rows)[level]


def matrix_counts(tx: ViewTx, study: str, level: str, rows: str, category: str | None,
                  columns: set[str]) -> list[dict] | None:
    """cy.MATRIX_COUNTS's rows for `study` at `level`, rows by `rows`, for `columns` (the level's
    columns, or those of `category`), from the study's summary; None where it has none for them."""
    kept = _kept_matrix(tx, study, level, rows)
    if kept is None:
        return None
    return [{"raw": r["raw"], "col": r["col"], "experts": r["experts"], "quotes": r["quotes"]} for r in kept
            if (r["col"] in columns if r["col"] is not None else r["category"] == category)]


def quote_total(tx: ViewTx, filters: frozenset[str], params: dict) -> int | None:
    """How many quotes pass `filters` (graph.stores.neo4j.reads_cypher.QUOTE_FILTERS, values in
    `params`) when they are one study's category, perhaps with a profession, from the study's
    summary: the theme-level row totals of the category, each quote in one row. None otherwise."""
    if not {"study", "category"} <= filters <= {"study", "category", "profession"}:
        return None
    rows = _kept_matrix(tx, params["study"], "theme", SUMMARISED_ROWS)
    if rows is None:
        return None
    return sum(r["quotes"] for r in rows if r["col"] is None and r["category"] == params["category"]
               and ("profession" not in filters or r["raw"] == params["profession"]))


def code_breakdown(tx: ViewTx, study: str, rows: str) -> list[tuple] | None:
    """cy.CODE_BREAKDOWN's rows for `study` by `rows`, as (uid, raw, label, experts, quotes), from
    the study's summary: the cells of its matrices at both levels are those counts for every code
    of a codebook two levels deep. None where it cannot answer (no summary, `rows` not kept,
    codes below the sub-themes)."""
    levels = _kept_matrices(tx, study, rows)
    if any(kept is None for kept in levels.values()):
        return None
    if records(tx, cy.CODES_BELOW_SUBTHEMES, studies=[study], category=None, theme=None)[0]["n"]:
        return None
    labels = {r["raw"]: r["label"] for r in records(tx, cy.MATRIX_POPULATION, studies=[study], rows=rows)}
    # a theme without sub-themes is a column at both levels, with the same counts
    cells = {(r["col"], r["raw"]): (r["experts"], r["quotes"])
             for kept in levels.values() for r in kept or () if r["col"] is not None}
    return [(uid, raw, labels.get(raw, raw), experts, quotes) for (uid, raw), (experts, quotes) in cells.items()]


def code_counts(tx: ViewTx, study: str | None) -> list[dict]:
    """cy.CODE_COUNTS's rows for `study` (every study: None), from the summaries where each
    study has one, else counted."""
    studies = [study] if study else [r["uid"] for r in records(tx, ex.STUDY_UIDS)]
    kept = {r["study"]: r["code_counts"] for r in records(tx, cy.SUMMARY_CODE_COUNTS, studies=studies)}
    if set(kept) != set(studies):
        return records(tx, cy.CODE_COUNTS, study=study)
    return [row for one in studies for row in json.loads(kept[one])]
