"""Shaping a matrix from the counts a store aggregates.

Stores count by raw row value and by code uid; this module merges rows whose names differ
only in spelling and columns that name the same code in several studies. The merges are
sums because every expert (and so every quote) falls in exactly one row and one study.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.errors import BadInput
from graph.model import Category
from graph.naming import name_key
from graph.results import Matrix, MatrixColumn, MatrixQuery
from graph.tabular import to_csv

__all__ = [
    "NOT_RECORDED", "MAX_ROWS", "MAX_CELLS", "ColumnFacts", "MatrixCounts", "assemble_matrix", "matrix_csv", "check_row_attribute", "band",
]

NOT_RECORDED = "(not recorded)"
# Past these a matrix is no longer read but scrolled (and was tens of MB with its links).
MAX_ROWS = 2_000
MAX_CELLS = 200_000


@dataclass(frozen=True)
class ColumnFacts:
    uid: str
    name: str
    theme: str | None
    category: Category
    theme_order: int
    order: int


@dataclass
class MatrixCounts:
    """What a store aggregates for one MatrixQuery; row values are raw (None: not recorded)."""

    population: dict[str | None, int]
    row_labels: dict[str | None, str | None]
    columns: list[ColumnFacts]
    cells: dict[tuple[str | None, str], int]
    row_totals: dict[str | None, int]
    col_totals: dict[str, int]
    n_quotes: int


def check_row_attribute(rows: str, known: list[str], where: str = "rows") -> None:
    """BadInput unless `rows` is 'profession' or an attribute some expert in scope has."""
    if rows != "profession" and rows not in known:
        listed = ", ".join(["profession", *known])
        raise BadInput(f"unknown attribute {rows!r}; the experts have: {listed}", where)


def band(value: str, width: int) -> tuple[str, tuple[int, int] | None]:
    """The band a numeric value falls in, as a label and its bounds ('10-19', (10, 19));
    a value that is not a number stays as it is, with no bounds."""
    try:
        number = float(value)
    except ValueError:
        return value, None
    low = int(number // width) * width
    high = low + width - 1
    return (f"{low}-{high}" if width > 1 else str(low)), (low, high)


def _row_filter(query: MatrixQuery, label: str, bounds: tuple[int, int] | None) -> dict[str, str]:
    """The /v1/quotes filter that selects the experts of one row."""
    if query.rows == "profession":
        return {"profession": label}
    if bounds is not None:
        return {"attr": f"{query.rows}:{bounds[0]}..{bounds[1]}"}
    return {"attr": f"{query.rows}:{label}"}


def assemble_matrix(query: MatrixQuery, counts: MatrixCounts) -> Matrix:
    """The Matrix answer: rows by size then name, columns in codebook order, zeros filled.
    The store has checked the row attribute (`check_row_attribute`)."""

    row_groups: dict[str, list[str | None]] = defaultdict(list)
    row_label: dict[str, str] = {}
    row_filter: dict[str, dict[str, str] | None] = {}
    for raw in sorted(counts.population, key=lambda r: counts.row_labels.get(r) or ""):
        label, bounds = counts.row_labels.get(raw), None
        if label is not None and query.bin:
            label, bounds = band(label, query.bin)
        key = name_key(label or NOT_RECORDED)
        row_groups[key].append(raw)
        row_label.setdefault(key, label or NOT_RECORDED)
        row_filter.setdefault(key, _row_filter(query, label, bounds) if label is not None else None)
    if len(row_groups) > MAX_ROWS or len(row_groups) * len({(c.theme, c.name) for c in counts.columns}) > MAX_CELLS:
        raise BadInput(f"the matrix would have {len(row_groups):,} rows by {len(counts.columns):,} columns (at most "
                       f"{MAX_ROWS:,} rows and {MAX_CELLS:,} cells); group a numeric attribute with --bin N "
                       "(bin=N over HTTP), or narrow it to a category or a study", "rows")
    size = {k: sum(counts.population[r] for r in raws) for k, raws in row_groups.items()}
    row_keys = sorted(row_groups, key=lambda k: (-size[k], k))

    col_groups: dict[tuple[str, str], list[ColumnFacts]] = defaultdict(list)
    for col in sorted(counts.columns, key=lambda c: c.uid):
        col_groups[(name_key(col.theme or ""), name_key(col.name))].append(col)
    col_keys = sorted(
        col_groups,
        key=lambda k: (min((c.theme_order, c.order) for c in col_groups[k]), k),
    )

    cells = [
        [
            sum(counts.cells.get((raw, col.uid), 0) for raw in row_groups[rk] for col in col_groups[ck])
            for ck in col_keys
        ]
        for rk in row_keys
    ]
    col_info = [
        MatrixColumn(
            name=col_groups[k][0].name,
            theme=col_groups[k][0].theme,
            category=col_groups[k][0].category,
            uids=[c.uid for c in col_groups[k]],
        )
        for k in col_keys
    ]
    row_filters = [row_filter[k] for k in row_keys]
    return Matrix(
        rows=[row_label[k] for k in row_keys],
        cols=[col_groups[k][0].name for k in col_keys],
        measure=query.measure,
        cells=cells,
        row_totals=[sum(counts.row_totals.get(r, 0) for r in row_groups[k]) for k in row_keys],
        col_totals=[sum(counts.col_totals.get(c.uid, 0) for c in col_groups[k]) for k in col_keys],
        n_experts=sum(size.values()),
        n_quotes=counts.n_quotes,
        row_sizes=[size[k] for k in row_keys],
        col_info=col_info,
        study=query.study,
        row_filters=row_filters,
    )


def matrix_csv(matrix: Matrix) -> str:
    """The matrix as CSV: a header of columns and 'total', one line per row, a totals line."""
    rows = [[label, *cells, total, size]
            for label, cells, total, size in zip(matrix.rows, matrix.cells, matrix.row_totals, matrix.row_sizes)]
    rows.append(["total", *matrix.col_totals, "", matrix.n_experts])
    return to_csv([matrix.measure, *matrix.cols, "total", "of"], rows)
