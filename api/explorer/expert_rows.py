"""The matrix with one row per expert, which the store's matrix reads do not count (they group
experts by profession or an attribute): the columns, their totals and the population come from
the store's matrix by profession, the cells from one pass over the study's quotes."""

from __future__ import annotations

from graph.errors import BadInput
from graph.quotes import QuoteQuery, all_quotes
from graph.results import Matrix, MatrixQuery
from graph.store import GraphStore
from graph.views.reads import CodeIndex

__all__ = ["EXPERT_ROWS_UP_TO", "matrix_by_expert"]

EXPERT_ROWS_UP_TO = 300  # past this a row per expert is no longer a table a person reads


def matrix_by_expert(store: GraphStore, query: MatrixQuery, index: CodeIndex, experts: dict[str, str]) -> Matrix:
    """`query` (its rows 'expert') for the study's experts (uid -> pseudonym): a cell counts the
    expert (measure experts: 0 or 1) or the expert's distinct quotes coded to the column or below it."""
    if len(experts) > EXPERT_ROWS_UP_TO:
        raise BadInput(f"a row per expert would make {len(experts):,} rows (at most {EXPERT_ROWS_UP_TO}); "
                       "choose profession or an attribute as the rows", "rows")
    base = store.matrix(query.model_copy(update={"rows": "profession", "bin": None}))
    column = {uid: j for j, col in enumerate(base.col_info) for uid in col.uids}
    seen: dict[str, list[set[str]]] = {uid: [set() for _ in base.cols] for uid in experts}
    anywhere: dict[str, set[str]] = {uid: set() for uid in experts}
    for q in all_quotes(store, QuoteQuery(study=query.study, category=query.category)):
        hit = {column[u] for c in q.codes for u in index.chain(c.uid) if u in column}
        for j in hit:
            seen[q.expert][j].add(q.uid)
        if hit:
            anywhere[q.expert].add(q.uid)
    order = sorted(experts, key=lambda uid: (experts[uid].casefold(), uid))
    if query.measure == "experts":
        cells = [[min(len(s), 1) for s in seen[uid]] for uid in order]
        totals = [min(len(anywhere[uid]), 1) for uid in order]
    else:
        cells = [[len(s) for s in seen[uid]] for uid in order]
        totals = [len(anywhere[uid]) for uid in order]
    return base.model_copy(update={
        "rows": [experts[uid] for uid in order], "cells": cells, "row_totals": totals,
        "row_sizes": [1] * len(order), "row_filters": [{"expert": uid} for uid in order]})
