"""The quotes behind a matrix column, read through `GraphStore.quotes`, and the figures built
from a matrix answer plus those quotes. Counts always come from the matrix; the quotes only
name the evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.briefs.model import Count, EvidenceTable
from graph.briefs.quotes_pick import profession_key
from graph.naming import name_key
from graph.quotes import QuoteItem, QuoteQuery, all_quotes
from graph.results import Matrix, MatrixQuery
from graph.store import GraphStore

__all__ = ["ColumnQuotes", "column_quotes", "count", "evidence_table"]

ColumnQuotes = dict[str, list[QuoteItem]]
"""One column's quotes, by matrix row key (name_key of the row label)."""


def column_quotes(store: GraphStore, study: str, uids: Iterable[str], level: str) -> ColumnQuotes:
    """The quotes coded to any of `uids` (sub-themes or themes, as `level` says) or below, by row."""
    grouped: ColumnQuotes = defaultdict(list)
    seen: set[str] = set()
    for uid in uids:
        query = QuoteQuery(study=study, subtheme=uid) if level == "subtheme" else QuoteQuery(study=study, theme=uid)
        for quote in all_quotes(store, query):
            if quote.uid not in seen:
                seen.add(quote.uid)
                grouped[profession_key(quote)].append(quote)
    return dict(grouped)


def count(label: str, n: int, of: int | None, quotes: Iterable[QuoteItem]) -> Count:
    """A figure: `n` and `of` as the matrix gave them, evidence as the quotes' and experts' uids."""
    quotes = list(quotes)
    return Count(label=label, n=n, of=of, quotes=sorted({q.uid for q in quotes}),
                 experts=sorted({q.expert for q in quotes}))


def _flat(column: ColumnQuotes) -> list[QuoteItem]:
    return [q for quotes in column.values() for q in quotes]


def evidence_table(title: str, query: MatrixQuery, m: Matrix, columns: list[ColumnQuotes]) -> EvidenceTable:
    """The matrix with each cell, row total and column total as a Count naming its quotes."""
    keys = [name_key(row) for row in m.rows]
    cells = [
        [count(row, m.cells[i][j], m.row_sizes[i], columns[j].get(keys[i], [])) for j in range(len(m.cols))]
        for i, row in enumerate(m.rows)
    ]
    row_totals = [
        count(row, m.row_totals[i], m.row_sizes[i], [q for col in columns for q in col.get(keys[i], [])])
        for i, row in enumerate(m.rows)
    ]
    col_totals = [count("all experts", m.col_totals[j], m.n_experts, _flat(columns[j])) for j in range(len(m.cols))]
    return EvidenceTable(
        title=title, query=query, rows=m.rows, row_sizes=m.row_sizes, cols=m.cols,
        col_categories=[c.category for c in m.col_info], cells=cells, row_totals=row_totals,
        col_totals=col_totals, n_experts=m.n_experts, level=query.cols,
        col_themes=[c.theme for c in m.col_info],
    )
