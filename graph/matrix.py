"""Shaping a matrix from the counts a store aggregates.

Stores count by raw row value and by code uid; this module merges rows whose names differ
only in spelling and columns that name the same code in several studies. The merges are
sums because every expert (and so every quote) falls in exactly one row and one study.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.errors import BadInput
from graph.levels import LevelShape, level_used
from graph.model import Category
from graph.naming import is_theme_uid, name_key, natural_key
from graph.results import MATRIX_ROWS, Matrix, MatrixColumn, MatrixQuery
from graph.tabular import to_csv

__all__ = [
    "NOT_RECORDED", "MAX_ROWS", "MAX_CELLS", "ColumnFacts", "MatrixCounts", "assemble_matrix", "matrix_csv",
    "check_row_attribute", "check_matrix_rows", "band",
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
    shape: LevelShape = LevelShape()  # what the sub-theme level rolls up or leaves out (graph.levels)


def check_row_attribute(rows: str, known: list[str], where: str = "rows",
                        builtin: tuple[str, ...] = ("profession",)) -> None:
    """BadInput unless `rows` is one of `builtin` ('profession'; the matrix also takes 'expert'
    and 'study') or an attribute some expert in scope has."""
    if rows not in builtin and rows not in known:
        listed = ", ".join([*builtin, *known])
        raise BadInput(f"unknown attribute {rows!r}; the experts have: {listed}", where)


def check_matrix_rows(rows: str, known: list[str]) -> None:
    """`check_row_attribute` for matrix rows, which may also be 'expert' or 'study'."""
    check_row_attribute(rows, known, builtin=MATRIX_ROWS)


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


def _row_filter(query: MatrixQuery, raw: str, label: str, bounds: tuple[int, int] | None) -> dict[str, str]:
    """The /v1/quotes filter that selects the experts of one row."""
    if query.rows == "profession":
        return {"profession": label}
    if query.rows in ("expert", "study"):
        return {query.rows: raw}
    if bounds is not None:
        return {"attr": f"{query.rows}:{bounds[0]}..{bounds[1]}"}
    return {"attr": f"{query.rows}:{label}"}


def _row_key(query: MatrixQuery, raw: str | None, label: str | None) -> str:
    """What merges rows: an expert or a study by its uid, any other value by its spelled name."""
    if query.rows in ("expert", "study") and raw is not None:
        return raw
    return name_key(label or NOT_RECORDED)


def assemble_matrix(query: MatrixQuery, counts: MatrixCounts) -> Matrix:
    """The Matrix answer, zeros filled, columns in codebook order and rows in the order a reader
    looks for them: experts and studies by name (P2 before P10), bands by value, any other
    value by size then name; experts without the value last among equals.
    The store has checked the row attribute (`check_matrix_rows`)."""

    row_groups: dict[str, list[str | None]] = defaultdict(list)
    row_label: dict[str, str] = {}
    row_filter: dict[str, dict[str, str] | None] = {}
    row_band: dict[str, tuple[int, int] | None] = {}
    for raw in sorted(counts.population, key=lambda r: (counts.row_labels.get(r) or "", r or "")):
        label, bounds = counts.row_labels.get(raw), None
        if label is not None and query.bin:
            label, bounds = band(label, query.bin)
        key = _row_key(query, raw, label)
        row_groups[key].append(raw)
        row_label.setdefault(key, label or NOT_RECORDED)
        row_band.setdefault(key, bounds)
        row_filter.setdefault(key, _row_filter(query, raw, label, bounds) if raw is not None and label is not None
                              else None)
    if len(row_groups) > MAX_ROWS or len(row_groups) * len({(c.theme, c.name) for c in counts.columns}) > MAX_CELLS:
        raise BadInput(f"the matrix would have {len(row_groups):,} rows by {len(counts.columns):,} columns (at most "
                       f"{MAX_ROWS:,} rows and {MAX_CELLS:,} cells); group a numeric attribute with --bin N "
                       "(bin=N over HTTP), or narrow the columns to a category or a theme (--category, --theme)",
                       "rows")
    size = {k: sum(counts.population[r] for r in raws) for k, raws in row_groups.items()}

    def order(k: str) -> tuple:
        if query.rows in ("expert", "study"):
            return (natural_key(row_label[k]), k)
        named = natural_key(k)
        if query.bin:
            bounds = row_band[k]
            return (bounds is None, row_label[k] == NOT_RECORDED, bounds or (0, 0), named, k)
        return (-size[k], named, k)

    row_keys = sorted(row_groups, key=order)

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
            kind="theme" if is_theme_uid(col_groups[k][0].uid) else "subtheme",
        )
        for k in col_keys
    ]
    level, note = level_used(query.cols, [(c.uid, c.name) for c in counts.columns], counts.shape)
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
        studies=list(query.scope() or ()) if query.rows == "study" else [],
        level=level,
        level_note=note,
        row_filters=row_filters,
    )


def matrix_table(matrix: Matrix) -> tuple[list[str], list[list[object]]]:
    """The matrix as a table: a header of columns and 'total', one line per row, a totals line."""
    rows: list[list[object]] = [
        [label, *cells, total, size]
        for label, cells, total, size in zip(matrix.rows, matrix.cells, matrix.row_totals, matrix.row_sizes)]
    rows.append(["total", *matrix.col_totals, "", matrix.n_experts])
    return [matrix.measure, *matrix.cols, "total", "of"], rows


def matrix_csv(matrix: Matrix) -> str:
    """The matrix as CSV (`matrix_table`)."""
    return to_csv(*matrix_table(matrix))
