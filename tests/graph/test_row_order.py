"""Rows and names in the order a reader looks for them: numbers inside names by value (P2 before
P10) and numeric bands in band order (0-9, 10-19, 30-39), whatever their sizes."""

from __future__ import annotations

from graph.matrix import ColumnFacts, MatrixCounts, assemble_matrix
from graph.naming import natural_key, natural_order
from graph.results import MatrixQuery

COLUMN = ColumnFacts(uid="s:theme:t", name="T", theme=None, category="other", theme_order=0, order=0)


def _counts(population: dict[str | None, int]) -> MatrixCounts:
    return MatrixCounts(population=population, row_labels={r: r for r in population}, columns=[COLUMN],
                        cells={(r, COLUMN.uid): 1 for r in population if r}, row_totals={}, col_totals={},
                        n_quotes=len(population))


def test_names_sort_with_their_numbers_by_value() -> None:
    names = ["P10", "P1", "P2", "P11", "p3", "Interview 100", "Interview 20"]
    assert sorted(names, key=natural_key) == ["Interview 20", "Interview 100", "P1", "P2", "P10", "P11", "p3"]
    assert sorted(["P01", "P1", "P001"], key=natural_order) == ["P001", "P01", "P1"]  # alike keys: by name, stably


def test_bands_keep_band_order_and_other_values_size_order() -> None:
    # ages: 30-39 is the biggest band, then 10-19; 0-9 the smallest; one expert without an age
    ages = {"35": 3, "31": 2, "12": 2, "4": 1, None: 1}
    m = assemble_matrix(MatrixQuery(rows="age", bin=10), _counts(ages))
    assert m.rows == ["0-9", "10-19", "30-39", "(not recorded)"]
    assert m.row_sizes == [1, 2, 5, 1]
    assert m.row_filters[2] == {"attr": "age:30..39"} and m.row_filters[3] is None
    plain = assemble_matrix(MatrixQuery(rows="province"), _counts({"Hunan": 1, "Anhui": 4, "Jilin": 2}))
    assert plain.rows == ["Anhui", "Jilin", "Hunan"]  # not banded: the biggest first


def test_expert_rows_sort_naturally_not_by_size() -> None:
    m = assemble_matrix(MatrixQuery(rows="expert"),
                        MatrixCounts(population={"s:P10": 1, "s:P2": 1, "s:P1": 1},
                                     row_labels={"s:P10": "P10", "s:P2": "P2", "s:P1": "P1"}, columns=[COLUMN],
                                     cells={}, row_totals={}, col_totals={}, n_quotes=0))
    assert m.rows == ["P1", "P2", "P10"] and m.row_filters == [{"expert": "s:P1"}, {"expert": "s:P2"},
                                                               {"expert": "s:P10"}]
